"""Filtered search over the sandbox world.

Every person has a fixed display position (a seeded shuffle, so a page mixes companies).
Each attribute is stored as one byte per position; a filter turns into a mask (an int with
one byte per position, 1 where the person matches) through `bytes.translate`, filters are
ANDed, and a page is read with `bytes.find`. Nothing loops over people in Python at query
time. The index is built once per world, on first search.
"""

from __future__ import annotations

import random
import sys
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache

from leadsmith.search.filters import LocationFilter, SearchFilters, SizeRange
from leadsmith.sources.sandbox.entities import SandboxCompany, SandboxPerson
from leadsmith.sources.sandbox.normalise import fold, normalise_domain, stem, words
from leadsmith.sources.sandbox.places import COUNTRIES, REGION_ALIASES, country_code
from leadsmith.taxonomy import COMPANY_SIZE_BANDS, TECHNOLOGIES
from leadsmith.taxonomy import INDUSTRIES as INDUSTRY_NAMES

# Abbreviations people write in titles, expanded before matching.
TITLE_ABBREVIATIONS: dict[str, str] = {
    "svp": "senior vp",
    "evp": "executive vp",
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cmo": "chief marketing officer",
    "cro": "chief revenue officer",
    "cpo": "chief product officer",
    "cio": "chief information officer",
    "ciso": "chief information security officer",
    "cdo": "chief data officer",
    "chro": "chief people officer",
    "sdr": "sales development representative",
    "bdr": "business development representative",
    "ae": "account executive",
    "csm": "customer success manager",
    "revops": "revenue operations",
    "hr": "human resources hr",
    "sre": "site reliability engineer",
    "qa": "qa quality assurance",
    "ml": "machine learning",
    "sr": "senior",
    "jr": "junior",
    "mgr": "manager",
    "dir": "director",
    "eng": "engineering",
    "dev": "developer",
    "pm": "product manager",
    "md": "managing director",
}
_STOPWORDS = frozenset({"of", "and", "the", "for", "in", "at", "a", "an", "to"})


def title_tokens(text: str) -> frozenset[str]:
    """Stemmed words of a job title with abbreviations expanded and stop-words dropped."""
    out: set[str] = set()
    text = fold(text).replace("&", " and ").replace("vice president", "vp")
    for word in words(text):
        expanded = TITLE_ABBREVIATIONS.get(word, word)
        for part in expanded.split():
            if part not in _STOPWORDS:
                out.add(stem(part))
    return frozenset(out)


def keyword_tokens(text: str) -> list[str]:
    """Stemmed words of free text, for keyword matching."""
    return [stem(w) for w in words(text) if w not in _STOPWORDS]


def _band_of(employees: int) -> int:
    for i, (_, high) in enumerate(COMPANY_SIZE_BANDS):
        if high is None or employees <= high:
            return i
    return len(COMPANY_SIZE_BANDS) - 1


def _slug(value: str) -> str:
    return fold(value).strip().replace("-", "_").replace(" ", "_")


def _resolve_slug(value: str, names: dict[str, str]) -> str | None:
    key = fold(value).strip()
    if key in names:
        return key
    snake = key.replace(" ", "_").replace("-", "_")
    if snake in names:
        return snake
    for slug, display in names.items():
        if fold(display) == key:
            return slug
    return None


@lru_cache(maxsize=1)
def _region_keys() -> dict[str, frozenset[str]]:
    keys: dict[str, set[str]] = {}
    for country in COUNTRIES:
        for city in country.cities:
            keys.setdefault(fold(city.region), set()).add(city.region_code)
            keys.setdefault(fold(city.region_code), set()).add(city.region_code)
    for alias, code in REGION_ALIASES.items():
        keys.setdefault(fold(alias), set()).add(code)
    return {k: frozenset(v) for k, v in keys.items()}


@lru_cache(maxsize=1)
def _city_keys() -> dict[str, frozenset[tuple[str, str]]]:
    keys: dict[str, set[tuple[str, str]]] = {}
    for country in COUNTRIES:
        for city in country.cities:
            for name in (city.name, *city.aliases):
                keys.setdefault(fold(name), set()).add((country.code, city.name))
    return {k: frozenset(v) for k, v in keys.items()}


