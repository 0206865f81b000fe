"""Web discovery end to end: a live run asks a fake SearXNG (or Brave) for LinkedIn
profiles, finds the company's website through the same engine, crawls it on the fake
web, finds and verifies addresses against a fake mail world, and saves results with
their provenance; never charging credits for those lookups."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from leadsmith.accounts.models import Workspace
from leadsmith.billing import ledger, quotas
from leadsmith.config import Settings, get_settings
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.emails.smtp_probe import ProbePolicy
from leadsmith.emails.verifier import EmailVerifier
from leadsmith.enrich.service import Lookups, cache_size, open_lookups
from leadsmith.enrich.waterfall import Waterfall
from leadsmith.search import runs, service
from leadsmith.search.models import SearchResult, SearchRun
from leadsmith.sources.base import PersonQuery, Source
from leadsmith.sources.linkedin_titles import SearchEngineSource
from leadsmith.sources.searxng import SearxngClient
from leadsmith.sources.web import WebSource
from tests.enrich.live import configure
from tests.factories import Caller, make_caller
from tests.fakes.mailworld import MailWorld
from tests.fakes.providers import FakeBrave, FakeSearxng, SearchIndex
from tests.fakes.providers.search import DEFAULT_BRAVE_KEY
from tests.fakes.sites import FakeWeb

PROMPT = "Founders in San Francisco"


@pytest.fixture(scope="module")
def orbit_mail() -> Iterator[MailWorld]:
    """orbitrobotics.com's mail server: Jane and Priya have mailboxes, and info@."""
    world = MailWorld(seed=11)
    world.add_host("mx.orbitrobotics.com")
    world.add_domain(
        "orbitrobotics.com", mx=["mx.orbitrobotics.com"], users=["jane", "priya.raman", "info"]
    )
    with world:
        yield world


@pytest.fixture
async def verifier(orbit_mail: MailWorld) -> AsyncIterator[EmailVerifier]:
    orbit_mail.reset()
    settings = Settings(**orbit_mail.settings_overrides(smtp_timeout=2.0, dns_timeout=1.0))
    v = EmailVerifier(settings, policy=ProbePolicy(throttle_backoff=0.05))
    yield v
    await v.aclose()


@pytest.fixture
def profiles(search_index: SearchIndex) -> SearchIndex:
    """What the engines know: three LinkedIn profiles and Acme's homepage."""
    search_index.add_page(
        "https://www.linkedin.com/in/jane-doe-orbit",
        "Jane Doe - CEO & Co-Founder - Orbit Robotics | LinkedIn",
        "Location: San Francisco, California, United States · Experience: Orbit Robotics",
    )
    search_index.add_page(
        "https://www.linkedin.com/in/priya-raman",
        "Priya Raman - VP Engineering &amp; Founding Engineer - Orbit Robotics | LinkedIn",
        "Location: San Francisco Bay Area",
    )
    search_index.add_page(
        "https://www.linkedin.com/in/carl-nobody",
        "Carl Nobody - Founder - Nowhere Widgets | LinkedIn",
        "Location: San Francisco, California, United States",
    )
    search_index.add_page(
        "https://orbitrobotics.com/",
        "Orbit Robotics | Robots for warehouses",
        "Orbit Robotics builds autonomous mobile robots for warehouses.",
    )
    return search_index


@pytest.fixture
def engines_off() -> Iterator[None]:
    """Settings read afresh after the test changed the engines' environment."""
    yield
    get_settings.cache_clear()


@pytest.fixture
def lookups_on_fakes(
    monkeypatch: pytest.MonkeyPatch, fake_web: FakeWeb, verifier: EmailVerifier
) -> FakeWeb:
    """Live runs' lookups verify against the mail world and crawl the fake web."""
    fake_web.add("orbitrobotics.com", "orbit")

    def on_fakes(
        workspace: Workspace | None,
        *,
        test: bool,
        extra_sources: list[Source] | None = None,
        **_: Any,
    ) -> AbstractAsyncContextManager[Lookups]:
        web = WebSource(fake_web.crawler())
        return open_lookups(
            workspace, test=test, verifier=verifier, extra_sources=[*(extra_sources or []), web]
        )

    monkeypatch.setattr(runs, "open_lookups", on_fakes)
    return fake_web


