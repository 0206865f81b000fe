"""`SandboxSource`: the interface contract, the documents' examples, world round trips."""

from __future__ import annotations

import phonenumbers
import pytest

from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.sources.base import Capability, PersonQuery
from leadsmith.sources.sandbox import (
    InvalidCursor,
    SandboxSource,
    SandboxWorld,
    get_world,
    is_deterministic_miss,
    sandbox_verification,
)
from leadsmith.sources.sandbox.answers import person_key

SEED = 20260413


@pytest.fixture(scope="module")
def world() -> SandboxWorld:
    return get_world(SEED, 5000, 50000)


@pytest.fixture
def source(world: SandboxWorld) -> SandboxSource:
    return SandboxSource(world)


def test_source_declares_everything_offline() -> None:
    assert SandboxSource.name == "sandbox"
    assert SandboxSource.uses_network is False
    assert SandboxSource.cost == 0
    assert SandboxSource.capabilities == frozenset(Capability)


async def test_document_examples_resolve(source: SandboxSource) -> None:
    for first, last, domain in (
        ("John", "Doe", "acme.com"),
        ("Alex", "Johnson", "notion.so"),
        ("Sarah", "Chen", "figma.com"),
    ):
        query = PersonQuery(first_name=first, last_name=last, domain=domain)
        emails = await source.find_email(query)
        assert emails and emails[0].email.endswith("@" + domain)
        assert emails[0].evidence == "pattern" and emails[0].verdict == "valid"
        assert emails[0].provenance[0].source == "sandbox"
        phones = await source.find_phone(query)
        assert phones and phonenumbers.is_valid_number(phonenumbers.parse(phones[0].e164))
        person = await source.enrich_person(query)
        assert person and person.email == emails[0].email and person.company
        assert person.company.domain == domain
    notion = await source.find_email(
        PersonQuery(first_name="Alex", last_name="Johnson", company_name="Notion")
    )
    assert notion
    amanda = await source.enrich_person(
        PersonQuery(email="amanda@northpeak.io", company_name="North Peak")
    )
    assert amanda and amanda.first_name == "Amanda" and amanda.email == "amanda@northpeak.io"
    assert amanda.company and amanda.company.name == "North Peak"
    by_phone = await source.enrich_person(PersonQuery(phone="+1 415 555 0106"))
    assert by_phone and by_phone.phone == "+14155550106"
    priya = await source.enrich_person(PersonQuery(linkedin_url="priya-shah-growth"))
    assert priya and (priya.first_name, priya.last_name) == ("Priya", "Shah")
    assert priya.linkedin_url == "https://www.linkedin.com/in/priya-shah-growth"
    assert priya.title and "Growth" in priya.title
    acme = await source.enrich_company(domain="acme.com")
    assert acme and acme.name == "Acme" and acme.domain == "acme.com"
    assert await source.domain_for_company("Modern Inbound") == [
        ("moderninbound.com", (await source.domain_for_company("Modern Inbound"))[0][1])
    ]
    assert (await source.verify_email("john@acme.com"))["verdict"] == "valid"


async def test_same_input_same_answer(source: SandboxSource) -> None:
    query = PersonQuery(first_name="John", last_name="Doe", domain="acme.com")
    assert await source.enrich_person(query) == await source.enrich_person(query)
    assert await source.find_email(query) == await SandboxSource(source._world).find_email(query)


async def test_world_people_round_trip(source: SandboxSource, world: SandboxWorld) -> None:
    for p in world.people[::5000]:
        emails = await source.find_email(
            PersonQuery(first_name=p.first_name, last_name=p.last_name, domain=p.company.domain)
        )
        assert emails[0].email == p.email and emails[0].evidence == "found"
        assert emails[0].confidence >= 70
        for query in (
            PersonQuery(email=p.email),
            PersonQuery(phone=p.phone),
            PersonQuery(linkedin_url=p.linkedin_url),
            PersonQuery(
                first_name=p.first_name, last_name=p.last_name, company_name=p.company.name
            ),
        ):
            found = await source.enrich_person(query)
            assert found and found.email == p.email, query
        phones = await source.find_phone(PersonQuery(email=p.email))
        assert phones[0].e164 == p.phone and phones[0].type == p.phone_type
        assert phones[0].country == p.country
        company = await source.enrich_company(name=p.company.name)
        assert company and company.domain == p.company.domain
        assert (await source.domain_for_company(p.company.short_name))[0] == (p.company.domain, 100)


async def test_world_domains_are_authoritative(source: SandboxSource, world: SandboxWorld) -> None:
    normal = next(c for c in world.companies if not c.catch_all)
    catch_all = next(c for c in world.companies if c.catch_all)
    unknown = PersonQuery(first_name="Nobody", last_name="Known", domain=normal.domain)
    assert await source.find_email(unknown) == []
    assert await source.enrich_person(unknown) is None
    assert await source.enrich_person(PersonQuery(email=f"nobody@{normal.domain}")) is None
    guess = await source.find_email(
        PersonQuery(first_name="Nobody", last_name="Known", domain=catch_all.domain)
    )
    assert guess and guess[0].evidence == "pattern" and guess[0].verdict == "risky"


async def test_deterministic_misses_are_not_found(source: SandboxSource) -> None:
    misses = [
        (f"Person{i}", "Example", "missing-domain.com")
        for i in range(200)
        if is_deterministic_miss(person_key(f"Person{i}", "Example", "missing-domain.com"))
    ]
    assert misses
    first, last, domain = misses[0]
    query = PersonQuery(first_name=first, last_name=last, domain=domain)
    assert await source.find_email(query) == []
    assert await source.find_phone(query) == []
    assert await source.enrich_person(query) is None
    assert await source.enrich_person(PersonQuery(email="info@acme.com")) is None  # role account


async def test_search_with_cursor(source: SandboxSource) -> None:
    filters = SearchFilters(seniorities=["vp"], locations=[LocationFilter(country="US")])
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page, cursor = await source.search_people(filters, limit=40, cursor=cursor)
        seen.extend(p.email or "" for p in page)
        assert all(p.seniority == "vp" and p.country == "US" for p in page)
        if cursor is None:
            break
        assert cursor.isascii() and not cursor.isdigit()
    _, total = (await source.world()).search_people(filters, offset=0, limit=1)
    assert len(seen) == len(set(seen)) == total
    companies, next_cursor = await source.search_companies(
        SearchFilters(technologies=["aws"]), limit=10, status="verified"
    )
    assert len(companies) == 10 and next_cursor
    more, _ = await source.search_companies(
        SearchFilters(technologies=["aws"]), limit=10, cursor=next_cursor, status="verified"
    )
    assert not {c.domain for c in companies} & {c.domain for c in more}
    with pytest.raises(InvalidCursor):
        await source.search_people(filters, limit=10, cursor="not-a-cursor")


async def test_health_reports_the_dataset(source: SandboxSource) -> None:
    health = await source.health()
    assert health.healthy and health.detail and "50000 people" in health.detail


def test_sandbox_verification_has_the_verifier_shape(world: SandboxWorld) -> None:
    person = world.people[0]
    result = sandbox_verification(person.email.upper())
    assert result.email == person.email.upper() and result.normalized == person.email
    expected = "risky" if person.company.catch_all else "valid"
    assert result.status == expected and result.checks["sandbox"] and result.checks["known"]
    assert sandbox_verification("not an address").reason == "syntax"
    missing = sandbox_verification(f"nobody.here@{world.companies[1].domain}")
    assert missing.status in {"invalid", "risky"} and missing.deliverable is not True