class _Field:
    """One attribute of every person, stored per display position.

    Values get 16-bit ids; the low and high bytes of every position's id are kept as two
    byte strings, and a mask is built with `bytes.translate` on them, so a query never
    loops over people in Python. Multi-valued attributes (skills, a company's stack) are
    stored as tuples; the query side picks every tuple that contains what it wants.
    """

    def __init__(self, values: Sequence[object]) -> None:
        ids: dict[object, int] = {}
        for value in values:
            if value not in ids:
                ids[value] = len(ids)
        if len(ids) > 0xFFFF:
            raise ValueError("too many distinct values for one search field")
        self.ids = ids
        self.wide = len(ids) > 256
        column = array("H", [ids[v] for v in values])
        if sys.byteorder == "big":
            column.byteswap()
        raw = column.tobytes()
        self.low = raw[0::2]
        self.high = raw[1::2]

    def mask(self, values: Iterable[object]) -> int:
        """Positions whose value is one of `values`."""
        by_page: dict[int, bytearray] = {}
        for value in values:
            number = self.ids.get(value)
            if number is not None:
                by_page.setdefault(number >> 8, bytearray(256))[number & 0xFF] = 1
        mask = 0
        for page, low_table in by_page.items():
            hits = int.from_bytes(self.low.translate(low_table), "little")
            if self.wide:
                high_table = bytearray(256)
                high_table[page] = 1
                hits &= int.from_bytes(self.high.translate(high_table), "little")
            mask |= hits
        return mask

    def containing(self, wanted: Iterable[object]) -> int:
        """Positions whose tuple value shares an element with `wanted`."""
        wanted = set(wanted)
        return self.mask(v for v in self.ids if isinstance(v, tuple) and not wanted.isdisjoint(v))


