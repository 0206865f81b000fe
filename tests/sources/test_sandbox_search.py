"""Sandbox search: every filter, combined filters, paging, companies, speed."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from leadsmith.search.filters import LocationFilter, SearchFilters, SizeRange
from leadsmith.sources.records import PersonRecord
from leadsmith.sources.sandbox import SandboxWorld, get_world
from leadsmith.sources.sandbox.entities import SandboxPerson
from leadsmith.sources.sandbox.search import title_tokens

SEED = 20260413


@pytest.fixture(scope="module")
def world() -> SandboxWorld:
    world = get_world(SEED, 5000, 50000)
    world.search_index()
    return world


def _all(world: SandboxWorld, filters: SearchFilters) -> list[SandboxPerson]:
    # Every match, without building 50,000 records: the page of the index itself.
    index = world.search_index()
    seqs, total = index.page(index.people_mask(filters), 0, len(world.people))
    assert len(seqs) == total
    first: list[PersonRecord] = world.search_people(filters, offset=0, limit=3)[0]
    assert [p.email for p in first] == [world.people[s].email for s in seqs[:3]]
    return [world.people[s] for s in seqs]


def _check(
    world: SandboxWorld, filters: SearchFilters, expected: Callable[[SandboxPerson], bool]
) -> list[SandboxPerson]:
    found = _all(world, filters)
    wanted = {p.email for p in world.people if expected(p)}
    assert {p.email for p in found} == wanted
    assert wanted, "the filter should match somebody"
    return found


def test_titles_match_words_and_abbreviations(world: SandboxWorld) -> None:
    _check(
        world,
        SearchFilters(titles=["Revenue Operations"]),
        lambda p: "Revenue Operations" in p.title,
    )
    vp_sales = _check(world, SearchFilters(titles=["VP Sales"]), lambda p: p.title == "VP of Sales")
    assert vp_sales
    _check(
        world,
        SearchFilters(titles=["CTO", "chief financial officer"]),
        lambda p: p.title in {"Chief Technology Officer", "Chief Financial Officer"},
    )
    assert title_tokens("Vice President, Sales") == title_tokens("VP of Sales")
    assert not _all(world, SearchFilters(titles=["Astronaut"]))


def test_seniority_department_industry_technology(world: SandboxWorld) -> None:
    _check(
        world,
        SearchFilters(seniorities=["vp", "c-suite"]),
        lambda p: p.seniority in {"vp", "c_suite"},
    )
    _check(
        world,
        SearchFilters(departments=["customer_success"]),
        lambda p: p.department == "customer_success",
    )
    _check(
        world,
        SearchFilters(industries=["fintech", "AI & machine learning"]),
        lambda p: p.company.industry in {"fintech", "ai_ml"},
    )
    _check(
        world,
        SearchFilters(technologies=["Shopify"]),
        lambda p: "shopify" in p.company.technologies,
    )


def test_locations(world: SandboxWorld) -> None:
    _check(
        world,
        SearchFilters(locations=[LocationFilter(country="United States")]),
        lambda p: p.country == "US",
    )
    _check(
        world,
        SearchFilters(locations=[LocationFilter(country="DE"), LocationFilter(country="uk")]),
        lambda p: p.country in {"DE", "GB"},
    )
    _check(
        world,
        SearchFilters(locations=[LocationFilter(country="US", region="California")]),
        lambda p: p.region_code == "US-CA",
    )
    _check(
        world,
        SearchFilters(locations=[LocationFilter(region="Bayern")]),
        lambda p: p.region_code == "DE-BY",
    )
    _check(
        world,
        SearchFilters(locations=[LocationFilter(city="München")]),
        lambda p: p.city == "Munich",
    )
    _check(
        world,
        SearchFilters(locations=[LocationFilter(city="bangalore")]),
        lambda p: p.city == "Bengaluru",
    )
    assert not _all(world, SearchFilters(locations=[LocationFilter(country="Atlantis")]))
    assert not _all(world, SearchFilters(locations=[LocationFilter(country="FR", city="Berlin")]))


def test_company_size(world: SandboxWorld) -> None:
    _check(
        world,
        SearchFilters(company_size=SizeRange(min=51, max=200)),
        lambda p: 51 <= p.company.employees <= 200,
    )
    _check(
        world,
        SearchFilters(company_size=SizeRange(min=30, max=700)),
        lambda p: 30 <= p.company.employees <= 700,
    )
    _check(
        world,
        SearchFilters(company_size=SizeRange(min=10001)),
        lambda p: p.company.employees >= 10001,
    )
    _check(
        world, SearchFilters(company_size=SizeRange(max=10)), lambda p: p.company.employees <= 10
    )


def test_keywords_match_name_title_company_description_and_skills(world: SandboxWorld) -> None:
    person = world.people[1234]
    assert person.email in {
        p.email for p in _all(world, SearchFilters(keywords=[person.last_name]))
    }
    _check(
        world,
        SearchFilters(keywords=["Kubernetes"]),
        lambda p: "Kubernetes" in p.skills or "kubernetes" in p.company.technologies,
    )
    _check(
        world,
        SearchFilters(keywords=["freight forwarding"]),
        lambda p: "freight forwarding" in p.company.description,
    )
    company = world.companies[42]
    found = _all(world, SearchFilters(keywords=[company.short_name]))
    assert {
        p.email
        for p in world.people[company.first_person : company.first_person + company.people_count]
    } <= {p.email for p in found}
    assert not _all(world, SearchFilters(keywords=["zzyzx-nothing"]))


def test_combined_filters(world: SandboxWorld) -> None:
    _check(
        world,
        SearchFilters(
            seniorities=["vp", "director", "head"],
            departments=["sales"],
            industries=["saas", "software"],
            company_size=SizeRange(min=51, max=1000),
            locations=[LocationFilter(country="US"), LocationFilter(country="GB")],
        ),
        lambda p: (
            p.seniority in {"vp", "director", "head"}
            and p.department == "sales"
            and p.company.industry in {"saas", "software"}
            and 51 <= p.company.employees <= 1000
            and p.country in {"US", "GB"}
        ),
    )
    _check(
        world,
        SearchFilters(titles=["engineer"], technologies=["python"], keywords=["payments"]),
        lambda p: (
            "engineer" in p.title.lower().replace("engineering", "engineer")
            and "python" in p.company.technologies
            and "payments" in p.company.description
        ),
    )


def test_paging_is_deterministic_and_disjoint(world: SandboxWorld) -> None:
    filters = SearchFilters(departments=["engineering"])
    seen: list[str] = []
    offset = 0
    while True:
        page, total = world.search_people(filters, offset=offset, limit=997)
        if not page:
            break
        seen.extend(p.email or "" for p in page)
        offset += len(page)
    assert len(seen) == len(set(seen)) == total
    again, _ = world.search_people(filters, offset=2000, limit=25)
    assert [p.email for p in again] == seen[2000:2025]
    first_page, _ = world.search_people(SearchFilters(), offset=0, limit=25)
    assert len({p.company.domain for p in first_page if p.company}) > 15  # mixed companies
    assert world.search_people(filters, offset=total + 5, limit=10) == ([], total)


def test_search_companies(world: SandboxWorld) -> None:
    companies, total = world.search_companies(
        SearchFilters(technologies=["AWS"], locations=[LocationFilter(country="United States")]),
        offset=0,
        limit=10_000,
        status="verified",
    )
    expected = {
        c.domain
        for c in world.companies
        if "aws" in c.technologies and c.country == "US" and c.status == "verified"
    }
    assert {c.domain for c in companies} == expected and total == len(expected)
    sized, _ = world.search_companies(
        SearchFilters(industries=["logistics"], company_size=SizeRange(min=201)),
        offset=0,
        limit=10_000,
    )
    assert sized and all(c.industry == "logistics" and (c.employees or 0) >= 201 for c in sized)
    hiring, _ = world.search_companies(SearchFilters(titles=["VP Sales"]), offset=0, limit=10_000)
    employers = {p.company.domain for p in world.people if p.title == "VP of Sales"}
    assert {c.domain for c in hiring} == employers
    one = world.companies[77]
    assert world.search_companies(SearchFilters(), offset=0, limit=5, domain=one.domain)[1] == 1
    page1, _ = world.search_companies(SearchFilters(), offset=0, limit=50)
    page2, _ = world.search_companies(SearchFilters(), offset=50, limit=50)
    assert not {c.domain for c in page1} & {c.domain for c in page2}


def test_typical_queries_are_fast(world: SandboxWorld) -> None:
    queries = [
        SearchFilters(titles=["Revenue Operations"], locations=[LocationFilter(country="US")]),
        SearchFilters(
            seniorities=["vp", "director"], departments=["marketing"], industries=["saas"]
        ),
        SearchFilters(company_size=SizeRange(min=51, max=500), technologies=["hubspot"]),
        SearchFilters(keywords=["fintech"], locations=[LocationFilter(city="London")]),
    ]
    for filters in queries:
        world.search_people(filters, offset=0, limit=25)  # warm token caches
        timings = []
        for _ in range(5):
            start = time.perf_counter()
            world.search_people(filters, offset=0, limit=25)
            timings.append(time.perf_counter() - start)
        # Best of five, so a busy machine does not fail the test.
        assert min(timings) < 0.05, (filters, timings)
