"""`SandboxSource`: the sandbox world behind the common source interface.

Test keys are served by this source only: no network, no cost. World people and companies
are answered from the world; anything else gets a hash-derived answer (see `answers`),
except the fixed 10 % of inputs that are deterministically "not found".
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import ClassVar

import phonenumbers

from leadsmith.search.filters import SearchFilters
from leadsmith.sources.base import Capability, PersonQuery, Source, SourceHealth
from leadsmith.sources.records import (
    CompanyRecord,
    EmailCandidate,
    Evidence,
    PersonRecord,
    PhoneRecord,
)
from leadsmith.sources.sandbox.answers import (
    SandboxVerdict,
    clean_company_name,
    company_key,
    company_name_key,
    derived_company,
    derived_domain,
    derived_emails,
    derived_person,
    derived_rng,
    email_key,
    fictional_domain,
    is_deterministic_miss,
    linkedin_key,
    linkedin_slug,
    name_from_local_part,
    name_from_slug,
    parse_email,
    parse_phone,
    person_key,
    phone_key,
    random_name,
)
from leadsmith.sources.sandbox.email_patterns import local_part
from leadsmith.sources.sandbox.entities import SOURCE_NAME, person_record, provenance
from leadsmith.sources.sandbox.normalise import normalise_domain
from leadsmith.sources.sandbox.world import SandboxWorld, get_world, world_is_built

_CURSOR_PREFIX = "sbx1:"
FOUND_CONFIDENCE = 97
FOUND_CATCH_ALL_CONFIDENCE = 70
CATCH_ALL_PATTERN_CONFIDENCE = 40
DERIVED_CONFIDENCE = 85


class InvalidCursor(ValueError):
    """A cursor that this source did not issue."""


def encode_cursor(offset: int) -> str:
    """Opaque cursor for a result offset."""
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """Offset of a cursor from `encode_cursor` (0 for None)."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidCursor(f"not a sandbox cursor: {cursor!r}") from exc
    if not text.startswith(_CURSOR_PREFIX) or not text[len(_CURSOR_PREFIX) :].isdigit():
        raise InvalidCursor(f"not a sandbox cursor: {cursor!r}")
    return int(text[len(_CURSOR_PREFIX) :])


