"""Source records as JSON: what the lookup cache stores and the routers shape."""

from __future__ import annotations

from typing import Any

from leadsmith.sources.records import (
    CompanyRecord,
    EmailCandidate,
    PersonRecord,
    PhoneRecord,
    Provenance,
)


def provenance_json(items: list[Provenance]) -> list[dict[str, Any]]:
    """Provenance as JSON, one entry per (source, url)."""
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for p in items:
        seen.setdefault(
            (p.source, p.url),
            {"source": p.source, "url": p.url, "seen_at": p.seen_at.isoformat()},
        )
    return list(seen.values())


def email_json(c: EmailCandidate) -> dict[str, Any]:
    return {
        "email": c.email,
        "evidence": c.evidence,
        "confidence": c.confidence,
        "verified": c.verified,
        "verdict": c.verdict,
        "provenance": provenance_json(c.provenance),
    }


def phone_json(p: PhoneRecord) -> dict[str, Any]:
    return {
        "phone": p.e164,
        "type": p.type,
        "country": p.country,
        "provenance": provenance_json(p.provenance),
    }


def company_json(c: CompanyRecord | None) -> dict[str, Any] | None:
    if c is None:
        return None
    location = ", ".join(x for x in (c.city, c.region, c.country) if x) or None
    return {
        "name": c.name,
        "domain": c.domain,
        "industry": c.industry,
        "headcount": c.employees,
        "website": c.website or (f"https://{c.domain}" if c.domain else None),
        "technologies": list(c.technologies),
        "location": location,
        "country": c.country,
        "city": c.city,
        "linkedin_url": c.linkedin_url,
        "description": c.description,
        "phone": c.phone,
        "status": c.status,
        "provenance": provenance_json(c.provenance),
    }


def person_json(p: PersonRecord) -> dict[str, Any]:
    location = ", ".join(x for x in (p.city, p.region, p.country) if x) or None
    return {
        "full_name": p.name,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "job_title": p.title,
        "department": p.department,
        "management_level": p.seniority,
        "seniority": p.seniority,
        "email": p.email,
        "phone": p.phone,
        "phone_type": p.phone_type,
        "linkedin_url": p.linkedin_url,
        "location": location,
        "country": p.country,
        "region": p.region,
        "city": p.city,
        "skills": list(p.skills),
        "provenance": provenance_json(p.provenance),
    }
