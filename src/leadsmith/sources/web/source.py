"""The `web` source: answers from the company's own website (see `crawler`).

Crawls are cached per domain for a while (a lookup usually asks for email, phone and
company one after the other) and concurrent asks for one domain share one crawl.
Finding a domain from a company name is not done here: that is the domain finder's.
"""

from __future__ import annotations

import asyncio
import time
import unicodedata
from collections import Counter, OrderedDict
from typing import ClassVar

import phonenumbers

from leadsmith.config import Settings
from leadsmith.emails.flags import is_role
from leadsmith.sources.base import Capability, PersonQuery, Source, SourceHealth
from leadsmith.sources.records import (
    CompanyRecord,
    EmailCandidate,
    PersonRecord,
    PhoneRecord,
    Provenance,
)
from leadsmith.sources.web.crawler import WebCrawler, normalise_domain
from leadsmith.sources.web.merge import SOURCE_NAME, company_record
from leadsmith.sources.web.result import CrawlResult
from leadsmith.sources.web.site_links import registrable_domain

# Confidence (0-100) of an address by how the site showed it.
CONFIDENCE_ON_PERSON_CARD = 95  # next to the person's name on the site
CONFIDENCE_FULL_NAME_PATTERN = 90  # on the site, local part spells their name
CONFIDENCE_FIRST_NAME_ONLY = 70
CONFIDENCE_LAST_NAME_ONLY = 60
CONFIDENCE_OTHER_PERSON = 40  # a personal address on the site, no name to match
CONFIDENCE_ROLE_ADDRESS = 10  # info@, sales@: reaches the company, not the person
UNREACHABLE_TTL = 300.0  # seconds
_GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _fold(text: str) -> str:
    """ASCII letters only, lower case ("Zoë" -> "zoe")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def _name_variants(name: str) -> set[str]:
    """How a name may be spelled in an address ("Müller" -> muller, mueller)."""
    lowered = name.lower()
    return {v for v in (_fold(lowered), _fold(lowered.translate(_GERMAN_FOLDS))) if v}


def local_part_score(local: str, first: str, last: str) -> int:
    """Confidence that `local` is the address of first/last (0 when it does not fit)."""
    local = local.lower()
    squashed = "".join(ch for ch in local if ch.isalnum())
    best = 0
    for f in _name_variants(first) or {""}:
        for la in _name_variants(last) or {""}:
            if f and la:
                full = {f + la, la + f, f[0] + la, f + la[0], la + f[0]}
                if squashed in full:
                    return CONFIDENCE_FULL_NAME_PATTERN
            if f and squashed == f:
                best = max(best, CONFIDENCE_FIRST_NAME_ONLY)
            if la and squashed == la:
                best = max(best, CONFIDENCE_LAST_NAME_ONLY)
    return best


def _same_person(record: PersonRecord, first: str, last: str) -> bool:
    if not (_name_variants(record.last_name) & _name_variants(last)):
        return False
    mine, theirs = _fold(record.first_name), _fold(first)
    return bool(mine and theirs) and (
        mine == theirs or mine.startswith(theirs) or theirs.startswith(mine)
    )


def _domain_matches(email: str, sites: set[str]) -> bool:
    domain = email.rsplit("@", 1)[-1]
    return registrable_domain(domain) in sites


class WebSource(Source):
    """Emails, phones and company facts from the company's own website."""

    name: ClassVar[str] = SOURCE_NAME
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.FIND_EMAIL, Capability.FIND_PHONE, Capability.ENRICH_COMPANY}
    )
    cost: ClassVar[float] = 0.0  # no provider credits; slow, so ordering may still put it late
    uses_network: ClassVar[bool] = True

    def __init__(
        self,
        crawler: WebCrawler | None = None,
        *,
        settings: Settings | None = None,
        cache_ttl: float = 3600.0,
        cache_size: int = 256,
    ) -> None:
        self._crawler = crawler or WebCrawler(settings=settings)
        self._owns_crawler = crawler is None
        self._ttl = cache_ttl
        self._size = cache_size
        self._cache: OrderedDict[str, tuple[float, CrawlResult]] = OrderedDict()
        self._inflight: dict[str, asyncio.Future[CrawlResult]] = {}

    async def crawl(self, domain: str) -> CrawlResult:
        """The crawl of `domain`, from the cache when fresh; one crawl per domain at a time."""
        key = normalise_domain(domain)
        cached = self._cache.get(key)
        if cached is not None:
            # An unreachable site may be back soon: remember that for a short while only.
            ttl = self._ttl if cached[1].reachable else min(self._ttl, UNREACHABLE_TTL)
            if time.monotonic() - cached[0] < ttl:
                self._cache.move_to_end(key)
                return cached[1]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._crawl_and_keep(key))
            self._inflight[key] = task
            task.add_done_callback(lambda _: self._inflight.pop(key, None))
        # Shielded: one caller giving up must not cancel the crawl others wait for.
        return await asyncio.shield(task)

    async def _crawl_and_keep(self, key: str) -> CrawlResult:
        result = await self._crawler.crawl(key)
        self._cache[key] = (time.monotonic(), result)
        self._cache.move_to_end(key)
        while len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return result

    @staticmethod
    def _domain_of(query: PersonQuery) -> str | None:
        if query.domain:
            return query.domain
        if query.email and "@" in query.email:
            return query.email.rsplit("@", 1)[1]
        return None

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        """Addresses on the site that belong to the person, then the company's role ones."""
        domain = self._domain_of(query)
        if not domain:
            return []
        result = await self.crawl(domain)
        sites = {registrable_domain(normalise_domain(domain))}
        if result.redirected_to:
            sites.add(result.redirected_to)
        first, last = query.first_name or "", query.last_name or ""
        found: dict[str, EmailCandidate] = {}

        def offer(email: str, confidence: int, url: str | None) -> None:
            kept = found.get(email)
            if kept is None or kept.confidence < confidence:
                found[email] = EmailCandidate(
                    email=email,
                    evidence="found",
                    confidence=confidence,
                    provenance=[Provenance(SOURCE_NAME, url)],
                )

        for person in result.people:
            if not person.email:
                continue
            url = person.provenance[0].url if person.provenance else None
            if first or last:
                if _same_person(person, first, last):
                    offer(person.email, CONFIDENCE_ON_PERSON_CARD, url)
            elif _domain_matches(person.email, sites):
                offer(person.email, CONFIDENCE_OTHER_PERSON, url)
        for sighting in result.emails:
            if not _domain_matches(sighting.email, sites):
                continue
            local = sighting.email.rsplit("@", 1)[0]
            if is_role(local):
                offer(sighting.email, CONFIDENCE_ROLE_ADDRESS, sighting.url)
            elif first or last:
                score = local_part_score(local, first, last)
                if score:
                    offer(sighting.email, score, sighting.url)
            else:
                offer(sighting.email, CONFIDENCE_OTHER_PERSON, sighting.url)
        return sorted(found.values(), key=lambda c: -c.confidence)

    async def find_phone(self, query: PersonQuery) -> list[PhoneRecord]:
        """The person's own number if the site shows one, then the company's numbers (never
        a number the site gives as another person's)."""
        domain = self._domain_of(query)
        if not domain:
            return []
        result = await self.crawl(domain)
        first, last = query.first_name or "", query.last_name or ""
        records: list[PhoneRecord] = []
        seen: set[str] = set()
        owners = Counter(p.phone for p in result.people if p.phone)
        for person in result.people:
            if not person.phone or person.phone in seen:
                continue
            if (first or last) and _same_person(person, first, last):
                seen.add(person.phone)
                records.append(
                    PhoneRecord(
                        e164=person.phone,
                        type=person.phone_type or "direct",
                        country=_country_of(person.phone),
                        provenance=list(person.provenance),
                    )
                )
            elif owners[person.phone] == 1:
                # One colleague's own line is theirs, not the company's: never offer it.
                # (A number several people list is a shared line and stays.)
                seen.add(person.phone)
        for sighting in result.phones:
            if sighting.e164 in seen:
                continue
            seen.add(sighting.e164)
            records.append(
                PhoneRecord(
                    e164=sighting.e164,
                    type=sighting.type,
                    country=_country_of(sighting.e164),
                    provenance=[Provenance(SOURCE_NAME, sighting.url)],
                )
            )
        return records

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyRecord | None:
        """What the company's site says about it; None without a domain or a reachable site."""
        if not domain:
            return None
        result = await self.crawl(domain)
        if not result.reachable:
            return None
        return company_record(result)

    async def health(self) -> SourceHealth:
        return SourceHealth(enabled=True, configured=True, healthy=True, detail="no key needed")

    async def aclose(self) -> None:
        """Close the crawler's connections if this source made it."""
        if self._owns_crawler:
            await self._crawler.aclose()


def _country_of(e164: str) -> str | None:
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None
