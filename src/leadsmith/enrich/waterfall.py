"""The provider waterfall: ask sources in order, stop once the answer is confident.

Each source is asked in the workspace's order; a `SourceError` (down, out of quota,
unsupported) is recorded and the next source is asked. Answers from several sources
are merged: an address two sources agree on gains confidence, and every fact keeps
the provenance of each source that gave it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from leadsmith.sources.base import Capability, PersonQuery, Source, SourceError, Unsupported
from leadsmith.sources.records import (
    CompanyRecord,
    EmailCandidate,
    PersonRecord,
    PhoneRecord,
    Provenance,
)

log = logging.getLogger(__name__)
CONFIDENT = 90  # stop asking once the best answer is at least this sure
AGREEMENT_BONUS = 5  # per extra source that gives the same address
RECORD_CONFIDENCE = 80  # an address from a person's stored record, not re-verified
_T = TypeVar("_T")


@dataclass(slots=True)
class Attempt:
    """What one source did for one question."""

    source: str
    outcome: str  # "found" | "empty" | "error" | "unsupported"
    detail: str | None = None


@dataclass(slots=True)
class EmailAnswer:
    """The best address, the others, which sources agreed and what each source did."""

    best: EmailCandidate | None
    candidates: list[EmailCandidate]
    sources: list[str]  # sources that gave the best address
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(slots=True)
class PhoneAnswer:
    best: PhoneRecord | None
    phones: list[PhoneRecord]
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(slots=True)
class PersonAnswer:
    person: PersonRecord | None
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(slots=True)
class CompanyAnswer:
    company: CompanyRecord | None
    attempts: list[Attempt] = field(default_factory=list)


@dataclass(slots=True)
class DomainAnswer:
    candidates: list[tuple[str, int, str]]  # domain, confidence, source
    attempts: list[Attempt] = field(default_factory=list)


class Waterfall:
    """Sources in order (cheapest and most trusted first); see the module docstring."""

    def __init__(
        self,
        sources: Sequence[Source],
        *,
        local: Source | None = None,
        confident: int = CONFIDENT,
    ) -> None:
        # The workspace's own index answers first: it is free and already trusted.
        self.sources: list[Source] = ([local] if local is not None else []) + [
            s for s in sources if s is not local
        ]
        self.confident = confident

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sources]

    async def _ask(self, source: Source, call: Awaitable[_T], attempts: list[Attempt]) -> _T | None:
        try:
            return await call
        except Unsupported as exc:
            attempts.append(Attempt(source.name, "unsupported", str(exc)))
        except SourceError as exc:
            log.info("source %s failed: %s", source.name, exc)
            attempts.append(Attempt(source.name, "error", str(exc)))
        return None

    async def prefetch_people(self, queries: Sequence[PersonQuery]) -> None:
        """Let sources that read in bulk read ahead for many people (see `Source`)."""
        for source in self.sources:
            await source.prefetch_people(queries)

    async def find_email(self, query: PersonQuery) -> EmailAnswer:
        """Addresses for a person, merged across sources, best first."""
        attempts: list[Attempt] = []
        merged: dict[str, EmailCandidate] = {}
        givers: dict[str, list[str]] = {}
        for source in self.sources:
            found = await self._ask(source, _emails_of(source, query), attempts)
            if found is None:
                continue
            attempts.append(Attempt(source.name, "found" if found else "empty"))
            for cand in found:
                _merge_candidate(merged, givers, cand, source.name)
            best = _best(merged)
            if (
                best is not None
                and best.confidence >= self.confident
                and (best.verified or best.evidence == "found")
            ):
                break
        ordered = sorted(merged.values(), key=_rank, reverse=True)
        best = ordered[0] if ordered else None
        return EmailAnswer(best, ordered, givers.get(best.email, []) if best else [], attempts)

    async def find_phone(self, query: PersonQuery) -> PhoneAnswer:
        """Phones for a person; the first source that has one decides, direct lines first."""
        attempts: list[Attempt] = []
        phones: dict[str, PhoneRecord] = {}
        for source in self.sources:
            found = await self._ask(source, _phones_of(source, query), attempts)
            if found is None:
                continue
            attempts.append(Attempt(source.name, "found" if found else "empty"))
            for phone in found:
                known = phones.get(phone.e164)
                if known is None:
                    phones[phone.e164] = phone
                else:
                    known.provenance.extend(phone.provenance)
                    if known.type == "unknown":
                        known.type = phone.type
            if phones:
                break
        ordered = sorted(phones.values(), key=lambda p: _PHONE_RANK.get(p.type, 9))
        return PhoneAnswer(ordered[0] if ordered else None, ordered, attempts)

    async def enrich_person(self, query: PersonQuery) -> PersonAnswer:
        """The first source that knows the person; gaps filled from later sources."""
        attempts: list[Attempt] = []
        person: PersonRecord | None = None
        for source in self.sources:
            found = await self._ask(source, source.enrich_person(query), attempts)
            if found is None:
                if not any(a.source == source.name for a in attempts):
                    attempts.append(Attempt(source.name, "empty"))
                continue
            attempts.append(Attempt(source.name, "found"))
            person = found if person is None else _fill_person(person, found)
            if _person_complete(person):
                break
        return PersonAnswer(person, attempts)

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyAnswer:
        """The first source that knows the company; gaps filled from later sources."""
        attempts: list[Attempt] = []
        company: CompanyRecord | None = None
        for source in self.sources:
            found = await self._ask(
                source, source.enrich_company(domain=domain, name=name), attempts
            )
            if found is None:
                continue
            attempts.append(Attempt(source.name, "found"))
            company = found if company is None else _fill_company(company, found)
            if company.industry and company.employees and company.domain:
                break
        return CompanyAnswer(company, attempts)

    async def domain_for_company(self, name: str) -> DomainAnswer:
        """Candidate domains for a company name from every source that resolves names."""
        attempts: list[Attempt] = []
        scores: dict[str, tuple[int, str]] = {}
        for source in self.sources:
            found = await self._ask(source, source.domain_for_company(name), attempts)
            if found is None:
                continue
            attempts.append(Attempt(source.name, "found" if found else "empty"))
            for domain, confidence in found:
                if domain not in scores or scores[domain][0] < confidence:
                    scores[domain] = (confidence, source.name)
            if any(c >= self.confident for c, _ in scores.values()):
                break
        ranked = sorted(((d, c, s) for d, (c, s) in scores.items()), key=lambda t: -t[1])
        return DomainAnswer(ranked, attempts)


def _reads_records(source: Source, capability: Capability) -> bool:
    """A free source that knows people but has no finder (the workspace index)."""
    return (
        capability not in source.capabilities
        and Capability.ENRICH_PERSON in source.capabilities
        and source.cost == 0
    )


async def _emails_of(source: Source, query: PersonQuery) -> list[EmailCandidate]:
    if not _reads_records(source, Capability.FIND_EMAIL):
        return await source.find_email(query)
    person = await source.enrich_person(query)
    if person is None or not person.email:
        return []
    # An address on the person's own record, as imported or found before.
    return [
        EmailCandidate(
            person.email.lower(),
            "found",
            RECORD_CONFIDENCE,
            list(person.provenance) or [Provenance(source.name)],
        )
    ]


async def _phones_of(source: Source, query: PersonQuery) -> list[PhoneRecord]:
    if not _reads_records(source, Capability.FIND_PHONE):
        return await source.find_phone(query)
    person = await source.enrich_person(query)
    if person is None or not person.phone:
        return []
    return [
        PhoneRecord(
            person.phone,
            person.phone_type or "unknown",
            person.country,
            list(person.provenance) or [Provenance(source.name)],
        )
    ]


_PHONE_RANK = {"direct": 0, "mobile": 1, "office": 2, "unknown": 3}
_VERDICT_RANK = {"valid": 3, "risky": 1, "unknown": 1, None: 1, "invalid": 0}


def _rank(c: EmailCandidate) -> tuple[int, int, int]:
    return (_VERDICT_RANK.get(c.verdict, 1), c.confidence, int(c.evidence == "found"))


def _best(merged: dict[str, EmailCandidate]) -> EmailCandidate | None:
    return max(merged.values(), key=_rank, default=None)


def _merge_candidate(
    merged: dict[str, EmailCandidate],
    givers: dict[str, list[str]],
    cand: EmailCandidate,
    source: str,
) -> None:
    key = cand.email.strip().lower()
    if not cand.provenance:
        cand.provenance = [Provenance(source)]
    known = merged.get(key)
    if known is None:
        merged[key] = EmailCandidate(
            email=key,
            evidence=cand.evidence,
            confidence=cand.confidence,
            provenance=list(cand.provenance),
            verified=cand.verified,
            verdict=cand.verdict,
        )
        givers[key] = [source]
        return
    if source not in givers[key]:
        givers[key].append(source)
        known.confidence = min(100, max(known.confidence, cand.confidence) + AGREEMENT_BONUS)
    known.provenance.extend(cand.provenance)
    known.verified = known.verified or cand.verified
    if cand.evidence == "found":
        known.evidence = "found"
    if known.verdict in (None, "unknown") and cand.verdict:
        known.verdict = cand.verdict


def _person_complete(p: PersonRecord) -> bool:
    return bool(p.email and p.title and p.company is not None and p.linkedin_url)


def _fill_person(base: PersonRecord, more: PersonRecord) -> PersonRecord:
    for name in (
        "full_name",
        "title",
        "seniority",
        "department",
        "email",
        "phone",
        "phone_type",
        "linkedin_url",
        "country",
        "region",
        "city",
    ):
        if getattr(base, name) is None and getattr(more, name) is not None:
            setattr(base, name, getattr(more, name))
    if base.company is None:
        base.company = more.company
    elif more.company is not None:
        base.company = _fill_company(base.company, more.company)
    base.provenance.extend(more.provenance)
    return base


def _fill_company(base: CompanyRecord, more: CompanyRecord) -> CompanyRecord:
    for name in (
        "domain",
        "industry",
        "employees",
        "country",
        "region",
        "city",
        "description",
        "linkedin_url",
        "website",
        "phone",
        "status",
        "catch_all",
    ):
        if getattr(base, name) is None and getattr(more, name) is not None:
            setattr(base, name, getattr(more, name))
    if not base.technologies:
        base.technologies = list(more.technologies)
    base.provenance.extend(more.provenance)
    return base