class SearchIndex:
    """Byte-per-person indexes over one world's people, and company filtering."""

    def __init__(
        self, seed: int, people: Sequence[SandboxPerson], companies: Sequence[SandboxCompany]
    ) -> None:
        self._people = people
        self._companies = companies
        size = len(people)
        self.size = size
        self.all = int.from_bytes(b"\x01" * size, "little")
        order = list(range(size))
        random.Random(seed ^ 0x5EA7C4).shuffle(order)
        self._order = order  # position -> person seq
        company_order = list(range(len(companies)))
        random.Random(seed ^ 0xC0FFEE).shuffle(company_order)
        self._company_order = company_order
        shown = [people[seq] for seq in order]
        bands = [_band_of(c.employees) for c in companies]
        self._fields = {
            "s": _Field([p.seniority for p in shown]),
            "d": _Field([p.department for p in shown]),
            "t": _Field([p.title for p in shown]),
            "c": _Field([p.country for p in shown]),
            "r": _Field([p.region_code for p in shown]),
            "y": _Field([(p.country, p.city) for p in shown]),
            "i": _Field([p.company.industry for p in shown]),
            "b": _Field([bands[p.company.seq] for p in shown]),
            "o": _Field([p.company.seq for p in shown]),
            "f": _Field([p.first_name for p in shown]),
            "l": _Field([p.last_name for p in shown]),
            "k": _Field([p.skills for p in shown]),
            "x": _Field([p.company.technologies for p in shown]),
        }
        self._title_tokens = {t: title_tokens(str(t)) for t in self._fields["t"].ids}
        skills = {s for row in self._fields["k"].ids if isinstance(row, tuple) for s in row}
        self._skill_tokens = {str(s): frozenset(keyword_tokens(str(s))) for s in skills}
        self._name_tokens = {
            kind: {name: frozenset(keyword_tokens(str(name))) for name in self._fields[kind].ids}
            for kind in ("f", "l")
        }
        self._company_tokens: dict[str, list[int]] | None = None
        self.company_token_index()

    # -- helpers -----------------------------------------------------------------------

    def _any(self, kind: str, values: Iterable[object]) -> int:
        return self._fields[kind].mask(values)

    def companies_mask(self, numbers: Iterable[int]) -> int:
        """People of the given companies."""
        return self._any("o", numbers)

    # -- filters ---------------------------------------------------------------------------

    def titles_mask(self, titles: Sequence[str]) -> int:
        """People whose title has all the words of any given title (abbreviations expanded)."""
        chosen: list[object] = []
        for query in titles:
            wanted = title_tokens(query)
            if wanted:
                chosen.extend(t for t, tokens in self._title_tokens.items() if wanted <= tokens)
        return self._any("t", chosen)

    def locations_mask(self, locations: Sequence[LocationFilter]) -> int:
        """People in any of the places (country, region and city of one place all apply)."""
        mask = 0
        for loc in locations:
            part = self.all
            if loc.country:
                code = country_code(loc.country)
                part &= self._any("c", [code]) if code else 0
            if loc.region:
                part &= self._any("r", _region_keys().get(fold(loc.region).strip(), ()))
            if loc.city:
                part &= self._any("y", _city_keys().get(fold(loc.city).strip(), ()))
            mask |= part
        return mask

    def size_mask(self, size: SizeRange) -> int:
        """People at companies whose employee count is within the range."""
        low = size.min or 0
        high = size.max
        whole: list[int] = []
        partial: set[int] = set()
        for band, (band_low, band_high) in enumerate(COMPANY_SIZE_BANDS):
            if (high is not None and band_low > high) or (
                band_high is not None and band_high < low
            ):
                continue
            if band_low >= low and (high is None or (band_high is not None and band_high <= high)):
                whole.append(band)
            else:
                partial.add(band)
        mask = self._any("b", whole)
        if partial:
            mask |= self.companies_mask(
                c.seq
                for c in self._companies
                if _band_of(c.employees) in partial
                and c.employees >= low
                and (high is None or c.employees <= high)
            )
        return mask

    def keywords_mask(self, keywords: Sequence[str]) -> int:
        """People matching any keyword; a keyword's words must all match (in any field)."""
        mask = 0
        for keyword in keywords:
            tokens = keyword_tokens(keyword)
            if not tokens:
                continue
            part = self.all
            for token in tokens:
                part &= self._token_mask(token)
                if not part:
                    break
            mask |= part
        return mask

    @lru_cache(maxsize=1024)  # noqa: B019 - the index lives as long as its world
    def _token_mask(self, token: str) -> int:
        mask = 0
        for kind in ("f", "l"):
            names = self._name_tokens[kind]
            mask |= self._any(kind, [n for n, tokens in names.items() if token in tokens])
        mask |= self._any("t", [t for t, tokens in self._title_tokens.items() if token in tokens])
        skills = [k for k, tokens in self._skill_tokens.items() if token in tokens]
        if skills:
            mask |= self._fields["k"].containing(skills)
        mask |= self.companies_mask(self.company_token_index().get(token, ()))
        return mask

    def company_token_index(self) -> dict[str, list[int]]:
        """Stemmed word -> seqs of the companies whose text has it (built on first use)."""
        if self._company_tokens is None:
            index: dict[str, list[int]] = {}
            for company in self._companies:
                for token in set(company_tokens(company)):
                    index.setdefault(token, []).append(company.seq)
            self._company_tokens = index
        return self._company_tokens

    def people_mask(self, filters: SearchFilters) -> int:
        """Mask of the people matching every given filter."""
        mask = self.all
        if filters.titles:
            mask &= self.titles_mask(filters.titles)
        if filters.seniorities:
            mask &= self._any("s", (_slug(s) for s in filters.seniorities))
        if filters.departments:
            mask &= self._any("d", (_slug(d) for d in filters.departments))
        if filters.locations:
            mask &= self.locations_mask(filters.locations)
        if filters.industries:
            mask &= self._any("i", (_resolve_slug(v, INDUSTRY_NAMES) for v in filters.industries))
        if filters.company_size:
            mask &= self.size_mask(filters.company_size)
        if filters.technologies:
            slugs = [_resolve_slug(v, TECHNOLOGIES) for v in filters.technologies]
            mask &= self._fields["x"].containing(slugs)
        if filters.keywords:
            mask &= self.keywords_mask(filters.keywords)
        return mask

    def page(self, mask: int, offset: int, limit: int) -> tuple[list[int], int]:
        """Person seqs of matches `offset`..`offset+limit` in display order, and the total."""
        total = mask.bit_count()
        if limit <= 0 or offset >= total:
            return [], total
        data = mask.to_bytes(self.size, "little")
        start = 0
        skip = max(0, offset)
        # Skip whole chunks with a C-level count while the offset is ahead of them.
        while skip:
            ones = data.count(1, start, start + 4096)
            if ones > skip:
                break
            skip -= ones
            start += 4096
        out: list[int] = []
        order = self._order
        position = data.find(1, start)
        while position != -1 and len(out) < limit:
            if skip:
                skip -= 1
            else:
                out.append(order[position])
            position = data.find(1, position + 1)
        return out, total

    # -- companies ---------------------------------------------------------------------------

    def search_companies(
        self,
        filters: SearchFilters,
        *,
        status: str | None = None,
        domain: str | None = None,
    ) -> list[int]:
        """Seqs of the companies matching, in display order.

        People filters (titles, seniorities, departments) keep companies that employ at
        least one matching person.
        """
        employers: set[int] | None = None
        if filters.titles or filters.seniorities or filters.departments:
            mask = self.people_mask(
                SearchFilters(
                    titles=filters.titles,
                    seniorities=filters.seniorities,
                    departments=filters.departments,
                )
            )
            seqs, _ = self.page(mask, 0, self.size)
            employers = {self._people[s].company.seq for s in seqs}
        places = _place_sets(filters.locations)
        industries = {_resolve_slug(v, INDUSTRY_NAMES) for v in filters.industries}
        technologies = {_resolve_slug(v, TECHNOLOGIES) for v in filters.technologies}
        size = filters.company_size
        keyword_sets = [k for k in (set(keyword_tokens(k)) for k in filters.keywords) if k]
        keyword_hits: set[int] | None = None
        if keyword_sets:
            index = self.company_token_index()
            keyword_hits = set()
            for tokens in keyword_sets:
                hits = [set(index.get(t, ())) for t in tokens]
                keyword_hits |= set.intersection(*hits)
        wanted_status = fold(status).strip() if status else None
        wanted_domain = normalise_domain(domain) if domain else None
        out: list[int] = []
        for number in self._company_order:
            company = self._companies[number]
            if wanted_status and company.status != wanted_status:
                continue
            if wanted_domain and company.domain != wanted_domain:
                continue
            if filters.locations and not _company_in_places(company, places):
                continue
            if industries and company.industry not in industries:
                continue
            if technologies and not technologies.intersection(company.technologies):
                continue
            if size and (
                (size.min is not None and company.employees < size.min)
                or (size.max is not None and company.employees > size.max)
            ):
                continue
            if keyword_hits is not None and number not in keyword_hits:
                continue
            if employers is not None and number not in employers:
                continue
            out.append(number)
        return out


