"""Plain records that sources return; every fact carries where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Evidence = Literal["found", "pattern", "guessed"]


def utcnow() -> datetime:
    """Timezone-aware now in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where one fact was seen: the source's name, the URL if any, and when."""

    source: str
    url: str | None = None
    seen_at: datetime = field(default_factory=utcnow)


@dataclass(slots=True)
class CompanyRecord:
    """A company as one source knows it."""

    name: str
    domain: str | None = None
    industry: str | None = None  # slug from leadsmith.taxonomy.INDUSTRIES
    employees: int | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    region: str | None = None
    city: str | None = None
    technologies: list[str] = field(default_factory=list)
    description: str | None = None
    linkedin_url: str | None = None
    website: str | None = None
    phone: str | None = None
    status: str | None = None  # "verified" when the company's domain answered
    catch_all: bool | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class PersonRecord:
    """A person as one source knows them."""

    first_name: str
    last_name: str
    full_name: str | None = None
    title: str | None = None
    seniority: str | None = None  # slug from leadsmith.taxonomy.SENIORITIES
    department: str | None = None  # slug from leadsmith.taxonomy.DEPARTMENTS
    email: str | None = None
    phone: str | None = None  # E.164
    phone_type: str | None = None  # "direct", "mobile", "office"
    linkedin_url: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    skills: list[str] = field(default_factory=list)
    company: CompanyRecord | None = None
    provenance: list[Provenance] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Display name."""
        return self.full_name or f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True)
class EmailCandidate:
    """An email address with its evidence and a 0-100 confidence."""

    email: str
    evidence: Evidence
    confidence: int
    provenance: list[Provenance] = field(default_factory=list)
    verified: bool = False
    verdict: str | None = None  # valid / invalid / risky / unknown once verified


@dataclass(slots=True)
class PhoneRecord:
    """A phone number normalised to E.164 with its type and country."""

    e164: str
    type: str = "unknown"  # direct, mobile, office, unknown
    country: str | None = None
    provenance: list[Provenance] = field(default_factory=list)
