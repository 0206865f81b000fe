"""The shared provider plumbing: retry policy, wait hints, redaction, normalisers."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from tests.fakes.providers import RecordedSleep

from leadsmith.sources.base import SourceError
from leadsmith.sources.http_provider import (
    ProviderHTTP,
    RetryPolicy,
    country_code,
    employees_from_band,
    industry_slug,
    parse_retry_after,
    plain_text,
    to_e164,
)


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = RetryPolicy(attempts=6, base_delay=0.5, max_delay=3.0)
    assert [policy.backoff(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_retry_after_seconds_and_http_dates() -> None:
    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


async def test_transient_answers_are_retried_then_returned(sleeps: RecordedSleep) -> None:
    statuses = iter([503, 502, 200])
    transport = httpx.MockTransport(lambda request: httpx.Response(next(statuses)))
    http = ProviderHTTP(
        "demo",
        "http://provider.test/v1",
        transport=transport,
        sleep=sleeps,
        retry=RetryPolicy(attempts=3, base_delay=0.25),
    )
    response = await http.request("GET", "/thing")
    assert response.status_code == 200
    assert sleeps.waits == [0.25, 0.5]
    await http.aclose()


async def test_transport_errors_become_source_errors_without_the_secret(
    sleeps: RecordedSleep,
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused for {request.url}")

    http = ProviderHTTP(
        "demo",
        "http://provider.test/v1?key=s3cret-key",
        transport=httpx.MockTransport(refuse),
        sleep=sleeps,
        secrets=["s3cret-key"],
        retry=RetryPolicy(attempts=2, base_delay=0.01),
    )
    with pytest.raises(SourceError, match="unreachable") as raised:
        await http.request("GET", "x")
    assert "s3cret-key" not in str(raised.value)
    assert sleeps.waits == [0.01]
    await http.aclose()


async def test_an_own_client_is_closed_and_a_shared_one_is_not() -> None:
    own = ProviderHTTP("demo", "http://provider.test")
    await own.aclose()
    assert own._client.is_closed
    async with httpx.AsyncClient() as shared:
        borrowed = ProviderHTTP("demo", "http://provider.test", client=shared)
        await borrowed.aclose()
        assert not shared.is_closed


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("US", "US"),
        ("united states", "US"),
        ("United Kingdom", "GB"),
        ("south korea", "KR"),
        ("russia", "RU"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_country_codes(given: str, code: str | None) -> None:
    assert country_code(given) == code


def test_small_normalisers() -> None:
    assert employees_from_band("1,001-5,000") == 1001
    assert employees_from_band("10001+") == 10001
    assert employees_from_band(84) == 84
    assert employees_from_band(True) is None
    assert industry_slug("Computer & Network Security") == "cybersecurity"
    assert industry_slug("SaaS") == "saas"
    assert industry_slug("Basket weaving") is None
    assert to_e164("+1 (415) 555-0100") == "+14155550100"
    assert to_e164("030 1234567", "DE") == "+49301234567"
    assert to_e164("12") is None
    assert plain_text("VP <strong>Sales</strong> &amp; Growth") == "VP Sales & Growth"
