"""Builds the sandbox world from a seed: companies first, then each company's people.

Every company draws from its own `random.Random` seeded by (seed, company number), and
its people draw from the same generator, so the world is the same on every run. The
only state carried across companies is what keeps values unique (names and domains
seen, one phone counter per numbering template), so `iter_people` can stream a million
people without holding them.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Generic, NamedTuple, TypeVar

from leadsmith.sources.sandbox.company_names import (
    GROUP_WORDS,
    LOCAL_NOUNS,
    STYLE_WEIGHTS,
    brand_name,
    domain_label,
)
from leadsmith.sources.sandbox.email_patterns import PATTERN_WEIGHTS, local_part
from leadsmith.sources.sandbox.entities import SandboxCompany, SandboxPerson
from leadsmith.sources.sandbox.industries import FAMILY_OF, INDUSTRIES, INDUSTRY_BY_SLUG
from leadsmith.sources.sandbox.names import NAME_GROUPS, feminine_surname
from leadsmith.sources.sandbox.normalise import alnum, hyphenated
from leadsmith.sources.sandbox.phones import PhoneAllocator, country_phones
from leadsmith.sources.sandbox.places import COUNTRIES, COUNTRY_BY_CODE, City
from leadsmith.sources.sandbox.titles import (
    DEPARTMENT_OVERRIDES,
    DEPARTMENT_SKILLS,
    DEPARTMENT_WEIGHTS,
    LEADER_TITLES,
    MANAGING_DIRECTOR_COUNTRIES,
    TECH_SKILL_DEPARTMENTS,
    TITLES,
    Title,
)
from leadsmith.taxonomy import COMPANY_SIZE_BANDS, TECHNOLOGIES

TLD = "example"
CURRENT_YEAR = 2026
CATCH_ALL_SHARE = 0.05
VERIFIED_SHARE = 0.85
LEGAL_SUFFIX_SHARE = 0.35
# Share of companies per size band (COMPANY_SIZE_BANDS order), and the relative number of
# their employees the sandbox knows about.
BAND_SHARES = (22, 28, 22, 11, 7, 6, 2.5, 1.5)
BAND_PEOPLE_WEIGHTS = (3, 8, 16, 24, 32, 44, 56, 72)
LARGEST_COMPANY = 300_000
# People per company when only a number of people is asked for (iter_people).
PEOPLE_PER_COMPANY = 10

_T = TypeVar("_T")


class Picker(Generic[_T]):
    """Weighted choice with one `rng.random()` draw."""

    __slots__ = ("_cum", "_items", "_total")

    def __init__(self, pairs: Iterable[tuple[_T, float]]) -> None:
        self._items: list[_T] = []
        self._cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                self._items.append(item)
                self._cum.append(total)
        if not self._items:
            raise ValueError("nothing to pick from")
        self._total = total

    def pick(self, rng: random.Random) -> _T:
        return self._items[bisect_right(self._cum, rng.random() * self._total)]


class _Tables(NamedTuple):
    countries: Picker[str]
    cities: dict[str, Picker[City]]
    name_groups: dict[str, Picker[str]]
    industries: Picker[str]
    titles: dict[str, Picker[Title]]
    leaders: dict[tuple[bool, bool], Picker[tuple[str, str]]]
    technologies: dict[str, Picker[str]]
    styles: dict[str, Picker[str]]
    patterns: Picker[str]
    bands: Picker[int]


def _title_picker(industry: str) -> Picker[Title]:
    weights = dict(DEPARTMENT_WEIGHTS[FAMILY_OF[industry]])
    weights.update(DEPARTMENT_OVERRIDES.get(industry, {}))
    totals: dict[str, float] = {}
    allowed = [t for t in TITLES if t.industries is None or industry in t.industries]
    for t in allowed:
        totals[t.department] = totals.get(t.department, 0.0) + t.weight
    return Picker(
        (t, weights.get(t.department, 0) * t.weight / totals[t.department]) for t in allowed
    )


def _tech_picker(industry: str) -> Picker[str]:
    merged: dict[str, float] = {}
    for slug, weight in INDUSTRY_BY_SLUG[industry].technologies:
        merged[slug] = merged.get(slug, 0.0) + weight
    return Picker(merged.items())


def _leader_picker(large: bool, managing_director: bool) -> Picker[tuple[str, str]]:
    pairs = []
    for title, seniority, small_w, large_w in LEADER_TITLES:
        weight = large_w if large else small_w
        if managing_director and title == "Managing Director":
            weight *= 4
        pairs.append(((title, seniority), weight))
    return Picker(pairs)


@lru_cache(maxsize=1)
def tables() -> _Tables:
    """Weighted pickers shared by every world (built once per process)."""
    return _Tables(
        countries=Picker((c.code, c.weight) for c in COUNTRIES),
        cities={c.code: Picker((city, city.weight) for city in c.cities) for c in COUNTRIES},
        name_groups={c.code: Picker(c.name_groups) for c in COUNTRIES},
        industries=Picker((i.slug, i.weight) for i in INDUSTRIES),
        titles={i.slug: _title_picker(i.slug) for i in INDUSTRIES},
        leaders={(lg, md): _leader_picker(lg, md) for lg in (False, True) for md in (False, True)},
        technologies={i.slug: _tech_picker(i.slug) for i in INDUSTRIES},
        styles={fam: Picker(pairs) for fam, pairs in STYLE_WEIGHTS.items()},
        patterns=Picker(PATTERN_WEIGHTS),
        bands=Picker(enumerate(BAND_SHARES)),
    )


def _choice(rng: random.Random, items: tuple[str, ...]) -> str:
    # Cheaper than rng.choice; one random() draw.
    return items[int(rng.random() * len(items))]


def _company_rng(seed: int, number: int) -> random.Random:
    return random.Random(seed * 2_654_435_761 + number)


def _people_counts(seed: int, companies: int, people: int) -> Iterator[int]:
    """How many people each company gets: shares by size band, summing exactly to `people`."""
    bands = tables().bands
    weights = [BAND_PEOPLE_WEIGHTS[bands.pick(_company_rng(seed, i))] for i in range(companies)]
    total = sum(weights)
    running = 0
    given = 0
    for weight in weights:
        running += weight
        upto = people * running // total
        yield upto - given
        given = upto


class _Generator:
    """Sequential world builder; holds only what keeps names, domains and phones unique."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.t = tables()
        self.names_seen: set[str] = set()
        self.domains_seen: set[str] = set()
        self.phones = PhoneAllocator(seed)
        self.person_seq = 0

    def company(self, number: int, people_count: int) -> tuple[SandboxCompany, random.Random]:
        t = self.t
        rng = _company_rng(self.seed, number)
        band = t.bands.pick(rng)  # same first draw as _people_counts
        low, high = COMPANY_SIZE_BANDS[band]
        high = high or LARGEST_COMPANY
        employees = min(high, max(low, round(low * (high / low) ** rng.random())))
        employees = max(employees, people_count)
        country = t.countries.pick(rng)
        city = t.cities[country].pick(rng)
        industry = t.industries.pick(rng)
        short_name, label = self._name(rng, number, country, city, industry)
        suffixes = COUNTRY_BY_CODE[country].legal_suffixes
        name = short_name
        if rng.random() < LEGAL_SUFFIX_SHARE:
            name = f"{short_name} {rng.choice(suffixes)}"
        technologies = self._technologies(rng, industry, band)
        founded = CURRENT_YEAR - 1 - int(rng.random() ** 1.5 * (6 + band * 12))
        company = SandboxCompany(
            seq=number,
            name=name,
            short_name=short_name,
            domain=f"{label}.{TLD}",
            industry=industry,
            employees=employees,
            country=country,
            region=city.region,
            region_code=city.region_code,
            city=city.name,
            technologies=technologies,
            description=describe_company(rng, short_name, industry, city, country, founded),
            email_pattern=t.patterns.pick(rng),
            catch_all=rng.random() < CATCH_ALL_SHARE,
            status="verified" if rng.random() < VERIFIED_SHARE else "unverified",
            phone=self.phones.allocate(
                country, country_phones(country).area_template(city.area_code)
            ),
            founded=founded,
            first_person=self.person_seq,
            people_count=people_count,
        )
        return company, rng

    def _name(
        self, rng: random.Random, number: int, country: str, city: City, industry: str
    ) -> tuple[str, str]:
        ind = INDUSTRY_BY_SLUG[industry]
        styles = self.t.styles[FAMILY_OF[industry]]
        groups = self.t.name_groups[country]
        local = LOCAL_NOUNS.get(country, {}).get(industry)
        short = label = ""
        for _ in range(12):
            style = styles.pick(rng)
            noun = rng.choice(ind.nouns)
            if local and style == "surname" and rng.random() < 0.6:
                noun = local
            last_names = NAME_GROUPS[groups.pick(rng)].last
            short = brand_name(
                rng,
                style,
                noun=noun,
                surname=rng.choice(last_names),
                surname2=rng.choice(last_names),
                city=city.name,
            )
            label = domain_label(rng, short, style, noun)
            if alnum(short) not in self.names_seen and label not in self.domains_seen:
                break
        else:
            short = f"{short} {rng.choice(GROUP_WORDS)}"
            label = f"{alnum(short)}{number}"
        self.names_seen.add(alnum(short))
        self.domains_seen.add(label)
        return short, label

    def _technologies(self, rng: random.Random, industry: str, band: int) -> tuple[str, ...]:
        picker = self.t.technologies[industry]
        wanted = 2 + rng.randrange(3) + band // 2
        chosen: set[str] = set()
        for _ in range(wanted * 3):
            chosen.add(picker.pick(rng))
            if len(chosen) >= wanted:
                break
        return tuple(slug for slug in TECHNOLOGIES if slug in chosen)

    def people(self, company: SandboxCompany, rng: random.Random) -> list[SandboxPerson]:
        t = self.t
        home = COUNTRY_BY_CODE[company.country]
        hq = next(c for c in home.cities if c.name == company.city)
        titles = t.titles[company.industry]
        leader = t.leaders[(company.employees > 50, company.country in MANAGING_DIRECTOR_COUNTRIES)]
        remote_share = 0.12 if company.employees > 50 else 0.03
        used_locals: set[str] = set()
        used_unique: set[str] = set()
        out: list[SandboxPerson] = []
        for j in range(company.people_count):
            seq = self.person_seq
            self.person_seq += 1
            if j and rng.random() < remote_share:
                country = t.countries.pick(rng)
                city = t.cities[country].pick(rng)
            else:
                country = company.country
                city = hq if j == 0 or rng.random() < 0.6 else t.cities[country].pick(rng)
            group = t.name_groups[country].pick(rng)
            names = NAME_GROUPS[group]
            female = rng.random() < 0.5
            first = _choice(rng, names.female if female else names.male)
            last = _choice(rng, names.last)
            if female:
                last = feminine_surname(group, last)
            if j == 0:
                title, seniority = leader.pick(rng)
                department = "executive"
            else:
                pick = titles.pick(rng)
                for _ in range(3):
                    if not pick.unique or pick.title not in used_unique:
                        break
                    pick = titles.pick(rng)
                if pick.unique:
                    used_unique.add(pick.title)
                title, seniority, department = pick.title, pick.seniority, pick.department
            skills = skills_for(rng, department, company.technologies)
            local = local_part(company.email_pattern, first, last)
            if local in used_locals:
                n = 2
                while f"{local}{n}" in used_locals:
                    n += 1
                local = f"{local}{n}"
            used_locals.add(local)
            roll = rng.random()
            if j == 0:
                phone_type = "direct" if roll < 0.5 else "mobile"
            else:
                phone_type = "mobile" if roll < 0.4 else "direct" if roll < 0.85 else "office"
            if phone_type == "office" and country != company.country:
                phone_type = "direct"
            phones = country_phones(country)
            if phone_type == "mobile":
                template = phones.mobile
            elif phone_type == "office":
                template = phones.area_template(hq.area_code)
            else:
                template = phones.area_template(city.area_code)
            out.append(
                SandboxPerson(
                    seq=seq,
                    first_name=first,
                    last_name=last,
                    title=title,
                    seniority=seniority,
                    department=department,
                    email=f"{local}@{company.domain}",
                    phone=self.phones.allocate(country, template),
                    phone_type=phone_type,
                    linkedin_slug=self._slug(rng, seq, first, last),
                    country=country,
                    region=city.region,
                    region_code=city.region_code,
                    city=city.name,
                    skills=skills,
                    company=company,
                )
            )
        return out

    def _slug(self, rng: random.Random, seq: int, first: str, last: str) -> str:
        # The code is a bijection of seq mod 2**32, so slugs are unique without a set.
        code = format((seq * 2_654_435_761 + self.seed) & 0xFFFFFFFF, "08x")
        roll = rng.random()
        if roll < 0.75:
            return f"{hyphenated(first)}-{hyphenated(last)}-{code}"
        if roll < 0.9:
            return f"{alnum(first)}{alnum(last)}-{code}"
        return f"{alnum(first)[:1]}{alnum(last)}-{code}"