def company_tokens(company: SandboxCompany) -> list[str]:
    """Stemmed words a keyword can match on a company (name, domain, industry, stack, text)."""
    parts = [
        company.name,
        company.domain.rsplit(".", 1)[0],
        INDUSTRY_NAMES.get(company.industry, company.industry),
        company.description,
        *(TECHNOLOGIES.get(t, t) for t in company.technologies),
    ]
    return keyword_tokens(" ".join(parts))


_Place = tuple[set[str] | None, set[str] | None, set[tuple[str, str]] | None]


def _place_sets(locations: Sequence[LocationFilter]) -> list[_Place]:
    places: list[_Place] = []
    for loc in locations:
        code = country_code(loc.country) if loc.country else None
        places.append(
            (
                ({code} if code else set()) if loc.country else None,
                set(_region_keys().get(fold(loc.region).strip(), ())) if loc.region else None,
                set(_city_keys().get(fold(loc.city).strip(), ())) if loc.city else None,
            )
        )
    return places


def _company_in_places(company: SandboxCompany, places: list[_Place]) -> bool:
    for countries, regions, cities in places:
        if countries is not None and company.country not in countries:
            continue
        if regions is not None and company.region_code not in regions:
            continue
        if cities is not None and (company.country, company.city) not in cities:
            continue
        return True
    return False
