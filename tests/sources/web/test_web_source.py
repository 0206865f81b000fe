"""The `web` source on the fake sites: emails, phones and company facts with provenance."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from tests.fakes.sites import FakeWeb

from leadsmith.sources.base import Capability, PersonQuery, Unsupported
from leadsmith.sources.web import WebSource
from leadsmith.sources.web.source import (
    CONFIDENCE_FULL_NAME_PATTERN,
    CONFIDENCE_ON_PERSON_CARD,
    CONFIDENCE_ROLE_ADDRESS,
    local_part_score,
)


@pytest.fixture
async def source(fake_web: FakeWeb) -> AsyncIterator[WebSource]:
    fake_web.add("acme.test", "acme")
    fake_web.add("mueller-soehne.test", "mueller")
    crawler = fake_web.crawler()
    yield WebSource(crawler)
    await crawler.aclose()


def test_declares_what_it_does() -> None:
    assert WebSource.name == "web" and WebSource.uses_network
    assert WebSource.capabilities == {
        Capability.FIND_EMAIL,
        Capability.FIND_PHONE,
        Capability.ENRICH_COMPANY,
    }


async def test_finds_the_address_on_the_persons_card(source: WebSource) -> None:
    found = await source.find_email(
        PersonQuery(first_name="Jane", last_name="Doe", domain="acme.test")
    )
    best = found[0]
    assert (best.email, best.evidence, best.confidence) == (
        "jane@acme.test",
        "found",
        CONFIDENCE_ON_PERSON_CARD,
    )
    assert best.provenance[0].source == "web"
    assert best.provenance[0].url is not None and best.provenance[0].url.endswith("/team/")
    # Other people's addresses are not offered for Jane; the company's inboxes are, low.
    others = {c.email: c.confidence for c in found[1:]}
    assert "john@acme.test" not in others and "carlos.mendes@acme.test" not in others
    assert others["info@acme.test"] == CONFIDENCE_ROLE_ADDRESS


async def test_obfuscated_and_microdata_addresses(source: WebSource) -> None:
    john = await source.find_email(
        PersonQuery(first_name="john", last_name="SMITH", domain="acme.test")
    )
    assert john[0].email == "john@acme.test"
    carlos = await source.find_email(
        PersonQuery(first_name="Carlos", last_name="Mendes", domain="https://www.acme.test/")
    )
    assert carlos[0].email == "carlos.mendes@acme.test"


async def test_address_that_spells_the_name(source: WebSource) -> None:
    found = await source.find_email(
        PersonQuery(first_name="Hans", last_name="Schmidt", domain="mueller-soehne.test")
    )
    assert (found[0].email, found[0].confidence) == (
        "h.schmidt@mueller-soehne.test",
        CONFIDENCE_FULL_NAME_PATTERN,
    )


async def test_nobody_of_that_name_gets_only_role_addresses(source: WebSource) -> None:
    found = await source.find_email(
        PersonQuery(first_name="Zed", last_name="Zulu", domain="acme.test")
    )
    assert found and all(c.confidence == CONFIDENCE_ROLE_ADDRESS for c in found)
    assert {c.email for c in found} >= {"info@acme.test", "sales@acme.test"}


async def test_without_a_name_every_address_of_the_domain(source: WebSource) -> None:
    found = await source.find_email(PersonQuery(domain="acme.test"))
    emails = [c.email for c in found]
    assert emails.index("jane@acme.test") < emails.index("info@acme.test")
    assert len(emails) == 8


async def test_without_a_domain_nothing(source: WebSource) -> None:
    assert await source.find_email(PersonQuery(first_name="Jane", last_name="Doe")) == []
    assert await source.find_phone(PersonQuery(first_name="Jane", company_name="Acme")) == []
    assert await source.enrich_company(name="Acme Robotics") is None


async def test_phone_of_the_person_then_the_company(source: WebSource) -> None:
    priya = await source.find_phone(
        PersonQuery(first_name="Priya", last_name="Raman", domain="acme.test")
    )
    assert (priya[0].e164, priya[0].type, priya[0].country) == ("+14155550123", "direct", "US")
    assert priya[0].provenance[0].source == "web"
    nobody = await source.find_phone(
        PersonQuery(first_name="Zed", last_name="Zulu", domain="acme.test")
    )
    assert (nobody[0].e164, nobody[0].type) == ("+14155550100", "office")
    assert "+14155550123" not in {p.e164 for p in nobody[:1]}


async def test_enrich_company(source: WebSource) -> None:
    company = await source.enrich_company("acme.test")
    assert company is not None
    assert (company.name, company.domain, company.status) == (
        "Acme Robotics",
        "acme.test",
        "verified",
    )
    assert (company.city, company.region, company.country) == ("San Francisco", "CA", "US")
    assert (company.employees, company.phone) == (140, "+14155550100")
    assert company.linkedin_url == "https://www.linkedin.com/company/acme-robotics"
    assert company.technologies == ["hubspot"]
    assert company.provenance and all(p.source == "web" for p in company.provenance)


async def test_unreachable_site_enriches_nothing(source: WebSource) -> None:
    assert await source.enrich_company("nowhere.test") is None
    assert (
        await source.find_email(PersonQuery(first_name="A", last_name="B", domain="nowhere.test"))
        == []
    )


async def test_one_crawl_serves_many_questions(source: WebSource, fake_web: FakeWeb) -> None:
    query = PersonQuery(first_name="Jane", last_name="Doe", domain="acme.test")
    await asyncio.gather(
        source.find_email(query), source.find_phone(query), source.enrich_company("acme.test")
    )
    await source.find_email(query)
    assert fake_web.paths_requested("acme.test").count("/") == 1


async def test_other_capabilities_are_unsupported(source: WebSource) -> None:
    with pytest.raises(Unsupported):
        await source.domain_for_company("Acme")
    assert (await source.health()).healthy


@pytest.mark.parametrize(
    ("local", "first", "last", "score"),
    [
        ("jane.doe", "Jane", "Doe", 90),
        ("jdoe", "Jane", "Doe", 90),
        ("doe.j", "Jane", "Doe", 90),
        ("jane_doe", "Jane", "Doe", 90),
        ("j.mueller", "Jörg", "Müller", 90),
        ("zoe", "Zoë", "Adams", 70),
        ("adams", "Zoë", "Adams", 60),
        ("info", "Jane", "Doe", 0),
        ("john", "Jane", "Doe", 0),
    ],
)
def test_local_part_scores(local: str, first: str, last: str, score: int) -> None:
    assert local_part_score(local, first, last) == score
