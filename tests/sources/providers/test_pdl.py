"""PDLSource against the fake People Data Labs: enrichment, search, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tests.fakes.providers import FakePDL, RecordedSleep, Reply, malformed

from leadsmith.search.filters import LocationFilter, SearchFilters, SizeRange
from leadsmith.sources.base import PersonQuery, SourceError
from leadsmith.sources.http_provider import RetryPolicy
from leadsmith.sources.pdl import PDLSource, filters_to_query, rate_limit_wait

SEAN = PersonQuery(email="sean@peopledatalabs.com")


@pytest.fixture
async def pdl(
    fake_pdl: FakePDL, sleeps: RecordedSleep, fast_retry: RetryPolicy
) -> AsyncIterator[PDLSource]:
    source = PDLSource(
        fake_pdl.api_key, base_url=fake_pdl.base_url, retry=fast_retry, sleep=sleeps, timeout=2.0
    )
    yield source
    await source.aclose()


@pytest.fixture
def world(fake_pdl: FakePDL) -> FakePDL:
    fake_pdl.add_person(
        first_name="Sean",
        last_name="Thorne",
        full_name="Sean Thorne",
        job_title="Co-Founder and CEO",
        job_title_role="operations",
        job_title_levels=["owner", "cxo"],
        job_company_name="People Data Labs",
        job_company_website="peopledatalabs.com",
        job_company_industry="computer software",
        job_company_size="51-200",
        job_company_linkedin_url="linkedin.com/company/peopledatalabs",
        job_company_location_country="united states",
        work_email="sean@peopledatalabs.com",
        emails=[
            {"address": "sean@peopledatalabs.com", "type": "current_professional"},
            {"address": "sthorne@oldjob.com", "type": "professional"},
            {"address": "sean.t@gmail.com", "type": "personal"},
        ],
        mobile_phone="+14155688415",
        phone_numbers=["+14155688415", "+1 (415) 555-0100"],
        linkedin_url="linkedin.com/in/seanthorne",
        location_country="united states",
        location_region="california",
        location_locality="san francisco",
        skills=["data", "entrepreneurship"],
    )
    for i, (title, levels, role, country, size) in enumerate(
        [
            ("VP Sales", ["vp"], "sales", "united states", "51-200"),
            ("Vice President, Sales", ["vp"], "sales", "united states", "201-500"),
            ("VP Sales", ["vp"], "sales", "germany", "51-200"),
            ("Sales Manager", ["manager"], "sales", "united states", "51-200"),
            ("VP Engineering", ["vp"], "engineering", "united states", "51-200"),
            ("VP Sales", ["vp"], "sales", "united states", "10001+"),
            ("SVP Sales", ["vp"], "sales", "united states", "11-50"),
        ]
    ):
        fake_pdl.add_person(
            first_name=f"Person{i}",
            last_name="Example",
            job_title=title,
            job_title_levels=levels,
            job_title_role=role,
            location_country=country,
            job_company_size=size,
            job_company_industry="computer software",
            linkedin_url=f"linkedin.com/in/person{i}",
        )
    fake_pdl.add_company(
        name="people data labs",
        display_name="People Data Labs",
        website="peopledatalabs.com",
        size="51-200",
        employee_count=84,
        industry="computer software",
        location={
            "name": "san francisco, california, united states",
            "locality": "san francisco",
            "region": "california",
            "country": "united states",
        },
        linkedin_url="linkedin.com/company/peopledatalabs",
        summary="People data for developers.",
    )
    return fake_pdl


async def test_enrich_person_sends_key_header_and_maps_the_record(
    pdl: PDLSource, world: FakePDL
) -> None:
    person = await pdl.enrich_person(SEAN)

    call = world.last("/person/enrich")
    assert call.header("X-Api-Key") == world.api_key
    assert "api_key" not in call.params
    assert call.params == {
        "email": "sean@peopledatalabs.com",
        "min_likelihood": "6",
        "titlecase": "true",
    }
    assert person is not None
    assert (person.first_name, person.last_name, person.full_name) == (
        "Sean",
        "Thorne",
        "Sean Thorne",
    )
    assert person.title == "Co-Founder and CEO"
    assert person.seniority == "founder"  # the title says more than PDL's levels
    assert person.department == "operations"
    assert person.email == "sean@peopledatalabs.com"
    assert (person.phone, person.phone_type) == ("+14155688415", "mobile")
    assert person.linkedin_url == "https://www.linkedin.com/in/seanthorne"
    assert (person.country, person.region, person.city) == ("US", "california", "san francisco")
    assert person.skills == ["data", "entrepreneurship"]
    assert person.company is not None
    assert (person.company.name, person.company.domain, person.company.industry) == (
        "People Data Labs",
        "peopledatalabs.com",
        "software",
    )
    assert (person.company.employees, person.company.country) == (51, "US")
    assert [p.source for p in person.provenance] == ["pdl"]


async def test_enrich_by_name_and_company(pdl: PDLSource, world: FakePDL) -> None:
    person = await pdl.enrich_person(
        PersonQuery(first_name="Sean", last_name="Thorne", domain="peopledatalabs.com")
    )
    assert person is not None and person.email == "sean@peopledatalabs.com"
    assert world.last("/person/enrich").params["company"] == "peopledatalabs.com"


async def test_a_match_below_min_likelihood_or_no_match_is_none(
    pdl: PDLSource, world: FakePDL
) -> None:
    weak = PersonQuery(first_name="Sean", last_name="Thorne", country="US")  # likelihood 4
    assert await pdl.enrich_person(weak) is None
    assert world.last("/person/enrich").params["country"] == "united states"
    assert await pdl.enrich_person(PersonQuery(email="ghost@example.com")) is None


async def test_thin_queries_are_not_sent(pdl: PDLSource, world: FakePDL) -> None:
    assert await pdl.enrich_person(PersonQuery(first_name="Sean", last_name="Thorne")) is None
    assert await pdl.find_email(PersonQuery(company_name="Acme")) == []
    assert world.count() == 0


async def test_find_email_ranks_the_current_work_address_first(
    pdl: PDLSource, world: FakePDL
) -> None:
    found = await pdl.find_email(PersonQuery(linkedin_url="https://www.linkedin.com/in/seanthorne"))
    assert (
        world.last("/person/enrich").params["profile"] == "https://www.linkedin.com/in/seanthorne"
    )
    assert [(c.email, c.confidence) for c in found] == [
        ("sean@peopledatalabs.com", 90),
        ("sthorne@oldjob.com", 70),
    ]
    assert all(c.evidence == "found" and not c.verified for c in found)


async def test_find_phone_returns_e164_numbers_with_types(pdl: PDLSource, world: FakePDL) -> None:
    phones = await pdl.find_phone(SEAN)
    assert [(p.e164, p.type, p.country) for p in phones] == [
        ("+14155688415", "mobile", "US"),
        ("+14155550100", "unknown", "US"),
    ]


async def test_enrich_company_by_website_and_name(pdl: PDLSource, world: FakePDL) -> None:
    company = await pdl.enrich_company("peopledatalabs.com")
    assert world.last("/company/enrich").params == {
        "website": "peopledatalabs.com",
        "titlecase": "true",
    }
    assert company is not None
    assert (company.name, company.domain, company.employees, company.industry) == (
        "People Data Labs",
        "peopledatalabs.com",
        84,
        "software",
    )
    assert (company.country, company.region, company.city) == ("US", "california", "san francisco")
    assert company.linkedin_url == "https://www.linkedin.com/company/peopledatalabs"
    assert await pdl.enrich_company(name="People Data Labs") is not None
    assert await pdl.enrich_company("nope.example") is None


def test_filters_become_an_elasticsearch_bool_query() -> None:
    query = filters_to_query(
        SearchFilters(
            titles=["VP Sales", "Head of Sales"],
            seniorities=["vp"],
            departments=["sales"],
            locations=[LocationFilter(country="US", region="US-CA", city="San Francisco")],
            industries=["saas"],
            company_size=SizeRange(min=20, max=300),
            keywords=["outbound"],
        )
    )
    must = query["bool"]["must"]
    assert must[0] == {
        "bool": {
            "should": [
                {"match_phrase": {"job_title": "vp sales"}},
                {"match_phrase": {"job_title": "head of sales"}},
            ]
        }
    }
    assert {"terms": {"job_title_levels": ["vp"]}} in must
    assert {"terms": {"job_title_role": ["partnerships", "sales", "sales_engineering"]}} in must
    assert {
        "bool": {
            "must": [
                {"term": {"location_country": "united states"}},
                {"term": {"location_region": "california"}},
                {"term": {"location_locality": "san francisco"}},
            ]
        }
    } in must
    assert {"terms": {"job_company_industry": ["computer software", "internet"]}} in must
    assert {"terms": {"job_company_size": ["11-50", "51-200", "201-500"]}} in must
    assert filters_to_query(SearchFilters()) == {"bool": {"must": []}}


async def test_search_people_pages_with_the_scroll_token(pdl: PDLSource, world: FakePDL) -> None:
    filters = SearchFilters(
        seniorities=["vp"],
        departments=["sales"],
        locations=[LocationFilter(country="US")],
        company_size=SizeRange(min=11, max=500),
    )

    first, cursor = await pdl.search_people(filters, limit=2)
    call = world.last("/person/search")
    assert call.method == "POST"
    assert call.header("X-Api-Key") == world.api_key
    assert call.json["size"] == 2 and "scroll_token" not in call.json
    assert call.json["query"] == filters_to_query(filters)
    assert cursor is not None

    second, end = await pdl.search_people(filters, limit=2, cursor=cursor)
    assert world.last("/person/search").json["scroll_token"] == cursor

    titles = [p.title or "" for p in first + second]
    # VP-level sales people in the US at companies of 11-500: not the German, the
    # manager, the engineer or the 10001+ company.
    assert sorted(titles) == ["SVP Sales", "VP Sales", "Vice President, Sales"]
    assert end is None
    assert all(
        p.linkedin_url and p.linkedin_url.startswith("https://www.linkedin.com/in/") for p in first
    )


async def test_search_without_matches_is_empty(pdl: PDLSource, world: FakePDL) -> None:
    people, cursor = await pdl.search_people(SearchFilters(titles=["astronaut"]), limit=10)
    assert (people, cursor) == ([], None)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (FakePDL.invalid_key(), "invalid API key"),
        (FakePDL.out_of_credits(), "out of credits"),
        (FakePDL.error(403, "forbidden", "not allowed"), "not allowed"),
        (
            FakePDL.error(400, "invalid_request_error", "bad field"),
            "invalid_request_error: bad field",
        ),
    ],
)
async def test_errors_are_mapped_and_not_retried(
    pdl: PDLSource, world: FakePDL, answer: Reply, message: str
) -> None:
    world.queue("/person/enrich", answer)
    with pytest.raises(SourceError, match=message) as raised:
        await pdl.enrich_person(SEAN)
    assert raised.value.source == "pdl"
    assert world.count("/person/enrich") == 1


async def test_a_wrong_key_is_refused_by_the_fake_and_reported(fake_pdl: FakePDL) -> None:
    source = PDLSource("not-the-key", base_url=fake_pdl.base_url)
    try:
        with pytest.raises(SourceError, match="invalid API key") as raised:
            await source.enrich_person(SEAN)
    finally:
        await source.aclose()
    assert "not-the-key" not in str(raised.value)


async def test_rate_limit_honours_retry_after(
    pdl: PDLSource, world: FakePDL, sleeps: RecordedSleep
) -> None:
    world.queue("/person/enrich", FakePDL.rate_limited(retry_after=1.5))
    assert await pdl.enrich_person(SEAN) is not None
    assert sleeps.waits == [1.5]
    assert world.count("/person/enrich") == 2


async def test_rate_limit_honours_the_reset_header(
    pdl: PDLSource, world: FakePDL, sleeps: RecordedSleep
) -> None:
    reset = (datetime.now(UTC) + timedelta(seconds=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    world.queue("/person/search", FakePDL.rate_limited(reset=reset), method="POST")
    people, _ = await pdl.search_people(SearchFilters(titles=["vp sales"]), limit=5)
    assert people
    [wait] = sleeps.waits
    assert 1.0 <= wait <= 3.0


async def test_persistent_rate_limit_ends_in_an_error_with_retry_after(
    pdl: PDLSource, world: FakePDL, sleeps: RecordedSleep
) -> None:
    world.always("/person/enrich", FakePDL.rate_limited(retry_after=0.5))
    with pytest.raises(SourceError, match="rate limited") as raised:
        await pdl.enrich_person(SEAN)
    assert raised.value.retry_after == 0.5
    assert world.count("/person/enrich") == 3
    assert sleeps.waits == [0.5, 0.5]


def test_reset_header_forms() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)

    def wait(**headers: str) -> float | None:
        return rate_limit_wait(httpx.Response(429, headers=headers), now=now)

    assert wait() is None
    assert wait(**{"x-ratelimit-reset": "2025-01-01T00:00:30Z"}) == 30.0
    assert wait(**{"x-ratelimit-reset": str(int(now.timestamp()) + 12)}) == 12.0
    assert wait(**{"x-ratelimit-reset": "7"}) == 7.0
    assert (
        wait(
            **{
                "x-ratelimit-reset": (
                    '{"minute": "2025-01-01T00:01:00Z", "second": "2025-01-01T00:00:01Z"}'
                ),
                "x-ratelimit-remaining": '{"minute": 0, "second": 5}',
            }
        )
        == 60.0
    )


async def test_malformed_json_is_a_source_error(pdl: PDLSource, world: FakePDL) -> None:
    world.queue("/person/enrich", malformed())
    with pytest.raises(SourceError, match="malformed JSON"):
        await pdl.enrich_person(SEAN)
    world.queue("/person/enrich", Reply(200, json={"status": 200, "likelihood": 9}))
    with pytest.raises(SourceError, match="without a data object"):
        await pdl.enrich_person(SEAN)


async def test_health_does_not_spend_credits(pdl: PDLSource, world: FakePDL) -> None:
    health = await pdl.health()
    assert (health.configured, health.healthy) == (True, True)
    assert world.count() == 0
    unconfigured = PDLSource("", base_url=world.base_url)
    assert (await unconfigured.health()).configured is False
    await unconfigured.aclose()
