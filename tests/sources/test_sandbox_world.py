"""The sandbox world: determinism, shape, validity of every value, look-ups, verification."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import phonenumbers
import pycountry
import pytest

from leadsmith.sources.sandbox import SandboxWorld, get_world, iter_people
from leadsmith.sources.sandbox.email_patterns import PATTERNS, local_part
from leadsmith.sources.sandbox.entities import SandboxCompany, SandboxPerson
from leadsmith.sources.sandbox.places import COUNTRIES
from leadsmith.sources.sandbox.titles import LEADER_TITLES, TITLES
from leadsmith.taxonomy import (
    COMPANY_SIZE_BANDS,
    DEPARTMENTS,
    INDUSTRIES,
    SENIORITIES,
    TECHNOLOGIES,
)

SEED = 20260413
COMPANIES = 5000
PEOPLE = 50000
# sha256 over every person's email|phone|slug|title|city: changes whenever the world does.
# Bump WORLD_VERSION in world.py together with this value.
UNIQUE_TITLES = {t.title for t in TITLES if t.unique}
WORLD_DIGEST = "de6dfba2ffd2c5a1c7d2bfc6ab4d86d95a8df5ca5c6f34a1ca11ed315e171fcd"


@pytest.fixture(scope="module")
def world() -> SandboxWorld:
    return get_world(SEED, COMPANIES, PEOPLE)


def test_counts_and_metadata(world: SandboxWorld) -> None:
    assert len(world.companies) >= 5000
    assert len(world.people) >= 50000
    assert world.metadata() == {
        "name": "sandbox",
        "seed": SEED,
        "companies": COMPANIES,
        "people": PEOPLE,
        "version": world.metadata()["version"],
    }
    assert sum(c.people_count for c in world.companies) == PEOPLE


def test_same_seed_same_world_and_streaming_agrees() -> None:
    first = SandboxWorld.build(7, 300, 3000)
    second = SandboxWorld.build(7, 300, 3000)
    assert first.companies == second.companies
    assert first.people == second.people
    assert list(iter_people(3000, 7, companies=300)) == list(first.people)
    other = SandboxWorld.build(8, 300, 3000)
    assert [p.email for p in other.people] != [p.email for p in first.people]


def test_known_values_are_stable(world: SandboxWorld) -> None:
    company = world.companies[0]
    assert (company.name, company.domain, company.country, company.city) == (
        "Riverscope Pty Ltd",
        "riverscope.example",
        "AU",
        "Melbourne",
    )
    person = world.people[0]
    assert person.email == "francesco.martinelli@riverscope.example"
    assert person.linkedin_slug == "francesco-martinelli-0135263d"
    digest = hashlib.sha256(
        "\n".join(
            f"{p.email}|{p.phone}|{p.linkedin_slug}|{p.title}|{p.city}" for p in world.people
        ).encode()
    ).hexdigest()
    assert digest == WORLD_DIGEST


def test_iter_people_streams_a_large_world_lazily() -> None:
    stream = iter_people(200_000, SEED)
    first = [next(stream) for _ in range(2000)]
    assert len({p.email for p in first}) == 2000
    assert all(p.company.domain.endswith(".example") for p in first)


def test_places_are_real_and_consistent(world: SandboxWorld) -> None:
    assert len(COUNTRIES) >= 25
    assert len({c.country for c in world.companies}) >= 25
    for country in COUNTRIES:
        assert pycountry.countries.get(alpha_2=country.code) is not None
        for city in country.cities:
            assert pycountry.subdivisions.get(code=city.region_code) is not None, city
    cities = {(c.code, city.name): city for c in COUNTRIES for city in c.cities}
    places = [(c.country, c.city, c.region, c.region_code) for c in world.companies]
    places += [(p.country, p.city, p.region, p.region_code) for p in world.people]
    for code, name, region, region_code in places:
        city = cities[(code, name)]
        assert (region, region_code) == (city.region, city.region_code)


def test_slugs_come_from_the_taxonomy_and_all_are_used(world: SandboxWorld) -> None:
    assert {c.industry for c in world.companies} == set(INDUSTRIES)
    assert {p.seniority for p in world.people} == set(SENIORITIES)
    assert {p.department for p in world.people} == set(DEPARTMENTS)
    assert {t for c in world.companies for t in c.technologies} == set(TECHNOLOGIES)
    catalogue = {(t.title, t.seniority, t.department) for t in TITLES}
    catalogue |= {(title, seniority, "executive") for title, seniority, _, _ in LEADER_TITLES}
    assert all((p.title, p.seniority, p.department) in catalogue for p in world.people)
    assert len({p.title for p in world.people}) > 200


def test_every_phone_is_valid_for_its_country_and_unique(world: SandboxWorld) -> None:
    phones: list[tuple[str, str]] = [(p.phone, p.country) for p in world.people]
    phones += [(c.phone, c.country) for c in world.companies]
    assert len({e for e, _ in phones}) == len(phones)
    # Every number, checked by libphonenumber against its country (parsing all 55,000
    # would dominate the suite, so the number object is built from the country's code).
    for e164, country in phones:
        code = phonenumbers.country_code_for_region(country)
        assert e164.startswith(f"+{code}"), e164
        nsn = e164[len(str(code)) + 1 :]
        number = phonenumbers.PhoneNumber(
            country_code=code, national_number=int(nsn), italian_leading_zero=nsn[0] == "0"
        )
        assert phonenumbers.is_valid_number_for_region(number, country), e164
    # A sample through the full parser: E.164 round trip, validity, region, type.
    for p in world.people[::10]:
        number = phonenumbers.parse(p.phone)
        assert phonenumbers.is_valid_number(number), p.phone
        assert phonenumbers.region_code_for_number(number) == p.country, p.phone
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == p.phone
        if p.phone_type == "mobile":
            assert phonenumbers.number_type(number) in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
    assert {p.phone_type for p in world.people} == {"direct", "mobile", "office"}


def test_domains_are_unique_and_reserved(world: SandboxWorld) -> None:
    domains = [c.domain for c in world.companies]
    assert len(set(domains)) == len(domains)
    label = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.example$")
    assert all(label.match(d) for d in domains)
    assert all(p.email.endswith("@" + p.company.domain) for p in world.people)


def test_company_names_are_varied_with_legal_suffixes(world: SandboxWorld) -> None:
    names = [c.name for c in world.companies]
    assert len({c.short_name for c in world.companies}) == len(names)
    for suffix in ("Inc.", "GmbH", "Pvt Ltd", "Ltd", "S.r.l.", "B.V.", "K.K."):
        assert any(n.endswith(" " + suffix) for n in names), suffix
    with_suffix = sum(n != c.short_name for n, c in zip(names, world.companies, strict=True))
    assert 0.25 < with_suffix / len(names) < 0.45
    assert all(c.description and c.short_name in c.description for c in world.companies)


def test_emails_follow_the_company_pattern(world: SandboxWorld) -> None:
    emails = [p.email for p in world.people]
    assert len(set(emails)) == len(emails)
    used = Counter(c.email_pattern for c in world.companies)
    assert set(used) == set(PATTERNS)
    for p in world.people:
        local = p.email.split("@")[0]
        expected = local_part(p.company.email_pattern, p.first_name, p.last_name)
        assert local == expected or re.fullmatch(re.escape(expected) + r"[2-9]\d*", local)


def test_linkedin_urls(world: SandboxWorld) -> None:
    slugs = [p.linkedin_slug for p in world.people]
    assert len(set(slugs)) == len(slugs)
    pattern = re.compile(r"^https://www\.linkedin\.com/in/[a-z0-9-]+-[0-9a-f]{8}$")
    assert all(pattern.match(p.linkedin_url) for p in world.people)


def test_catch_all_share_and_status(world: SandboxWorld) -> None:
    share = sum(c.catch_all for c in world.companies) / len(world.companies)
    assert 0.035 < share < 0.065
    assert {c.status for c in world.companies} == {"verified", "unverified"}


def test_employee_counts_match_size_bands(world: SandboxWorld) -> None:
    bands = Counter(c.size_band for c in world.companies)
    assert len(bands) == len(COMPANY_SIZE_BANDS)
    for c in world.companies:
        low, high = (
            (int(x) for x in c.size_band.rstrip("+").split("-"))
            if "-" in c.size_band
            else (
                int(c.size_band.rstrip("+")),
                None,
            )
        )
        assert c.employees >= low and (high is None or c.employees <= high)
        assert c.people_count <= c.employees
    assert max(c.employees for c in world.companies) > 10000


def test_leaders_and_unique_chiefs(world: SandboxWorld) -> None:
    for c in world.companies:
        staff = world.people[c.first_person : c.first_person + c.people_count]
        assert all(p.company is c for p in staff)
        if staff:
            assert staff[0].department == "executive"
        chiefs = [p.title for p in staff if p.title in UNIQUE_TITLES]
        assert len(chiefs) == len(set(chiefs)) or len(staff) > 40


# -- look-ups -------------------------------------------------------------------------------


def _sample(world: SandboxWorld, n: int = 400) -> list[SandboxPerson]:
    return list(world.people[:: len(world.people) // n])


def test_lookup_by_email_phone_and_linkedin_round_trip(world: SandboxWorld) -> None:
    for p in _sample(world):
        assert (r := world.person_by_email(p.email.upper())) and r.email == p.email
        national = phonenumbers.format_number(
            phonenumbers.parse(p.phone), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        assert (r := world.person_by_phone(national)) and r.phone == p.phone
        assert (r := world.person_by_linkedin(p.linkedin_url + "/?trk=x")) and r.email == p.email
        assert (r := world.person_by_linkedin(p.linkedin_slug)) and r.email == p.email
    assert world.person_by_email("nobody@nowhere.test") is None
    assert world.person_by_phone("not a phone") is None


def test_find_person_folds_case_and_accents(world: SandboxWorld) -> None:
    accented = [
        p for p in world.people if p.first_name != p.first_name.encode("ascii", "ignore").decode()
    ]
    assert accented
    for p in [*_sample(world, 200), *accented[:50]]:
        first = p.first_name.upper().replace("É", "E").replace("Ö", "O").replace("Ü", "U")
        found = world.find_person(first, p.last_name.lower(), domain="WWW." + p.company.domain)
        assert found is not None and found.first_name == p.first_name
        assert found.last_name == p.last_name
        by_company = world.find_person(p.first_name, p.last_name, company_name=p.company.name)
        assert by_company is not None and by_company.company is not None
        assert by_company.company.domain == p.company.domain
    assert world.find_person("Nobody", "Atall", domain=world.companies[0].domain) is None


def test_company_lookups(world: SandboxWorld) -> None:
    for c in world.companies[:: len(world.companies) // 200]:
        assert (r := world.company_by_domain(f"https://www.{c.domain}/about")) and r.name == c.name
        assert (r := world.company_by_name(c.name)) and r.domain == c.domain
        assert (r := world.company_by_name(c.short_name.upper())) and r.domain == c.domain
    typo = world.companies[3]
    fuzzy = world.company_by_name(typo.short_name[:-1] + "x")
    assert fuzzy is None or fuzzy.domain
    assert world.company_by_domain("unknown-domain.example") is None


def test_records_are_fresh_copies(world: SandboxWorld) -> None:
    p = world.people[10]
    record = world.person_by_email(p.email)
    assert record is not None and record.company is not None
    record.title = "changed"
    record.company.technologies.append("changed")
    again = world.person_by_email(p.email)
    assert again is not None and again.title == p.title and again.company is not None
    assert "changed" not in again.company.technologies
    assert again == world.person_by_email(p.email)  # same answer, same provenance time


# -- verification ---------------------------------------------------------------------------


def _company(world: SandboxWorld, catch_all: bool) -> SandboxCompany:
    return next(c for c in world.companies if c.catch_all is catch_all and c.people_count)


def test_verify_world_addresses(world: SandboxWorld) -> None:
    normal = _company(world, False)
    person = world.people[normal.first_person]
    assert world.verify_email(person.email)["verdict"] == "valid"
    unknown = world.verify_email(f"nobody.here@{normal.domain}")
    assert (unknown["verdict"], unknown["reason"], unknown["known"]) == (
        "invalid",
        "user_unknown",
        True,
    )
    catch_all = _company(world, True)
    staff = world.people[catch_all.first_person]
    for address in (staff.email, f"nobody.here@{catch_all.domain}"):
        verdict = world.verify_email(address)
        assert (verdict["verdict"], verdict["reason"], verdict["catch_all"]) == (
            "risky",
            "catch_all",
            True,
        )
    assert world.verify_email("not-an-address")["reason"] == "syntax"
    outside = world.verify_email("john@acme.com")
    assert outside["known"] is False and outside["verdict"] in {
        "valid",
        "invalid",
        "risky",
        "unknown",
    }