async def _live_caller() -> Caller:
    caller = await make_caller(plan="pro", credits=50)
    # Our own SMTP finder on; the built-in crawler off (the fake web's one is added).
    await configure(caller.workspace_id, smtp={"enabled": True})
    return caller


async def _run(caller: Caller, prompt: str = PROMPT, fetch: int = 10) -> SearchRun:
    async with session_scope() as session:
        workspace = await session.get(Workspace, caller.workspace_id)
        assert workspace is not None
        started = await service.start_search(
            session,
            workspace,
            prompt=prompt,
            fetch_count=fetch,
            contract="000",
            test=False,
            enqueue=False,
        )
    await runs.execute(started.run.id)
    async with read_scope() as session:
        return await service.get_run(session, caller.workspace_id, started.run.id)


async def _results(run: SearchRun) -> dict[str, SearchResult]:
    async with read_scope() as session:
        rows = (
            await session.execute(select(SearchResult).where(SearchResult.run_id == run.id))
        ).scalars()
        return {r.name: r for r in rows}


def _check_discovered(rows: dict[str, SearchResult], web: FakeWeb) -> None:
    assert set(rows) == {"Jane Doe", "Priya Raman", "Carl Nobody"}
    team_page = f"{web.base_url('orbitrobotics.com')}/team/"

    jane = rows["Jane Doe"]
    assert jane.source == "search_engine" and jane.company == "Orbit Robotics"
    assert jane.company_domain == "orbitrobotics.com"
    assert jane.email == "jane@orbitrobotics.com" and jane.email_status == "valid" and jane.enriched
    assert jane.ai_message and jane.ai_message.startswith("Hi Jane")
    evidence = jane.data["email_evidence"]
    assert evidence["evidence"] == "found" and evidence["verified"] is True
    assert evidence["verdict"] == "valid" and evidence["confidence"] >= 90
    assert ("web", team_page) in {(p["source"], p["url"]) for p in evidence["provenance"]}
    where = {(p["source"], p["url"]) for p in jane.data["provenance"]}
    assert ("search_engine", "https://www.linkedin.com/in/jane-doe-orbit") in where
    assert ("web", team_page) in where
    assert jane.data["enrichment"]["status"] == "enriched"
    assert jane.linkedin_url == "https://www.linkedin.com/in/jane-doe-orbit"
    assert jane.location == "San Francisco, California, US"

    # Not on the site: a permutation the mail server accepts, then her line from the team page.
    priya = rows["Priya Raman"]
    assert priya.email == "priya.raman@orbitrobotics.com" and priya.email_status == "valid"
    assert priya.data["email_evidence"]["evidence"] == "guessed"
    assert priya.data["email_evidence"]["sources"] == ["smtp"]
    assert priya.phone == "+14155550123" and priya.data["phone_type"] == "direct"
    assert priya.data["phone_evidence"]["provenance"][0]["url"] == team_page

    # No website found for the company: saved without an address, the reason recorded.
    carl = rows["Carl Nobody"]
    assert carl.email is None and carl.email_status == "not_found" and not carl.enriched
    assert carl.data["enrichment"]["status"] == "not_found"
    assert "Nowhere Widgets" in carl.data["enrichment"]["reason"]
    assert carl.ai_message is None


async def _nothing_charged(caller: Caller, run: SearchRun) -> None:
    """Results count against the plan's lead-result quota; the lookups cost no credits."""
    async with read_scope() as session:
        balance = await ledger.get_balance(session, caller.workspace_id)
        workspace = await session.get(Workspace, caller.workspace_id)
        assert workspace is not None
        usage = await quotas.usage(session, workspace)
    assert balance.balance == Decimal(50) and balance.spent == 0
    assert usage.results_used == run.total_found == 3
    assert await cache_size(caller.workspace_id) == 0


