"""SearxngClient and BraveSearchClient against their fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from tests.fakes.providers import (
    FakeBrave,
    FakeSearxng,
    RecordedSleep,
    Reply,
    SearchIndex,
    malformed,
)

from leadsmith.sources.base import SourceError
from leadsmith.sources.brave import BraveSearchClient, rate_limit_wait
from leadsmith.sources.http_provider import RetryPolicy, SearchHit
from leadsmith.sources.searxng import SearxngClient

QUERY = 'site:linkedin.com/in "VP Sales" Berlin'


@pytest.fixture
def pages(search_index: SearchIndex) -> SearchIndex:
    for i in range(25):
        search_index.add_page(
            f"https://de.linkedin.com/in/person-{i}",
            f"Person{i} Example - VP Sales - Company{i} | LinkedIn",
            f"VP Sales at Company{i} · Location: Berlin, Germany",
        )
    search_index.add_page(
        "https://example.com/blog/vp-sales", "How to hire a VP Sales", "VP Sales in Berlin"
    )
    return search_index


@pytest.fixture
async def searxng(
    fake_searxng: FakeSearxng, sleeps: RecordedSleep, fast_retry: RetryPolicy
) -> AsyncIterator[SearxngClient]:
    client = SearxngClient(fake_searxng.base_url, retry=fast_retry, sleep=sleeps)
    yield client
    await client.aclose()


@pytest.fixture
async def brave(
    fake_brave: FakeBrave, sleeps: RecordedSleep, fast_retry: RetryPolicy
) -> AsyncIterator[BraveSearchClient]:
    client = BraveSearchClient(
        fake_brave.api_key, base_url=fake_brave.base_url, retry=fast_retry, sleep=sleeps
    )
    yield client
    await client.aclose()


# --- SearXNG ----------------------------------------------------------------------------


async def test_searxng_asks_for_json_and_maps_results(
    searxng: SearxngClient, fake_searxng: FakeSearxng, pages: SearchIndex
) -> None:
    hits = await searxng.search(QUERY, count=5, page=2)

    assert fake_searxng.last("/search").params == {
        "q": QUERY,
        "format": "json",
        "pageno": "2",
        "categories": "general",
    }
    assert len(hits) == 5
    assert hits[0] == SearchHit(
        url="https://de.linkedin.com/in/person-10",
        title="Person10 Example - VP Sales - Company10 | LinkedIn",
        snippet="VP Sales at Company10 · Location: Berlin, Germany",
        engine="google",
    )
    assert all("linkedin.com/in/" in h.url for h in hits)  # site: was honoured


async def test_searxng_with_json_disabled_says_how_to_fix_it(
    searxng: SearxngClient, fake_searxng: FakeSearxng
) -> None:
    fake_searxng.json_enabled = False
    with pytest.raises(SourceError, match=r"search\.formats"):
        await searxng.search(QUERY)
    assert fake_searxng.count() == 1


async def test_searxng_empty_results_with_broken_upstreams_is_an_error(
    searxng: SearxngClient, fake_searxng: FakeSearxng, pages: SearchIndex
) -> None:
    fake_searxng.unresponsive = [["google", "CAPTCHA"], ["bing", "timeout"]]
    with pytest.raises(SourceError, match=r"google \(CAPTCHA\), bing \(timeout\)"):
        await searxng.search(QUERY)


async def test_searxng_no_results_is_an_empty_list(searxng: SearxngClient) -> None:
    assert await searxng.search("site:linkedin.com/in nothing-matches-this") == []


async def test_searxng_limiter_429_is_retried_after_its_hint(
    searxng: SearxngClient, fake_searxng: FakeSearxng, pages: SearchIndex, sleeps: RecordedSleep
) -> None:
    fake_searxng.queue(
        "/search", Reply(429, body=b"Too Many Requests", headers={"Retry-After": "1"})
    )
    assert await searxng.search(QUERY)
    assert sleeps.waits == [1.0]

    fake_searxng.always("/search", Reply(429, body=b"", headers={"Retry-After": "1"}))
    with pytest.raises(SourceError, match="limiter") as raised:
        await searxng.search(QUERY)
    assert raised.value.retry_after == 1.0


async def test_searxng_malformed_answers(searxng: SearxngClient, fake_searxng: FakeSearxng) -> None:
    fake_searxng.queue("/search", malformed())
    with pytest.raises(SourceError, match="malformed JSON"):
        await searxng.search(QUERY)
    fake_searxng.queue("/search", Reply(200, json={"query": QUERY}))
    with pytest.raises(SourceError, match="results"):
        await searxng.search(QUERY)


# --- Brave ------------------------------------------------------------------------------


async def test_brave_sends_token_count_offset_and_strips_highlighting(
    brave: BraveSearchClient, fake_brave: FakeBrave, pages: SearchIndex
) -> None:
    hits = await brave.search(QUERY, count=20, page=2)

    call = fake_brave.last("/web/search")
    assert call.header("X-Subscription-Token") == fake_brave.api_key
    assert call.params == {"q": QUERY, "count": "20", "offset": "1", "result_filter": "web"}
    assert len(hits) == 5  # 25 profile pages, 20 on the first page
    assert hits[0].snippet == "VP Sales at Company20 · Location: Berlin, Germany"
    assert "<strong>" not in hits[0].snippet
    assert hits[0].engine == "brave"


async def test_brave_caps_count_and_pages(
    brave: BraveSearchClient, fake_brave: FakeBrave, pages: SearchIndex
) -> None:
    assert len(await brave.search(QUERY, count=50)) == 20
    assert fake_brave.last().params["count"] == "20"
    assert await brave.search(QUERY, page=11) == []
    assert fake_brave.count() == 1


async def test_brave_without_web_results_is_empty(brave: BraveSearchClient) -> None:
    assert await brave.search("nothing matches") == []


async def test_brave_invalid_token(fake_brave: FakeBrave) -> None:
    client = BraveSearchClient("bad-token", base_url=fake_brave.base_url)
    try:
        with pytest.raises(SourceError, match="SUBSCRIPTION_TOKEN_INVALID") as raised:
            await client.search(QUERY)
    finally:
        await client.aclose()
    assert "bad-token" not in str(raised.value)


async def test_brave_per_second_limit_waits_for_the_window(
    brave: BraveSearchClient, fake_brave: FakeBrave, pages: SearchIndex, sleeps: RecordedSleep
) -> None:
    fake_brave.queue("/web/search", FakeBrave.rate_limited(reset_second=1))
    assert await brave.search(QUERY)
    assert sleeps.waits == [1.0]
    assert fake_brave.count() == 2


async def test_brave_spent_monthly_quota_fails_at_once(
    brave: BraveSearchClient, fake_brave: FakeBrave, sleeps: RecordedSleep
) -> None:
    fake_brave.queue("/web/search", FakeBrave.rate_limited(reset_month=86_400, monthly=True))
    with pytest.raises(SourceError, match="quota spent") as raised:
        await brave.search(QUERY)
    assert raised.value.retry_after == 86_400
    assert sleeps.waits == []
    assert fake_brave.count() == 1


async def test_brave_validation_error(brave: BraveSearchClient, fake_brave: FakeBrave) -> None:
    fake_brave.queue("/web/search", FakeBrave.error(422, "VALIDATION", "bad offset"))
    with pytest.raises(SourceError, match="VALIDATION: bad offset"):
        await brave.search(QUERY)


async def test_brave_malformed_json(brave: BraveSearchClient, fake_brave: FakeBrave) -> None:
    fake_brave.queue("/web/search", malformed())
    with pytest.raises(SourceError, match="malformed JSON"):
        await brave.search(QUERY)


def test_brave_wait_prefers_retry_after_then_the_spent_window() -> None:
    def wait(**headers: str) -> float | None:
        return rate_limit_wait(httpx.Response(429, headers=headers))

    assert wait() is None
    assert wait(**{"Retry-After": "3"}) == 3.0
    assert wait(**{"X-RateLimit-Remaining": "0, 10", "X-RateLimit-Reset": "1, 5000"}) == 1.0
    assert wait(**{"X-RateLimit-Remaining": "0, 0", "X-RateLimit-Reset": "1, 5000"}) == 5000.0
    assert wait(**{"X-RateLimit-Reset": "2, 5000"}) == 2.0
