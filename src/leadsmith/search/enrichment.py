"""Live search results through the email finder and verifier (and the phone finder).

A person a live run is about to save without a verified address is looked up with the
workspace's lookups (`leadsmith.enrich.service.open_lookups`): an address already on the
person's record is verified; otherwise the finder (the workspace index, permutations
checked over SMTP, the company's website, providers) looks for one, verified. A run's
results are billed by the plan's lead-result quota when saved, so these lookups are
never charged as credits and never `settle`d: their answers are not written to the
workspace's lookup cache, which is also what makes a later paid look-up free.

The work is bounded: a few people at a time, a time limit per person and a time budget
per run; a person whose lookups fail or run out of time is saved without an address,
with the reason recorded.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from leadsmith.db.engine import read_scope
from leadsmith.emails.service import cached_result
from leadsmith.enrich.records_json import provenance_json
from leadsmith.enrich.service import Lookups
from leadsmith.search.dedupe import normalise_email
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.records import PersonRecord, Provenance

log = logging.getLogger(__name__)

# People looked up at once in one run: each may hold SMTP sessions and a site crawl.
CONCURRENCY = 4
# Seconds one person's lookups may take before they are given up.
PERSON_TIMEOUT = 45.0
# Seconds after a run's start past which its people are saved without lookups.
RUN_BUDGET = 900.0
# Confidence of an address read off a person's record that the verifier then checked.
RECORD_CONFIDENCE = {"valid": 90, "risky": 50, "unknown": 40}
USABLE_VERDICTS = frozenset({"valid", "risky"})


@dataclass(slots=True)
class Enrichment:
    """What the lookups did for one person: the outcome, why, and the evidence found."""

    # enriched: an address with a usable verdict (valid, or risky on a catch-all domain);
    # unverified: an address without one; not_found, failed (the reason says why), skipped.
    status: str = "skipped"
    reason: str | None = None
    email: dict[str, Any] | None = None  # evidence, confidence, verdict, sources, provenance
    phone: dict[str, Any] | None = None  # type, sources' provenance

    @property
    def verdict(self) -> str | None:
        return None if self.email is None else self.email.get("verdict")

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason}


@dataclass(slots=True)
class _Budget:
    """Wall-clock end of the run's lookups (monotonic), shared by its people."""

    ends_at: float

    def left(self) -> float:
        return self.ends_at - time.monotonic()


def needs_lookup(person: PersonRecord, cached_verdict: str | None) -> bool:
    """A person without an address, or whose address has no usable verdict yet."""
    return not person.email or cached_verdict not in USABLE_VERDICTS


async def cached_verdicts(workspace_id: str, emails: Sequence[str]) -> dict[str, str]:
    """Verdicts the workspace already holds for these addresses (unexpired)."""
    out: dict[str, str] = {}
    async with read_scope() as session:
        for email in dict.fromkeys(emails):
            found = await cached_result(session, workspace_id, email)
            if found is not None:
                out[email] = found.status
    return out


async def enrich_people(
    lookups: Lookups,
    people: Sequence[PersonRecord],
    *,
    seconds_left: float,
    verdicts: dict[str, str] | None = None,
) -> list[Enrichment]:
    """Look up every person (in order) within `seconds_left`; never raises for one person."""
    verdicts = verdicts or {}
    budget = _Budget(time.monotonic() + max(0.0, seconds_left))
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(person: PersonRecord) -> Enrichment:
        email = normalise_email(person.email)
        known = verdicts.get(email) if email else None
        if not needs_lookup(person, known):
            return _from_record(person, str(known))
        async with gate:
            limit = min(PERSON_TIMEOUT, budget.left())
            if limit <= 0:
                return Enrichment("skipped", f"the run's lookup time ({RUN_BUDGET:g} s) was spent")
            try:
                async with asyncio.timeout(limit):
                    return await enrich_person(lookups, person, known)
            except TimeoutError:
                return Enrichment("failed", f"lookups gave no answer within {limit:.3g} s")
            except Exception as exc:  # one person's failure never fails the run
                log.warning("search enrichment of %s failed", person.name, exc_info=True)
                return Enrichment("failed", f"{type(exc).__name__}: {exc}")

    return list(await asyncio.gather(*(one(p) for p in people)))


def _from_record(person: PersonRecord, verdict: str) -> Enrichment:
    """The person's own address with the verdict the workspace already has for it."""
    return Enrichment(
        "enriched" if verdict in USABLE_VERDICTS else "unverified",
        "verdict from the workspace's verification cache",
        _record_email(person, verdict),
    )