class SandboxSource(Source):
    """The deterministic synthetic world as a source (test keys, demos, tests)."""

    name: ClassVar[str] = SOURCE_NAME
    capabilities: ClassVar[frozenset[Capability]] = frozenset(Capability)
    cost: ClassVar[float] = 0.0
    uses_network: ClassVar[bool] = False

    def __init__(self, world: SandboxWorld | None = None) -> None:
        self._world = world

    async def world(self) -> SandboxWorld:
        """The world; built in a worker thread on first use so the event loop stays free."""
        if self._world is None:
            self._world = get_world() if world_is_built() else await asyncio.to_thread(get_world)
        return self._world

    # -- people ------------------------------------------------------------------------------

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        """The person's address: found in the world, or derived from the domain's pattern."""
        world = await self.world()
        if not (query.first_name and query.last_name):
            if not query.email:
                return []
            # An address without a name: confirm it through the person it belongs to.
            record = await self.enrich_person(query)
            if record is None or not record.email:
                return []
            verdict = world.verify_email(record.email)
            known = world.person(record.email) is not None
            confidence = FOUND_CONFIDENCE if known else DERIVED_CONFIDENCE
            return [_candidate(record.email, "found", confidence, verdict["verdict"])]
        domain = await self._domain(query)
        if domain is None:
            return []
        company = world.company(domain)
        if company is not None:
            person = world.find(query.first_name, query.last_name, company.domain)
            if person is not None:
                verdict = world.verify_email(person.email)
                confidence = FOUND_CATCH_ALL_CONFIDENCE if company.catch_all else FOUND_CONFIDENCE
                return [_candidate(person.email, "found", confidence, verdict["verdict"])]
            if company.catch_all:
                local = local_part(company.email_pattern, query.first_name, query.last_name)
                address = f"{local}@{company.domain}"
                return [_candidate(address, "pattern", CATCH_ALL_PATTERN_CONFIDENCE, "risky")]
            return []
        if is_deterministic_miss(person_key(query.first_name, query.last_name, domain)):
            return []
        return [
            _candidate(g.email, "pattern" if g.primary else "guessed", g.confidence, g.verdict)
            for g in derived_emails(query.first_name, query.last_name, domain)
        ]

    async def find_phone(self, query: PersonQuery) -> list[PhoneRecord]:
        """The person's phone (E.164, with type) when the person is found."""
        person = await self.enrich_person(query)
        if person is None or not person.phone:
            return []
        return [
            PhoneRecord(
                e164=person.phone,
                type=person.phone_type or "unknown",
                country=_phone_country(person.phone) or person.country,
                provenance=provenance(),
            )
        ]

    async def enrich_person(self, query: PersonQuery) -> PersonRecord | None:
        """A person by email, LinkedIn URL, phone, or name at a domain/company."""
        world = await self.world()
        email = query.email.strip().lower() if query.email else None
        slug = linkedin_slug(query.linkedin_url) if query.linkedin_url else None
        e164 = parse_phone(query.phone) if query.phone else None
        has_name = bool(query.first_name and query.last_name)

        # 1. The world, by every identifier given.
        if email and (found := world.person(email)) is not None:
            return person_record(found)
        if slug and (record := world.person_by_linkedin(slug)) is not None:
            return record
        if e164 and (record := world.person_by_phone(e164)) is not None:
            return record
        domain = await self._domain(query) if has_name else None
        if (
            has_name
            and domain
            and (found := world.find(query.first_name or "", query.last_name or "", domain))
        ):
            return person_record(found)

        # 2. A derived answer for the first identifier that allows one.
        if email:
            parsed = parse_email(email)
            if parsed is not None:
                if world.company(parsed[1]) is not None or is_deterministic_miss(email_key(email)):
                    return None
                return self._person_from_email(query, email, *parsed)
        if slug:
            return (
                None
                if is_deterministic_miss(linkedin_key(slug))
                else self._person_from_slug(world, query, slug)
            )
        if e164:
            return (
                None
                if is_deterministic_miss(phone_key(e164))
                else self._person_from_phone(world, query, e164)
            )
        if has_name and domain:
            first, last = query.first_name or "", query.last_name or ""
            if world.company(domain) is not None or is_deterministic_miss(
                person_key(first, last, domain)
            ):
                return None
            return derived_person(
                first_name=first,
                last_name=last,
                domain=domain,
                rng=derived_rng("person", person_key(first, last, domain)),
                company=self._derived_company(domain, query.company_name),
                phone=None,
                title=query.job_title,
                country=query.country,
            )
        return None

    def _person_from_email(
        self, query: PersonQuery, email: str, local: str, domain: str
    ) -> PersonRecord | None:
        rng = derived_rng("email", email_key(email))
        if query.first_name and query.last_name:
            name: tuple[str, str] | None = (query.first_name, query.last_name)
        else:
            name = name_from_local_part(local, rng)
        if name is None:
            return None  # role accounts (info@, sales@) are not people
        return derived_person(
            first_name=name[0],
            last_name=name[1],
            domain=domain,
            rng=rng,
            company=self._derived_company(domain, query.company_name),
            email=email,
            title=query.job_title,
            country=query.country,
        )

    def _person_from_slug(
        self, world: SandboxWorld, query: PersonQuery, slug: str
    ) -> PersonRecord | None:
        rng = derived_rng("linkedin", slug)
        parsed = name_from_slug(slug, rng)
        if parsed is None:
            return None
        first, last, extra = parsed
        if query.first_name and query.last_name:
            first, last = query.first_name, query.last_name
        domain = normalise_domain(query.domain) if query.domain else None
        if domain and world.company(domain) is not None:
            domain = None
        company_name = query.company_name
        if domain is None:
            company_name, domain = fictional_domain(rng, world.domains)
        return derived_person(
            first_name=first,
            last_name=last,
            domain=domain,
            rng=rng,
            company=self._derived_company(domain, company_name),
            slug=slug,
            title=query.job_title,
            title_hint=" ".join(extra) or None,
            country=query.country,
        )

    def _person_from_phone(
        self, world: SandboxWorld, query: PersonQuery, e164: str
    ) -> PersonRecord:
        rng = derived_rng("phone", e164)
        country = _phone_country(e164) or "US"
        first, last = random_name(rng, country)
        if query.first_name and query.last_name:
            first, last = query.first_name, query.last_name
        domain = normalise_domain(query.domain) if query.domain else None
        if domain and world.company(domain) is not None:
            domain = None
        company_name = query.company_name
        if domain is None:
            company_name, domain = fictional_domain(rng, world.domains)
        record = derived_person(
            first_name=first,
            last_name=last,
            domain=domain,
            rng=rng,
            company=self._derived_company(domain, company_name),
            phone=e164,
            title=query.job_title,
            country=country,
        )
        record.phone_type = _phone_type(e164)
        return record

    @staticmethod
    def _derived_company(domain: str, name: str | None) -> CompanyRecord:
        return derived_company(domain, name=clean_company_name(name) if name else None)

    async def _domain(self, query: PersonQuery) -> str | None:
        if query.domain:
            return normalise_domain(query.domain) or None
        if query.email and (parsed := parse_email(query.email)):
            return parsed[1]
        if query.company_name:
            found = await self.domain_for_company(query.company_name)
            return found[0][0] if found else None
        return None

    # -- companies -------------------------------------------------------------------------------

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyRecord | None:
        """A company by domain (or by name): the world's, else derived unless a miss."""
        world = await self.world()
        if domain:
            record = world.company_by_domain(domain)
            if record is not None:
                return record
            host = normalise_domain(domain)
            if not host or "." not in host or is_deterministic_miss(company_key(host)):
                return None
            return self._derived_company(host, name)
        if name:
            record = world.company_by_name(name)
            if record is not None:
                return record
            if is_deterministic_miss(company_name_key(name)):
                return None
            return self._derived_company(derived_domain(name)[0], name)
        return None

    async def domain_for_company(self, name: str) -> list[tuple[str, int]]:
        """Domains for a company name with 0-100 confidence: world matches, else derived."""
        world = await self.world()
        if not name.strip():
            return []
        matches = world.companies_by_name(name)
        if matches:
            return [(company.domain, score) for company, score in matches]
        if is_deterministic_miss(company_name_key(name)):
            return []
        return [derived_domain(name)]

    # -- search ----------------------------------------------------------------------------------

    async def search_people(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[PersonRecord], str | None]:
        """A page of world people and the cursor of the next page (None at the end)."""
        world = await self.world()
        offset = decode_cursor(cursor)
        people, total = world.search_people(filters, offset=offset, limit=limit)
        end = offset + len(people)
        return people, encode_cursor(end) if people and end < total else None

    async def search_companies(
        self,
        filters: SearchFilters,
        *,
        limit: int,
        cursor: str | None = None,
        status: str | None = None,
        domain: str | None = None,
    ) -> tuple[list[CompanyRecord], str | None]:
        """A page of world companies (optionally by status/domain) and the next cursor."""
        world = await self.world()
        offset = decode_cursor(cursor)
        companies, total = world.search_companies(
            filters, offset=offset, limit=limit, status=status, domain=domain
        )
        end = offset + len(companies)
        return companies, encode_cursor(end) if companies and end < total else None

    # -- verification -----------------------------------------------------------------------------

    async def verify_email(self, email: str) -> SandboxVerdict:
        """The sandbox verdict for an address (see `SandboxWorld.verify_email`)."""
        world = await self.world()
        return world.verify_email(email)

    async def health(self) -> SourceHealth:
        if not world_is_built() and self._world is None:
            return SourceHealth(True, True, True, "sandbox world is built on first use")
        world = await self.world()
        meta = world.metadata()
        detail = f"seed {meta['seed']}: {meta['companies']} companies, {meta['people']} people"
        return SourceHealth(enabled=True, configured=True, healthy=True, detail=detail)


def _candidate(email: str, evidence: Evidence, confidence: int, verdict: str) -> EmailCandidate:
    return EmailCandidate(
        email=email,
        evidence=evidence,
        confidence=confidence,
        provenance=provenance(),
        verified=True,
        verdict=verdict,
    )


def _parse(e164: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None


def _phone_country(e164: str) -> str | None:
    number = _parse(e164)
    if number is None:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region and region != "ZZ":
        return region
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    return region if region and region != "ZZ" else None


def _phone_type(e164: str) -> str:
    number = _parse(e164)
    if number is None:
        return "unknown"
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        return "mobile"
    if kind in (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return "direct"
    return "unknown"
