"""HunterSource against the fake Hunter.io: requests sent, answers mapped, errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from tests.fakes.providers import FakeHunter, RecordedSleep, Reply, malformed

from leadsmith.sources.base import PersonQuery, SourceError
from leadsmith.sources.http_provider import DataSubjectOptOut, RetryPolicy
from leadsmith.sources.hunter import HunterSource

JANE = PersonQuery(first_name="Jane", last_name="Doe", domain="acme.com")


@pytest.fixture
async def hunter(
    fake_hunter: FakeHunter, sleeps: RecordedSleep, fast_retry: RetryPolicy
) -> AsyncIterator[HunterSource]:
    source = HunterSource(
        fake_hunter.api_key,
        base_url=fake_hunter.base_url,
        retry=fast_retry,
        sleep=sleeps,
        timeout=2.0,
    )
    yield source
    await source.aclose()


@pytest.fixture
def acme(fake_hunter: FakeHunter) -> FakeHunter:
    fake_hunter.add_domain("acme.com", organization="Acme", pattern="{first}.{last}")
    fake_hunter.add_person(
        "Jane",
        "Doe",
        "acme.com",
        score=97,
        position="VP Sales",
        seniority="executive",
        department="sales",
        linkedin="janedoe",
        phone_number="+1 415 555 0134",
        source_uris=("https://acme.com/team", "https://blog.acme.com/hello"),
        city="San Francisco",
        country_code="US",
    )
    fake_hunter.add_person(
        "John", "Roe", "acme.com", score=64, position="Support Engineer", seniority="junior"
    )
    fake_hunter.add_person("Info", "", "acme.com", email="info@acme.com", type="generic")
    return fake_hunter


async def test_find_email_sends_key_in_header_and_maps_the_answer(
    hunter: HunterSource, acme: FakeHunter
) -> None:
    [candidate] = await hunter.find_email(JANE)

    call = acme.last("/email-finder")
    assert call.header("X-API-KEY") == acme.api_key
    assert "api_key" not in call.params  # never in URLs, so never in logs
    assert call.params == {"domain": "acme.com", "first_name": "Jane", "last_name": "Doe"}
    assert candidate.email == "jane.doe@acme.com"
    assert candidate.confidence == 97
    assert candidate.evidence == "found"
    assert candidate.verified and candidate.verdict == "valid"
    assert [p.url for p in candidate.provenance] == [
        "https://acme.com/team",
        "https://blog.acme.com/hello",
    ]
    assert {p.source for p in candidate.provenance} == {"hunter"}
    assert candidate.provenance[0].seen_at.date().isoformat() == "2025-03-02"


async def test_an_address_without_sources_was_built_from_the_pattern(
    hunter: HunterSource, fake_hunter: FakeHunter
) -> None:
    fake_hunter.add_domain("globex.com", organization="Globex", accept_all=True)
    fake_hunter.add_person("Hank", "Scorpio", "globex.com", score=71, verification="accept_all")

    [candidate] = await hunter.find_email(
        PersonQuery(first_name="Hank", last_name="Scorpio", company_name="Globex")
    )

    assert fake_hunter.last("/email-finder").params["company"] == "Globex"
    assert candidate.evidence == "pattern"
    assert candidate.verdict == "risky"
    assert [p.url for p in candidate.provenance] == [None]


async def test_a_miss_is_an_empty_answer_and_thin_queries_are_not_sent(
    hunter: HunterSource, acme: FakeHunter
) -> None:
    assert (
        await hunter.find_email(
            PersonQuery(first_name="Nobody", last_name="Here", domain="acme.com")
        )
        == []
    )
    assert await hunter.find_email(PersonQuery(first_name="Jane", domain="acme.com")) == []
    assert await hunter.find_email(PersonQuery(first_name="Jane", last_name="Doe")) == []
    assert acme.count("/email-finder") == 1


async def test_domain_search_exposes_pattern_people_and_company(
    hunter: HunterSource, acme: FakeHunter
) -> None:
    result = await hunter.domain_search("acme.com", limit=10)

    assert acme.last("/domain-search").params == {
        "domain": "acme.com",
        "limit": "10",
        "offset": "0",
    }
    assert result.pattern == "{first}.{last}"
    assert result.organization == "Acme"
    assert result.accept_all is False
    assert result.total == 3
    jane, john, info = result.emails
    assert (jane.value, jane.confidence, jane.seniority, jane.department) == (
        "jane.doe@acme.com",
        97,
        "vp",  # Hunter says "executive"; the title says more
        "sales",
    )
    assert jane.linkedin_url == "https://www.linkedin.com/in/janedoe"
    assert jane.phone == "+14155550134"
    assert john.seniority == "entry"
    assert info.type == "generic" and info.person() is None
    people = result.people()
    assert [p.name for p in people] == ["Jane Doe", "John Roe"]
    assert people[0].company is not None and people[0].company.domain == "acme.com"
    assert people[0].email == "jane.doe@acme.com"


async def test_domain_search_of_an_unknown_domain_has_no_pattern(hunter: HunterSource) -> None:
    result = await hunter.domain_search("unknown.example")
    assert result.pattern is None and result.emails == []


async def test_verifier_polls_while_hunter_answers_202(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.set_verification("jane.doe@acme.com", "valid", score=99, pending=2)

    result = await hunter.verify_email("jane.doe@acme.com")

    assert acme.count("/email-verifier") == 3
    assert sleeps.waits == [0.01, 0.02]  # back-off between polls
    assert (result.status, result.verdict, result.score) == ("valid", "valid", 99)
    assert result.smtp_check is True


async def test_verifier_gives_up_after_bounded_polls(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.set_verification("slow@acme.com", "valid", pending=100)

    with pytest.raises(SourceError, match="still in progress") as raised:
        await hunter.verify_email("slow@acme.com")

    assert acme.count("/email-verifier") == hunter.verify_polls + 1
    assert raised.value.retry_after is not None


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        ("valid", "valid"),
        ("invalid", "invalid"),
        ("accept_all", "risky"),
        ("disposable", "risky"),
        ("webmail", "unknown"),
        ("unknown", "unknown"),
    ],
)
async def test_verifier_statuses_map_to_verdicts(
    hunter: HunterSource, fake_hunter: FakeHunter, status: str, verdict: str
) -> None:
    fake_hunter.set_verification("x@example.com", status)
    result = await hunter.verify_email("x@example.com")
    assert (result.status, result.verdict) == (status, verdict)


async def test_verifier_222_is_a_retry_later_error(
    hunter: HunterSource, fake_hunter: FakeHunter
) -> None:
    fake_hunter.queue("/email-verifier", Reply(222, json={"data": {}}))
    with pytest.raises(SourceError, match="SMTP") as raised:
        await hunter.verify_email("x@example.com")
    assert raised.value.retry_after


async def test_invalid_key_is_a_clear_error_without_the_key(fake_hunter: FakeHunter) -> None:
    source = HunterSource("wrong-key-123", base_url=fake_hunter.base_url)
    try:
        with pytest.raises(SourceError, match="invalid API key") as raised:
            await source.find_email(JANE)
    finally:
        await source.aclose()
    assert "wrong-key-123" not in str(raised.value)
    assert raised.value.source == "hunter"
    assert fake_hunter.count() == 1  # a bad key is not retried


async def test_no_key_fails_before_any_request(fake_hunter: FakeHunter) -> None:
    source = HunterSource("", base_url=fake_hunter.base_url)
    try:
        with pytest.raises(SourceError, match="no API key"):
            await source.find_email(JANE)
    finally:
        await source.aclose()
    assert fake_hunter.count() == 0


async def test_rate_limit_403_is_retried_with_back_off(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.queue("/email-finder", FakeHunter.rate_limited(), FakeHunter.rate_limited())

    [candidate] = await hunter.find_email(JANE)

    assert candidate.email == "jane.doe@acme.com"
    assert acme.count("/email-finder") == 3
    assert sleeps.waits == [0.01, 0.02]


async def test_rate_limit_403_that_persists_becomes_an_error_with_retry_after(
    hunter: HunterSource, acme: FakeHunter
) -> None:
    acme.always("/email-finder", FakeHunter.rate_limited())
    with pytest.raises(SourceError, match="rate limit") as raised:
        await hunter.find_email(JANE)
    assert acme.count("/email-finder") == 3  # bounded by the retry policy
    assert raised.value.retry_after == 1.0


async def test_usage_limit_429_is_not_retried(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.queue("/email-finder", FakeHunter.usage_limit_reached())
    with pytest.raises(SourceError, match="usage limit"):
        await hunter.find_email(JANE)
    assert acme.count("/email-finder") == 1
    assert sleeps.waits == []


async def test_a_429_with_retry_after_is_waited_out(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.queue(
        "/email-finder", FakeHunter.error(429, "too_many_requests", "slow down", Retry_After="2")
    )
    assert await hunter.find_email(JANE)
    assert sleeps.waits == [2.0]


async def test_a_wait_longer_than_the_policy_allows_fails_at_once(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.queue(
        "/email-finder", FakeHunter.error(429, "too_many_requests", "later", Retry_After="3600")
    )
    with pytest.raises(SourceError) as raised:
        await hunter.find_email(JANE)
    assert raised.value.retry_after == 3600.0
    assert sleeps.waits == []


async def test_claimed_email_451_is_an_opt_out(hunter: HunterSource, acme: FakeHunter) -> None:
    acme.queue("/email-finder", FakeHunter.claimed_email())
    with pytest.raises(DataSubjectOptOut, match="claimed_email"):
        await hunter.find_email(JANE)


async def test_server_errors_are_retried(
    hunter: HunterSource, acme: FakeHunter, sleeps: RecordedSleep
) -> None:
    acme.queue(
        "/email-finder", Reply(503, body=b"upstream down", headers={"Content-Type": "text/plain"})
    )
    assert await hunter.find_email(JANE)
    assert acme.count("/email-finder") == 2


async def test_malformed_json_is_a_source_error(hunter: HunterSource, acme: FakeHunter) -> None:
    acme.queue("/email-finder", malformed())
    with pytest.raises(SourceError, match="malformed JSON"):
        await hunter.find_email(JANE)
    acme.queue("/email-finder", Reply(200, json=["not", "an", "object"]))
    with pytest.raises(SourceError, match="not an object"):
        await hunter.find_email(JANE)


async def test_bad_request_carries_hunters_error_id(hunter: HunterSource, acme: FakeHunter) -> None:
    acme.queue("/domain-search", FakeHunter.error(400, "invalid_domain", "acme is not a domain"))
    with pytest.raises(SourceError, match="invalid_domain: acme is not a domain"):
        await hunter.domain_search("acme")


async def test_enrich_person_by_email_uses_people_find(
    hunter: HunterSource, acme: FakeHunter
) -> None:
    person = await hunter.enrich_person(PersonQuery(email="jane.doe@acme.com"))

    assert acme.last("/people/find").params == {"email": "jane.doe@acme.com"}
    assert person is not None
    assert (person.first_name, person.last_name, person.title) == ("Jane", "Doe", "VP Sales")
    assert person.linkedin_url == "https://www.linkedin.com/in/janedoe"
    assert (person.country, person.city) == ("US", "San Francisco")
    assert person.phone == "+14155550134"
    assert person.company is not None and person.company.name == "Acme"
    assert person.department == "sales"


async def test_enrich_person_by_name_uses_the_email_finder(
    hunter: HunterSource, acme: FakeHunter
) -> None:
    person = await hunter.enrich_person(JANE)
    assert acme.count("/people/find") == 0
    assert person is not None and person.email == "jane.doe@acme.com"
    assert person.seniority == "vp"


async def test_enrich_person_not_found_is_none(hunter: HunterSource, acme: FakeHunter) -> None:
    assert await hunter.enrich_person(PersonQuery(email="ghost@acme.com")) is None
    assert (
        await hunter.enrich_person(PersonQuery(linkedin_url="https://www.linkedin.com/in/ghost"))
        is None
    )
    assert acme.last("/people/find").params == {"linkedin_handle": "ghost"}


async def test_enrich_company(hunter: HunterSource, fake_hunter: FakeHunter) -> None:
    fake_hunter.add_company(
        "hunter.io",
        name="Hunter",
        category={"sector": "Information Technology", "industry": "Internet Software & Services"},
        description="Email finder.",
        location="Wilmington, Delaware, United States",
        linkedin={"handle": "company/hunterio"},
        metrics={"employees": "11-50"},
        tech=["cloudflare", "ruby"],
    )

    company = await hunter.enrich_company("hunter.io")

    assert company is not None
    assert (company.name, company.domain, company.industry) == ("Hunter", "hunter.io", "software")
    assert (company.employees, company.country, company.region, company.city) == (
        11,
        "US",
        "Delaware",
        "Wilmington",
    )
    assert company.linkedin_url == "https://www.linkedin.com/company/hunterio"
    assert company.technologies == ["cloudflare", "ruby"]
    assert await hunter.enrich_company("nope.example") is None
    assert await hunter.enrich_company(name="Hunter") is None  # no look-up by name


async def test_health_uses_the_free_account_endpoint(
    hunter: HunterSource, fake_hunter: FakeHunter
) -> None:
    health = await hunter.health()
    assert (health.configured, health.healthy) == (True, True)
    assert health.detail is not None and "Starter" in health.detail
    assert fake_hunter.count("/account") == 1

    account = await hunter.account()
    assert account.searches_available == 2000


async def test_health_without_key_or_with_a_bad_one(fake_hunter: FakeHunter) -> None:
    unconfigured = HunterSource("", base_url=fake_hunter.base_url)
    wrong = HunterSource("wrong", base_url=fake_hunter.base_url)
    try:
        assert (await unconfigured.health()).configured is False
        bad = await wrong.health()
        assert (bad.configured, bad.healthy) == (True, False)
        assert bad.detail is not None and "invalid API key" in bad.detail
    finally:
        await unconfigured.aclose()
        await wrong.aclose()
    assert fake_hunter.count() == 1


async def test_an_unreachable_server_is_retried_then_reported(
    sleeps: RecordedSleep, fast_retry: RetryPolicy
) -> None:
    with FakeHunter() as gone:
        url = gone.base_url
    source = HunterSource("k", base_url=url, retry=fast_retry, sleep=sleeps)
    try:
        with pytest.raises(SourceError, match="unreachable"):
            await source.find_email(JANE)
    finally:
        await source.aclose()
    assert len(sleeps.waits) == 2


async def test_a_slow_answer_times_out(fake_hunter: FakeHunter, sleeps: RecordedSleep) -> None:
    fake_hunter.always("/email-finder", Reply(200, json={"data": {}}, delay=0.5))
    source = HunterSource(
        fake_hunter.api_key,
        base_url=fake_hunter.base_url,
        timeout=0.1,
        retry=RetryPolicy(attempts=1),
        sleep=sleeps,
    )
    try:
        with pytest.raises(SourceError, match="no answer within"):
            await source.find_email(JANE)
    finally:
        await source.aclose()


async def test_a_shared_client_is_used_and_left_open(acme: FakeHunter) -> None:
    async with httpx.AsyncClient() as shared:
        source = HunterSource(acme.api_key, base_url=acme.base_url, client=shared)
        assert await source.find_email(JANE)
        await source.aclose()
        assert not shared.is_closed


async def test_key_and_base_url_come_from_settings(acme: FakeHunter) -> None:
    from leadsmith.config import Settings

    settings = Settings(hunter_api_key=acme.api_key, hunter_base_url=acme.base_url)
    source = HunterSource(settings=settings)
    try:
        assert await source.find_email(JANE)
    finally:
        await source.aclose()
