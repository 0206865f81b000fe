"""The one interface every data source implements.

A source declares what it can do (`capabilities`) and what a call costs it; the
waterfall asks sources in the workspace's order and stops once it is confident.
Methods a source cannot serve raise `Unsupported`; a provider that is down or
refuses raises `SourceError` so the waterfall falls through to the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from leadsmith.search.filters import SearchFilters
from leadsmith.sources.records import CompanyRecord, EmailCandidate, PersonRecord, PhoneRecord


class Capability(StrEnum):
    FIND_EMAIL = "find_email"
    FIND_PHONE = "find_phone"
    ENRICH_PERSON = "enrich_person"
    ENRICH_COMPANY = "enrich_company"
    SEARCH_PEOPLE = "search_people"
    SEARCH_COMPANIES = "search_companies"
    DOMAIN_FINDER = "domain_finder"
    VERIFY_EMAIL = "verify_email"


class SourceError(Exception):
    """A source failed (down, unauthorised, out of quota); the waterfall moves on."""

    def __init__(self, source: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.retry_after = retry_after


class Unsupported(SourceError):
    """The source does not offer this capability."""


@dataclass(slots=True)
class PersonQuery:
    """Who to look up: any of email, phone, LinkedIn URL, or name + company/domain."""

    first_name: str | None = None
    last_name: str | None = None
    domain: str | None = None
    company_name: str | None = None
    email: str | None = None
    phone: str | None = None
    linkedin_url: str | None = None
    job_title: str | None = None
    country: str | None = None


@dataclass(slots=True)
class SourceHealth:
    enabled: bool
    configured: bool
    healthy: bool
    detail: str | None = None


class Source:
    """Base class: override the capabilities the source has."""

    name: ClassVar[str] = "source"
    capabilities: ClassVar[frozenset[Capability]] = frozenset()
    # What one call costs this source (provider credits or an estimate), for ordering.
    cost: ClassVar[float] = 0.0
    # Whether this source sends traffic outside the machine (test keys never use these).
    uses_network: ClassVar[bool] = False

    def _unsupported(self, what: Capability) -> Unsupported:
        return Unsupported(self.name, f"does not support {what.value}")

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        raise self._unsupported(Capability.FIND_EMAIL)

    async def find_phone(self, query: PersonQuery) -> list[PhoneRecord]:
        raise self._unsupported(Capability.FIND_PHONE)

    async def enrich_person(self, query: PersonQuery) -> PersonRecord | None:
        raise self._unsupported(Capability.ENRICH_PERSON)

    async def prefetch_people(self, queries: Sequence[PersonQuery]) -> None:
        """Read ahead what `enrich_person` will be asked for many people (a bulk chunk).

        A hint: sources whose lookups are cheap in bulk (the workspace index) answer the
        later calls from what they read here; the others ignore it.
        """

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyRecord | None:
        raise self._unsupported(Capability.ENRICH_COMPANY)

    async def search_people(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[PersonRecord], str | None]:
        """Return a page of people and the cursor for the next page (None when done)."""
        raise self._unsupported(Capability.SEARCH_PEOPLE)

    async def search_companies(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[CompanyRecord], str | None]:
        raise self._unsupported(Capability.SEARCH_COMPANIES)

    async def domain_for_company(self, name: str) -> list[tuple[str, int]]:
        """Candidate domains for a company name with a 0-100 confidence, best first."""
        raise self._unsupported(Capability.DOMAIN_FINDER)

    async def health(self) -> SourceHealth:
        return SourceHealth(enabled=True, configured=True, healthy=True)

    async def aclose(self) -> None:
        """Release connections."""