async def test_searxng_discovery_finds_verifies_and_saves_with_provenance(
    monkeypatch: pytest.MonkeyPatch,
    engines_off: None,
    fake_searxng: FakeSearxng,
    profiles: SearchIndex,
    lookups_on_fakes: FakeWeb,
    orbit_mail: MailWorld,
) -> None:
    monkeypatch.setenv("LEADSMITH_SEARXNG_URL", fake_searxng.base_url)
    monkeypatch.delenv("LEADSMITH_BRAVE_API_KEY", raising=False)
    get_settings.cache_clear()
    caller = await _live_caller()
    run = await _run(caller)
    assert run.status == "completed", run.error
    _check_discovered(await _results(run), lookups_on_fakes)
    await _nothing_charged(caller, run)
    queries = [c.params["q"] for c in fake_searxng.calls_to("/search")]
    assert 'site:linkedin.com/in Founder "San Francisco"' in queries
    assert '"Orbit Robotics"' in queries and '"Nowhere Widgets"' in queries
    assert any("RCPT TO:<priya.raman@orbitrobotics.com>" in c for c in orbit_mail.commands())


async def test_brave_discovery_end_to_end(
    monkeypatch: pytest.MonkeyPatch,
    engines_off: None,
    fake_brave: FakeBrave,
    profiles: SearchIndex,
    lookups_on_fakes: FakeWeb,
) -> None:
    monkeypatch.delenv("LEADSMITH_SEARXNG_URL", raising=False)
    monkeypatch.setenv("LEADSMITH_BRAVE_API_KEY", DEFAULT_BRAVE_KEY)
    monkeypatch.setenv("LEADSMITH_BRAVE_BASE_URL", fake_brave.base_url)
    get_settings.cache_clear()
    caller = await _live_caller()
    run = await _run(caller)
    assert run.status == "completed", run.error
    _check_discovered(await _results(run), lookups_on_fakes)
    await _nothing_charged(caller, run)
    assert fake_brave.count() >= 3  # the people query, then one per company


async def test_a_colleagues_direct_line_is_not_given_to_a_person(fake_web: FakeWeb) -> None:
    fake_web.add("orbitrobotics.com", "orbit")
    web = WebSource(fake_web.crawler())
    try:
        own = await web.find_phone(PersonQuery("Jane", "Doe", domain="orbitrobotics.com"))
        answer = await Waterfall([web]).find_phone(
            PersonQuery("Jane", "Doe", domain="orbitrobotics.com")
        )
    finally:
        await web.aclose()
    assert own[0].e164 == "+14155550100"  # the web source offers the company line first
    assert answer.best is not None and answer.best.e164 != "+14155550123"  # Priya's line


async def test_company_websites_are_told_from_directories_and_news(
    fake_searxng: FakeSearxng, search_index: SearchIndex
) -> None:
    search_index.add_page("https://www.linkedin.com/company/orbit", "Orbit Robotics | LinkedIn")
    search_index.add_page(
        "https://www.crunchbase.com/organization/orbit", "Orbit Robotics - Crunchbase"
    )
    search_index.add_page("https://news.example.com/a", "Orbit Robotics raises a Series B")
    search_index.add_page("https://orbit.io/", "Orbit Robotics — warehouse robots")
    search_index.add_page("https://www.orbitrobotics.com/", "Home", "Orbit Robotics builds robots.")
    engine = SearxngClient(fake_searxng.base_url)
    source = SearchEngineSource([engine])
    try:
        found = await source.domain_for_company("Orbit Robotics, Inc.")
        nothing = await source.domain_for_company("Unheard Of Widgets")
    finally:
        await engine.aclose()
    # The name spelled as the domain wins; a domain of the first word needs the page's title.
    assert found == [("orbitrobotics.com", 82), ("orbit.io", 79)]
    assert nothing == []
    assert [c.params["q"] for c in fake_searxng.calls_to("/search")] == [
        '"Orbit Robotics"',
        '"Unheard Of Widgets"',
    ]
