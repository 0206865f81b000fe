"""The sandbox world: generated once per process, indexed for look-ups and search."""

from __future__ import annotations

import threading
from collections.abc import Container, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from leadsmith.config import get_settings
from leadsmith.search.filters import SearchFilters
from leadsmith.sources.records import CompanyRecord, PersonRecord
from leadsmith.sources.sandbox.answers import (
    ROLE_LOCAL_PARTS,
    SandboxVerdict,
    clean_company_name,
    derived_verdict,
    linkedin_slug,
    make_verdict,
    parse_email,
    parse_phone,
)
from leadsmith.sources.sandbox.entities import (
    SandboxCompany,
    SandboxPerson,
    company_record,
    person_record,
)
from leadsmith.sources.sandbox.generator import generate
from leadsmith.sources.sandbox.normalise import alnum, normalise_domain, words
from leadsmith.sources.sandbox.search import SearchIndex

WORLD_NAME = "sandbox"
# Bump when the generator's output changes for the same seed.
WORLD_VERSION = "1"
FUZZY_NAME_CUTOFF = 85


def _name_key(first: str, last: str, domain: str | None = None) -> str:
    return f"{alnum(first)}|{alnum(last)}|{domain or ''}"


class SandboxWorld:
    """A generated world of companies and people with look-ups, search and verification."""

    def __init__(
        self, seed: int, companies: Sequence[SandboxCompany], people: Sequence[SandboxPerson]
    ) -> None:
        self.seed = seed
        self.companies: Sequence[SandboxCompany] = companies
        self.people: Sequence[SandboxPerson] = people
        self._by_domain = {c.domain: c for c in companies}
        self._by_company_key: dict[str, SandboxCompany] = {}
        for c in companies:
            self._by_company_key.setdefault(alnum(c.short_name), c)
            self._by_company_key.setdefault(alnum(c.name), c)
        self._company_choices = [" ".join(words(c.short_name)) for c in companies]
        self._by_email = {p.email: p for p in people}
        self._by_phone = {p.phone: p for p in people}
        self._by_slug = {p.linkedin_slug: p for p in people}
        self._by_name: dict[str, list[SandboxPerson]] | None = None
        self._search: SearchIndex | None = None
        self._lazy_lock = threading.RLock()

    @classmethod
    def build(cls, seed: int, companies: int, people: int) -> SandboxWorld:
        """Generate a world of that size from the seed."""
        all_companies: list[SandboxCompany] = []
        all_people: list[SandboxPerson] = []
        for company, staff in generate(seed, companies, people):
            all_companies.append(company)
            all_people.extend(staff)
        return cls(seed, all_companies, all_people)

    def metadata(self) -> dict[str, Any]:
        """Dataset facts for health pages: name, seed, counts, version."""
        return {
            "name": WORLD_NAME,
            "seed": self.seed,
            "companies": len(self.companies),
            "people": len(self.people),
            "version": WORLD_VERSION,
        }

    @property
    def domains(self) -> Container[str]:
        """Every world domain (for `in` tests)."""
        return self._by_domain.keys()

    # -- companies ------------------------------------------------------------------------

    def company(self, domain: str) -> SandboxCompany | None:
        """The world company at a domain (or one of its subdomains, or an email's domain)."""
        host = normalise_domain(domain)
        while host:
            found = self._by_domain.get(host)
            if found is not None or "." not in host:
                return found
            host = host.split(".", 1)[1]
        return None

    def company_by_domain(self, domain: str) -> CompanyRecord | None:
        """Company record for a domain, URL or email address in the world."""
        found = self.company(domain)
        return company_record(found) if found else None

    def companies_by_name(self, name: str, limit: int = 3) -> list[tuple[SandboxCompany, int]]:
        """World companies whose name matches, with a 0-100 score, best first."""
        key = alnum(clean_company_name(name))
        exact = self._by_company_key.get(key) or self._by_company_key.get(alnum(name))
        if exact is not None:
            return [(exact, 100)]
        query = " ".join(words(clean_company_name(name)))
        if not query:
            return []
        matches = process.extract(
            query,
            self._company_choices,
            scorer=fuzz.WRatio,
            score_cutoff=FUZZY_NAME_CUTOFF,
            limit=limit,
        )
        return [(self.companies[index], int(score)) for _, score, index in matches]

    def company_by_name(self, name: str) -> CompanyRecord | None:
        """Best world company for a name (exact after cleaning, else fuzzy >= 85)."""
        found = self.companies_by_name(name, limit=1)
        return company_record(found[0][0]) if found else None

    # -- people -------------------------------------------------------------------------------

    def person(self, email: str) -> SandboxPerson | None:
        """World person with this email address."""
        return self._by_email.get(email.strip().lower())

    def person_by_email(self, email: str) -> PersonRecord | None:
        """Person record for an address of a world person."""
        found = self.person(email)
        return person_record(found) if found else None

    def person_by_phone(self, phone: str) -> PersonRecord | None:
        """Person record for a world phone number in any common format."""
        e164 = parse_phone(phone)
        found = self._by_phone.get(e164) if e164 else None
        return person_record(found) if found else None

    def person_by_linkedin(self, url_or_slug: str) -> PersonRecord | None:
        """Person record for a LinkedIn profile URL or slug."""
        slug = linkedin_slug(url_or_slug)
        found = self._by_slug.get(slug) if slug else None
        return person_record(found) if found else None

    def find(
        self,
        first_name: str,
        last_name: str,
        domain: str | None = None,
        company_name: str | None = None,
    ) -> SandboxPerson | None:
        """World person by name at a domain or company (name folded for case and accents)."""
        company: SandboxCompany | None = None
        if domain:
            company = self.company(domain)
            if company is None:
                return None
        elif company_name:
            found = self.companies_by_name(company_name, limit=1)
            if not found:
                return None
            company = found[0][0]
        key = _name_key(first_name, last_name, company.domain if company else None)
        matches = self._name_index().get(key)
        return matches[0] if matches else None

    def _name_index(self) -> dict[str, list[SandboxPerson]]:
        # (first, last, domain) and (first, last) -> people; built on first name look-up.
        if self._by_name is None:
            with self._lazy_lock:
                if self._by_name is None:
                    index: dict[str, list[SandboxPerson]] = {}
                    for p in self.people:
                        first, last = alnum(p.first_name), alnum(p.last_name)
                        index.setdefault(f"{first}|{last}|{p.company.domain}", []).append(p)
                        index.setdefault(f"{first}|{last}|", []).append(p)
                    self._by_name = index
        return self._by_name

    def find_person(
        self,
        first_name: str,
        last_name: str,
        domain: str | None = None,
        company_name: str | None = None,
    ) -> PersonRecord | None:
        """Person record by name at a domain or company; by name alone when neither is given."""
        found = self.find(first_name, last_name, domain, company_name)
        return person_record(found) if found else None

    # -- search --------------------------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """The bitset search index (built on first use, once)."""
        if self._search is None:
            with self._lazy_lock:
                if self._search is None:
                    self._search = SearchIndex(self.seed, self.people, self.companies)
        return self._search

    def search_people(
        self, filters: SearchFilters, *, offset: int = 0, limit: int = 25
    ) -> tuple[list[PersonRecord], int]:
        """A page of people matching every filter, in a fixed order, and the total."""
        index = self.search_index()
        seqs, total = index.page(index.people_mask(filters), max(0, offset), limit)
        return [person_record(self.people[s]) for s in seqs], total

    def search_companies(
        self,
        filters: SearchFilters,
        *,
        offset: int = 0,
        limit: int = 25,
        status: str | None = None,
        domain: str | None = None,
    ) -> tuple[list[CompanyRecord], int]:
        """A page of companies matching every filter (plus status/domain), and the total."""
        numbers = self.search_index().search_companies(filters, status=status, domain=domain)
        offset = max(0, offset)
        page = numbers[offset : offset + max(0, limit)]
        return [company_record(self.companies[n]) for n in page], len(numbers)

    # -- verification --------------------------------------------------------------------------

    def verify_email(self, email: str) -> SandboxVerdict:
        """Sandbox verdict: world people valid (risky at catch-all companies), other
        addresses at world domains invalid (risky at catch-all), anything else hash-derived.
        """
        text = email.strip().lower()
        parsed = parse_email(text)
        if parsed is None:
            return derived_verdict(text)
        local, domain = parsed
        company = self._by_domain.get(domain)
        if company is None:
            return derived_verdict(text)
        role = local.split("+", 1)[0] in ROLE_LOCAL_PARTS
        if company.catch_all:
            return make_verdict(
                text, "risky", "catch_all", score=60, catch_all=True, role=role, known=True
            )
        if text in self._by_email:
            return make_verdict(text, "valid", "accepted", score=99, known=True)
        return make_verdict(text, "invalid", "user_unknown", score=2, role=role, known=True)


_worlds: dict[tuple[int, int, int], SandboxWorld] = {}
_worlds_lock = threading.Lock()


def get_world(
    seed: int | None = None, companies: int | None = None, people: int | None = None
) -> SandboxWorld:
    """The process-wide world for the settings' seed and size (built on first call)."""
    settings = get_settings()
    key = (
        settings.sandbox_seed if seed is None else seed,
        settings.sandbox_companies if companies is None else companies,
        settings.sandbox_people if people is None else people,
    )
    world = _worlds.get(key)
    if world is None:
        with _worlds_lock:
            world = _worlds.get(key)
            if world is None:
                world = _worlds[key] = SandboxWorld.build(*key)
    return world


def world_is_built() -> bool:
    """Whether the settings' world is already in memory (so `get_world()` will not block)."""
    settings = get_settings()
    key = (settings.sandbox_seed, settings.sandbox_companies, settings.sandbox_people)
    return key in _worlds
