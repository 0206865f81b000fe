"""SearchEngineSource: filters -> queries -> engines -> people, with a cursor."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from tests.fakes.providers import FakeBrave, FakeSearxng, RecordedSleep, Reply, SearchIndex

from leadsmith.config import Settings
from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.sources.base import Capability, SourceError
from leadsmith.sources.brave import BraveSearchClient
from leadsmith.sources.http_provider import RetryPolicy
from leadsmith.sources.linkedin_titles import SearchEngineSource, build_people_queries
from leadsmith.sources.searxng import SearxngClient


def surname(i: int) -> str:
    """A distinct surname per page (digits would not pass for a name)."""
    return "Lang" + "abcdefghijklmnopqrstuvwxyz"[i]


FILTERS = SearchFilters(
    titles=["VP Sales"], locations=[LocationFilter(country="DE", city="Berlin")]
)


@pytest.fixture
def profiles(search_index: SearchIndex) -> SearchIndex:
    for i in range(23):
        search_index.add_page(
            f"https://de.linkedin.com/in/vp-{i}",
            f"Anna {surname(i)} - VP Sales - Company{i} | LinkedIn",
            "Location: Berlin, Germany",
        )
    search_index.add_page("https://www.linkedin.com/company/acme", "Acme | LinkedIn", "VP Sales")
    search_index.add_page("https://jobs.example.com/vp-sales", "VP Sales job in Berlin", "")
    return search_index


@pytest.fixture
async def source(
    fake_searxng: FakeSearxng, sleeps: RecordedSleep, fast_retry: RetryPolicy
) -> AsyncIterator[SearchEngineSource]:
    engine = SearxngClient(fake_searxng.base_url, retry=fast_retry, sleep=sleeps)
    yield SearchEngineSource([engine], per_query=10, max_pages=5)
    await engine.aclose()


async def test_pages_through_people_without_repeats(
    source: SearchEngineSource, fake_searxng: FakeSearxng, profiles: SearchIndex
) -> None:
    seen: list[str] = []
    cursor: str | None = None
    rounds = 0
    while True:
        people, cursor = await source.search_people(FILTERS, limit=7, cursor=cursor)
        seen += [p.linkedin_url or "" for p in people]
        rounds += 1
        if cursor is None:
            break
        assert len(people) == 7
    assert len(seen) == len(set(seen)) == 23
    assert rounds == 4
    [query] = build_people_queries(FILTERS)
    assert {c.params["q"] for c in fake_searxng.calls_to("/search")} == {query}


async def test_people_carry_what_the_result_showed(
    source: SearchEngineSource, profiles: SearchIndex
) -> None:
    people, _ = await source.search_people(FILTERS, limit=1)
    [anna] = people
    assert (anna.first_name, anna.last_name, anna.title) == ("Anna", "Langa", "VP Sales")
    assert anna.company is not None and anna.company.name == "Company0"
    assert (anna.country, anna.city) == ("DE", "Berlin")
    assert anna.linkedin_url == "https://www.linkedin.com/in/vp-0"
    assert [(p.source, p.url) for p in anna.provenance] == [
        ("search_engine", "https://de.linkedin.com/in/vp-0")
    ]


async def test_a_limit_inside_a_page_resumes_where_it_stopped(
    source: SearchEngineSource, profiles: SearchIndex
) -> None:
    first, cursor = await source.search_people(FILTERS, limit=3)
    second, _ = await source.search_people(FILTERS, limit=3, cursor=cursor)
    assert [p.last_name for p in first + second] == [surname(i) for i in range(6)]


async def test_falls_back_to_the_next_engine(
    fake_searxng: FakeSearxng, fake_brave: FakeBrave, profiles: SearchIndex, fast_retry: RetryPolicy
) -> None:
    fake_searxng.json_enabled = False
    searxng = SearxngClient(fake_searxng.base_url, retry=fast_retry)
    brave = BraveSearchClient(fake_brave.api_key, base_url=fake_brave.base_url, retry=fast_retry)
    source = SearchEngineSource([searxng, brave])
    try:
        people, _ = await source.search_people(FILTERS, limit=5)
    finally:
        await searxng.aclose()
        await brave.aclose()
    assert len(people) == 5
    assert fake_searxng.count() == 1 and fake_brave.count() == 1


async def test_every_engine_failing_is_a_source_error(
    source: SearchEngineSource, fake_searxng: FakeSearxng
) -> None:
    fake_searxng.always("/search", Reply(500, body=b"boom"))
    with pytest.raises(SourceError, match="every engine failed") as raised:
        await source.search_people(FILTERS, limit=5)
    assert raised.value.source == "search_engine"


async def test_a_failure_after_some_results_keeps_them_and_the_place(
    source: SearchEngineSource, profiles: SearchIndex
) -> None:
    filters = SearchFilters(titles=["VP Sales", "Head of Sales"])
    _, head_query = build_people_queries(filters)
    profiles.set_results(
        head_query,
        [
            profiles.add_page(
                "https://www.linkedin.com/in/hd", "Hedda Doe - Head of Sales - Initech"
            )
        ],
    )
    profiles.fail(head_query)

    people, cursor = await source.search_people(filters, limit=15)
    assert len(people) == 10  # the first query's page; the second query failed
    assert cursor is not None

    del profiles.failures[head_query]
    more, _ = await source.search_people(filters, limit=15, cursor=cursor)
    assert more[0].name == "Hedda Doe"  # resumed at the failed query


async def test_no_filters_means_no_queries(
    source: SearchEngineSource, fake_searxng: FakeSearxng
) -> None:
    assert await source.search_people(SearchFilters(), limit=10) == ([], None)
    assert fake_searxng.count() == 0


async def test_a_bad_cursor_is_refused(source: SearchEngineSource) -> None:
    with pytest.raises(SourceError, match="invalid cursor"):
        await source.search_people(FILTERS, limit=5, cursor="not-a-cursor")


async def test_engines_from_settings_and_health(
    fake_searxng: FakeSearxng, fake_brave: FakeBrave, profiles: SearchIndex
) -> None:
    settings = Settings(
        searxng_url=fake_searxng.base_url,
        brave_api_key=fake_brave.api_key,
        brave_base_url=fake_brave.base_url,
    )
    source = SearchEngineSource(settings=settings)
    try:
        assert [e.name for e in source.engines] == ["searxng", "brave"]
        health = await source.health()
        assert (health.configured, health.healthy, health.detail) == (
            True,
            True,
            "engines: searxng, brave",
        )
        people, _ = await source.search_people(FILTERS, limit=2)
        assert len(people) == 2
    finally:
        await source.aclose()
    assert fake_brave.count() == 0  # SearXNG answered

    bare = SearchEngineSource(settings=Settings(searxng_url=None, brave_api_key=None))
    assert (await bare.health()).configured is False
    with pytest.raises(SourceError, match="no search engine configured"):
        await bare.search_people(FILTERS, limit=1)


def test_declares_what_it_is() -> None:
    assert SearchEngineSource.name == "search_engine"
    assert SearchEngineSource.capabilities == frozenset({Capability.SEARCH_PEOPLE})
    assert SearchEngineSource.uses_network is True