@lru_cache(maxsize=1)
def _skill_runs() -> dict[str, list[tuple[str, ...]]]:
    # Every run of 3-5 consecutive skills (wrapping round) per department, indexed
    # by start * 3 + (length - 3).
    runs: dict[str, list[tuple[str, ...]]] = {}
    for department, pool in DEPARTMENT_SKILLS.items():
        size = len(pool)
        runs[department] = [
            tuple(pool[(start + i) % size] for i in range(min(length, size)))
            for start in range(size)
            for length in (3, 4, 5)
        ]
    return runs


def skills_for(
    rng: random.Random, department: str, technologies: tuple[str, ...]
) -> tuple[str, ...]:
    """3-5 skills of the department, plus one of the company's technologies for tech roles."""
    runs = _skill_runs()[department]
    chosen = runs[int(rng.random() * len(runs))]
    if department in TECH_SKILL_DEPARTMENTS and technologies:
        chosen += (TECHNOLOGIES[technologies[int(rng.random() * len(technologies))]],)
    return chosen


def describe_company(
    rng: random.Random, name: str, industry: str, city: City, country: str, founded: int
) -> str:
    """A one-sentence description from the industry's offers and audiences."""
    ind = INDUSTRY_BY_SLUG[industry]
    offer = rng.choice(ind.offers)
    audience = rng.choice(ind.audiences)
    country_name = COUNTRY_BY_CODE[country].name
    form = rng.randrange(3)
    if form == 0:
        return f"{name} is a {city.name}-based company offering {offer} for {audience}."
    if form == 1:
        return f"{name} provides {offer} for {audience}. Founded in {founded}."
    return (
        f"Headquartered in {city.name}, {country_name}, {name} focuses on {offer} for {audience}."
    )


def generate(
    seed: int, companies: int, people: int
) -> Iterator[tuple[SandboxCompany, list[SandboxPerson]]]:
    """Yield each company of the world with its people, in order."""
    gen = _Generator(seed)
    for number, count in enumerate(_people_counts(seed, companies, people)):
        company, rng = gen.company(number, count)
        yield company, gen.people(company, rng)


def iter_people(n: int, seed: int, companies: int | None = None) -> Iterator[SandboxPerson]:
    """Stream `n` people (each with its company) in bounded memory; for benchmarks.

    With `companies=None` there is one company per ten people. The same (seed, companies,
    n) gives the same people as the cached world of that size.
    """
    companies = companies if companies is not None else max(1, n // PEOPLE_PER_COMPANY)
    for _, people in generate(seed, companies, n):
        yield from people