def _record_email(person: PersonRecord, verdict: str | None) -> dict[str, Any]:
    return {
        "email": normalise_email(person.email),
        "evidence": "found",
        "confidence": RECORD_CONFIDENCE.get(verdict or "", 30),
        "verified": verdict == "valid",
        "verdict": verdict,
        "sources": sorted({p.source for p in person.provenance}),
        "provenance": provenance_json(person.provenance),
    }


def _query(person: PersonRecord) -> PersonQuery:
    company = person.company
    return PersonQuery(
        first_name=person.first_name or None,
        last_name=person.last_name or None,
        domain=company.domain if company else None,
        company_name=company.name if company and company.name else None,
        linkedin_url=person.linkedin_url,
        job_title=person.title,
        country=person.country,
    )


async def enrich_person(
    lookups: Lookups, person: PersonRecord, known: str | None = None
) -> Enrichment:
    """Verify the person's address, or find one; then a phone. Updates `person` in place.

    An address on record that the verifier calls invalid is replaced by one the finder
    finds; when it finds none, the old address stays, shown with its invalid verdict.
    """
    email = normalise_email(person.email)
    verdict, reason = known, "verdict from the workspace's verification cache"
    if email and known != "invalid" and lookups.verifier is not None:
        [checked] = await lookups.verifier.verify_many([email])
        verdict, reason = checked.status, f"verifier: {checked.reason}"
    query = _query(person)
    if not email:
        outcome = await _find_email(lookups, person, query, None)
    elif verdict == "invalid":
        person.email = None
        outcome = await _find_email(
            lookups, person, query, f"address on record is invalid ({reason})"
        )
        if outcome.email is None:
            person.email = email
            outcome.email = _record_email(person, "invalid")
    elif lookups.verifier is None and verdict is None:
        outcome = Enrichment(
            "unverified",
            "no verifier (the smtp source is switched off)",
            _record_email(person, None),
        )
    else:
        person.email = email
        usable = verdict in USABLE_VERDICTS
        outcome = Enrichment(
            "enriched" if usable else "unverified",
            None if usable else reason,
            _record_email(person, verdict),
        )
    if not person.phone and (query.domain or query.linkedin_url):
        await _find_phone(lookups, person, query, outcome)
    return outcome


async def _find_email(
    lookups: Lookups, person: PersonRecord, query: PersonQuery, why: str | None
) -> Enrichment:
    if not (query.first_name and query.last_name):
        return Enrichment("not_found", "no first and last name to build an address from")
    if not (query.domain or query.company_name or query.linkedin_url):
        return Enrichment("not_found", "no company, domain or profile to look in")
    looked = await lookups.find_email(query)
    company = person.company
    # The finder resolved the company's name to a domain: keep it on the result.
    if company is not None and not company.domain and query.domain:
        company.domain = query.domain
        company.website = company.website or f"https://{query.domain}"
    answer = looked.result
    if not answer.get("found") or not answer.get("email"):
        tried = ", ".join(
            f"{a['source']}: {a['outcome']}"
            for a in answer.get("attempts", []) or []
            if a.get("outcome") != "unsupported"
        )
        reason = "no address found" + (f" ({tried})" if tried else "")
        if not query.domain and query.company_name:
            reason = f"no domain found for {query.company_name!r}; {reason}"
        return Enrichment("not_found", "; ".join(filter(None, [why, reason])))
    verdict = answer.get("verdict")
    person.email = str(answer["email"]).lower()
    person.provenance = [*person.provenance, *_provenance(answer.get("provenance"))]
    evidence = {
        "email": person.email,
        "evidence": answer.get("evidence"),
        "confidence": answer.get("confidence"),
        "verified": bool(answer.get("verified")),
        "verdict": verdict,
        "sources": list(answer.get("sources") or []),
        "provenance": list(answer.get("provenance") or []),
    }
    status = "enriched" if verdict in USABLE_VERDICTS else "unverified"
    return Enrichment(status, why, evidence)


async def _find_phone(
    lookups: Lookups, person: PersonRecord, query: PersonQuery, outcome: Enrichment
) -> None:
    answer = (await lookups.find_phone(query)).result
    if not answer.get("found") or not answer.get("phone"):
        return
    person.phone = str(answer["phone"])
    person.phone_type = answer.get("type")
    person.provenance = [*person.provenance, *_provenance(answer.get("provenance"))]
    outcome.phone = {
        "phone": person.phone,
        "type": person.phone_type,
        "provenance": list(answer.get("provenance") or []),
    }


def _provenance(items: Any) -> list[Provenance]:
    """Provenance entries from their JSON (the lookups' answers)."""
    out: list[Provenance] = []
    for item in items or []:
        if isinstance(item, dict) and item.get("source"):
            out.append(Provenance(str(item["source"]), item.get("url")))
    return out
