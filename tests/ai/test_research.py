"""POST /v1/research/prospect: seed 003's shape, signals from fixture sites, timeouts."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.ai import research
from leadsmith.api.routers import qualify
from leadsmith.billing import ledger
from leadsmith.db.engine import read_scope
from tests.factories import Caller, make_caller

EXAMPLE = {"domain": "acme.com", "contact_name": "John Doe", "contact_title": "VP Sales"}
ICP_BODY = {"industries": ["SaaS", "Hardware"], "sizes": ["51-500"], "countries": ["US"]}


async def _balance(caller: Caller) -> Decimal:
    async with read_scope() as session:
        return (await ledger.get_balance(session, caller.workspace_id)).balance


def _assert_shape(body: dict[str, Any]) -> None:
    assert set(body) == {"job_id", "output", "credits_charged"}
    out = body["output"]
    assert set(out) == {"prospect_company", "fit_assessment", "why_now", "connection_point"}
    assert set(out["fit_assessment"]) == {"fit_score", "fit_label", "reason"}
    assert set(out["why_now"]) == {"signal_found", "signal", "source"}
    assert set(out["connection_point"]) == {"detail", "usable_in_email"}


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    # The acme fixture's Series B post is dated 2026-10-01.
    monkeypatch.setattr(research, "today", lambda: date(2026, 11, 22))


async def test_documented_example_with_a_test_key(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True, credits=0)
    r = await client.post("/v1/research/prospect", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 200, r.text
    body = r.json()
    _assert_shape(body)
    out = body["output"]
    assert body["credits_charged"] == 0 and out["prospect_company"] == "Acme"
    # The sandbox has no news: it says so instead of inventing some.
    assert out["why_now"]["signal_found"] is False and "sandbox" in out["why_now"]["signal"]
    assert "(sandbox company facts)" in out["connection_point"]["detail"]
    assert out["connection_point"]["usable_in_email"].startswith("Hi John,")


async def test_live_dossier_from_a_fixture_site(
    app: FastAPI, client: httpx.AsyncClient, fake_web: Any, fixed_today: None
) -> None:
    base = fake_web.add("acme.test", "acme")
    crawler = fake_web.crawler()
    app.dependency_overrides[qualify.get_crawl] = lambda: crawler.crawl
    caller = await make_caller(credits=25)
    await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    r = await client.post(
        "/v1/research/prospect",
        headers=caller.headers,
        json={"domain": "acme.test", "contact_name": "John Doe", "contact_title": "VP Sales"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    _assert_shape(body)
    out = body["output"]
    assert out["prospect_company"] == "Acme Robotics"
    assert out["why_now"] == {
        "signal_found": True,
        "signal": 'Acme Robotics published "Acme raises $20M Series B to scale warehouse'
        ' robots" on 2026-10-01.',
        "source": f"{base}/blog/series-b",
    }
    # The open sales role is the connection to a VP Sales.
    assert '"Account Executive, EMEA"' in out["connection_point"]["detail"]
    assert f"{base}/careers/account-executive" in out["connection_point"]["detail"]
    assert out["connection_point"]["usable_in_email"] == (
        'Hi John, I saw Acme Robotics is hiring for "Account Executive, EMEA" and thought of'
        " you as VP Sales."
    )
    fit = out["fit_assessment"]
    assert "140 employees" in fit["reason"] and "country (US)" in fit["reason"]
    assert body["credits_charged"] == 10 and await _balance(caller) == 15
    await crawler.aclose()


def test_signals_are_ordered_and_aged(fake_web: Any) -> None:
    from leadsmith.sources.web import CrawlResult, DatedPost, JobOpening

    crawl = CrawlResult(domain="x.test")
    crawl.posts = [
        DatedPost("Hello world", "u/blog", "2019-01-10"),
        DatedPost("We opened a Berlin office", "u/blog", "2026-10-15", "u/berlin"),
        DatedPost("Globex launches Widgets 2", "u/blog", "2026-09-01", "u/launch"),
    ]
    crawl.jobs = [JobOpening("Data Engineer", "u/careers", "2026-11-01")]
    kinds = [(s.kind, s.title) for s in research.find_signals(crawl, date(2026, 11, 22))]
    assert kinds == [
        ("launch", "Globex launches Widgets 2"),
        ("hiring", "Data Engineer"),
        ("news", "We opened a Berlin office"),
    ]
    assert research.find_signals(CrawlResult(domain="y.test"), date(2026, 11, 22)) == []


async def test_no_signal_is_stated_plainly(
    app: FastAPI, client: httpx.AsyncClient, fake_web: Any
) -> None:
    fake_web.add("mueller.test", "mueller")
    crawler = fake_web.crawler()
    app.dependency_overrides[qualify.get_crawl] = lambda: crawler.crawl
    caller = await make_caller(credits=25)
    await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    r = await client.post(
        "/v1/research/prospect", headers=caller.headers, json={"domain": "mueller.test"}
    )
    out = r.json()["output"]
    assert out["why_now"]["signal_found"] is False
    assert "No open roles, funding, launch or recent dated posts" in out["why_now"]["signal"]
    await crawler.aclose()


async def test_timeout_is_a_504_and_free(
    app: FastAPI, client: httpx.AsyncClient, fake_web: Any
) -> None:
    async def slow_crawl(domain: str) -> Any:
        await asyncio.sleep(5)

    app.dependency_overrides[qualify.get_crawl] = lambda: slow_crawl
    app.dependency_overrides[qualify.get_research_timeout] = lambda: 0.2
    caller = await make_caller(credits=25)
    await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    r = await client.post("/v1/research/prospect", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 504
    assert r.json()["code"] == "research_timeout" and "Nothing was charged" in r.json()["message"]
    assert await _balance(caller) == 25


async def test_slow_fixture_site_times_out(
    app: FastAPI, client: httpx.AsyncClient, fake_web: Any
) -> None:
    fake_web.add("slowpoke.test", "slowpoke")
    crawler = fake_web.crawler()
    app.dependency_overrides[qualify.get_crawl] = lambda: crawler.crawl
    app.dependency_overrides[qualify.get_research_timeout] = lambda: 0.1
    caller = await make_caller(credits=25)
    await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    r = await client.post(
        "/v1/research/prospect", headers=caller.headers, json={"domain": "slowpoke.test"}
    )
    assert r.status_code == 504 and await _balance(caller) == 25
    await crawler.aclose()


async def test_live_key_needs_buyer_context_and_credits(client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=25)
    r = await client.post("/v1/research/prospect", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 409 and r.json()["code"] == "buyer_context_missing"
    poor = await make_caller(credits=9)
    await client.put("/v1/icp", headers=poor.headers, json=ICP_BODY)
    r = await client.post("/v1/research/prospect", headers=poor.headers, json=EXAMPLE)
    assert r.status_code == 402
    scoped = await make_caller(scopes=["qualify"])
    r = await client.post("/v1/research/prospect", headers=scoped.headers, json=EXAMPLE)
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"


async def test_launch_beats_stale_funding_and_llm_cannot_invent(
    app: FastAPI,
    client: httpx.AsyncClient,
    fake_web: Any,
    fixed_today: None,
    fake_llm: Any,
    llm: Any,
) -> None:
    base = fake_web.add("globex.test", "globex")
    crawler = fake_web.crawler()
    app.dependency_overrides[qualify.get_crawl] = lambda: crawler.crawl
    app.dependency_overrides[qualify.get_llm] = lambda: llm

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        schema = request["response_format"]["json_schema"]["name"]
        if schema == "_Opener":  # invents a customer and a number
            return {"opener": "Hi Maria, congrats on Globex signing Initech and 40 new hires!"}
        return {"reason": "Globex is a 85-person SaaS company, but based in GB, not the US."}

    fake_llm.script(answer)
    caller = await make_caller(credits=25)
    await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    r = await client.post(
        "/v1/research/prospect",
        headers=caller.headers,
        json={"domain": "globex.test", "contact_name": "Maria Ruiz",
              "contact_title": "VP Customer Success"},
    )  # fmt: skip
    out = r.json()["output"]
    # The 2023 seed round is too old to be a reason to write now; the launch is not.
    assert out["why_now"]["source"] == f"{base}/press/forecasts"
    assert "launches Forecasts" in out["why_now"]["signal"]
    assert '"Head of Customer Success"' in out["connection_point"]["detail"]
    assert out["connection_point"]["usable_in_email"] == (
        'Hi Maria, I saw Globex Analytics is hiring for "Head of Customer Success" and thought'
        " of you as VP Customer Success."
    )
    fit = out["fit_assessment"]
    assert fit["reason"] == "Globex is a 85-person SaaS company, but based in GB, not the US."
    assert fit["fit_label"] == "high" and fit["fit_score"] == 8  # 6 of 8 weights
    await crawler.aclose()


async def test_unreadable_site_is_said_plainly(
    app: FastAPI, client: httpx.AsyncClient, fake_web: Any
) -> None:
    crawler = fake_web.crawler()
    app.dependency_overrides[qualify.get_crawl] = lambda: crawler.crawl
    caller = await make_caller(credits=25)
    await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    r = await client.post(
        "/v1/research/prospect",
        headers=caller.headers,
        json={"domain": "nowhere.test", "company_name": "Nowhere Ltd"},
    )
    out = r.json()["output"]
    assert out["prospect_company"] == "Nowhere Ltd"
    assert out["why_now"]["signal_found"] is False
    assert "could not be read" in out["why_now"]["signal"]

    async def broken(domain: str) -> Any:
        raise RuntimeError("crawler bug")

    app.dependency_overrides[qualify.get_crawl] = lambda: broken
    r = await client.post("/v1/research/prospect", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 200 and "could not be read" in r.json()["output"]["why_now"]["signal"]
    await crawler.aclose()
