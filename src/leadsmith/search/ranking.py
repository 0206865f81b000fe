"""How well a person fits the filters, 0-100: title and seniority first, then place,
company facts and keywords; contactable people rank above the rest."""

from __future__ import annotations

from leadsmith.search.dedupe import fold
from leadsmith.search.filters import SearchFilters
from leadsmith.search.parser.locations import canonical_region
from leadsmith.sources.records import PersonRecord

WEIGHTS = {
    "title": 30.0,
    "seniority": 15.0,
    "department": 5.0,
    "location": 15.0,
    "industry": 10.0,
    "size": 5.0,
    "technology": 5.0,
    "keywords": 5.0,
    "email": 7.0,
    "phone": 3.0,
}


def _words(text: str | None) -> set[str]:
    return set(fold(text or "").split())


def _same_region(region: str, person: PersonRecord) -> bool:
    """Whether the person is in the region; one whose region is unknown is not held back."""
    if not person.region:
        return True
    wanted = canonical_region(region, person.country) or fold(region)
    theirs = canonical_region(person.region, person.country) or fold(person.region)
    return wanted == theirs


def score(person: PersonRecord, filters: SearchFilters) -> float:
    """Share of the asked-for facts the person matches, weighted, as 0-100."""
    got = asked = 0.0
    company = person.company

    def part(name: str, matched: bool) -> None:
        nonlocal got, asked
        asked += WEIGHTS[name]
        got += WEIGHTS[name] if matched else 0.0

    title_words = _words(person.title)
    if filters.titles:
        part("title", any(_words(t) <= title_words for t in filters.titles if _words(t)))
    if filters.seniorities:
        part("seniority", person.seniority in filters.seniorities)
    if filters.departments:
        part("department", person.department in filters.departments)
    if filters.locations:
        part(
            "location",
            any(
                (not loc.country or loc.country == person.country)
                and (not loc.city or fold(loc.city) == fold(person.city or ""))
                and (loc.city or not loc.region or _same_region(loc.region, person))
                for loc in filters.locations
            ),
        )
    if filters.industries:
        part("industry", bool(company and company.industry in filters.industries))
    if filters.company_size is not None:
        size = filters.company_size
        employees = company.employees if company else None
        part(
            "size",
            employees is not None
            and (size.min is None or employees >= size.min)
            and (size.max is None or employees <= size.max),
        )
    if filters.technologies:
        techs = set(company.technologies) if company else set()
        part("technology", bool(techs & set(filters.technologies)))
    if filters.keywords:
        text = title_words | _words(" ".join(person.skills))
        if company:
            text |= _words(f"{company.name} {company.description or ''}")
        part("keywords", any(_words(k) <= text for k in filters.keywords if _words(k)))
    part("email", bool(person.email))
    part("phone", bool(person.phone))
    return round(100.0 * got / asked, 2) if asked else 0.0


def rank(people: list[PersonRecord], filters: SearchFilters) -> list[tuple[PersonRecord, float]]:
    """People with their scores, best first; ties keep the sources' order."""
    scored = [(p, score(p, filters)) for p in people]
    return sorted(scored, key=lambda pair: -pair[1])
