"""POST /v1/qualify: seed 003's contract, rules-only scoring, LLM rephrasing, charging."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from fastapi import FastAPI

from leadsmith.ai.icp import ICP
from leadsmith.ai.llm import LLMClient
from leadsmith.ai.qualify import CompanyFacts, PersonFacts, score_fit
from leadsmith.api.routers import qualify
from leadsmith.billing import ledger
from leadsmith.db.engine import read_scope
from tests.factories import Caller, make_caller
from tests.fakes.llm import FakeLLM

EXAMPLE = {"domain": "acme.com", "company_name": "Acme", "employees": 50, "industry": "SaaS"}
ICP_BODY = {
    "industries": ["SaaS"],
    "sizes": ["11-200"],
    "countries": ["US", "GB"],
    "seniorities": ["vp", "director"],
    "technologies": ["HubSpot"],
}


async def _balance(caller: Caller) -> Decimal:
    async with read_scope() as session:
        return (await ledger.get_balance(session, caller.workspace_id)).balance


async def _live_with_icp(client: httpx.AsyncClient, **kwargs: Any) -> Caller:
    caller = await make_caller(credits=20, **kwargs)
    r = await client.put("/v1/icp", headers=caller.headers, json=ICP_BODY)
    assert r.status_code == 200, r.text
    return caller


async def test_documented_example_with_a_test_key(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True, credits=0)
    r = await client.post("/v1/qualify", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {"fit_score", "fit_label", "reason", "credits_charged"} <= set(body)
    assert isinstance(body["fit_score"], int) and 0 <= body["fit_score"] <= 10
    assert body["fit_label"] == "high" and body["credits_charged"] == 0
    assert "SaaS" in body["reason"] and "50 employees" in body["reason"]
    assert body["facts_from"]["industry"] == "request"


async def test_live_key_is_charged_one_credit(client: httpx.AsyncClient) -> None:
    caller = await _live_with_icp(client)
    r = await client.post("/v1/qualify", headers=caller.headers, json={**EXAMPLE, "country": "US"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["credits_charged"] == 1 and await _balance(caller) == 19
    # Industry, size and country met; technologies not known: 8.5 of 9 weights.
    assert body["fit_score"] == 9 and body["fit_label"] == "high"
    assert body["reason"] == (
        "Matches your ICP on industry (SaaS), size (50 employees, within 11-200) and"
        " country (US). Not known: technologies."
    )


async def test_missed_criteria_are_named(client: httpx.AsyncClient) -> None:
    caller = await _live_with_icp(client)
    r = await client.post(
        "/v1/qualify",
        headers=caller.headers,
        json={"domain": "big.example", "employees": 5000, "industry": "Retail", "country": "FR",
              "technologies": ["HubSpot"]},
    )  # fmt: skip
    body = r.json()
    assert body["fit_label"] == "low" and body["fit_score"] == 1
    assert "Misses on industry (Retail, not in SaaS)" in body["reason"]
    assert "size (5000 employees, outside 11-200)" in body["reason"]
    assert "country (FR, not in US, GB)" in body["reason"]
    assert "Matches your ICP on technologies (uses HubSpot)" in body["reason"]


async def test_person_mode_judges_the_title(client: httpx.AsyncClient) -> None:
    caller = await _live_with_icp(client)
    base = {**EXAMPLE, "country": "US", "first_name": "John", "last_name": "Doe"}
    vp = (
        await client.post(
            "/v1/qualify", headers=caller.headers, json={**base, "job_title": "VP Sales"}
        )
    ).json()
    intern = (
        await client.post(
            "/v1/qualify", headers=caller.headers, json={**base, "job_title": "Sales Intern"}
        )
    ).json()
    assert vp["mode"] == "person" and "seniority (VP)" in vp["reason"]
    assert "Misses on seniority" in intern["reason"]
    assert vp["fit_score"] > intern["fit_score"]


async def test_live_key_without_icp_gets_409(client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=5)
    r = await client.post("/v1/qualify", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "buyer_context_missing"
    assert "PUT /v1/icp" in body["message"] and "leadsmith icp set" in body["message"]
    assert await _balance(caller) == 5


async def test_out_of_credits_and_scope(client: httpx.AsyncClient) -> None:
    caller = await _live_with_icp(client)
    poor = await make_caller(credits=0, workspace=caller.workspace)
    r = await client.post("/v1/qualify", headers=poor.headers, json=EXAMPLE)
    assert r.status_code == 402 and r.json()["code"] == "insufficient_credits"
    scoped = await make_caller(test=True, scopes=["lookup"])
    r = await client.post("/v1/qualify", headers=scoped.headers, json=EXAMPLE)
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"


async def test_live_key_reads_the_site_when_the_body_lacks_facts(
    app: FastAPI, client: httpx.AsyncClient, fake_web: Any
) -> None:
    fake_web.add("acme.test", "acme")
    crawler = fake_web.crawler()
    app.dependency_overrides[qualify.get_crawl] = lambda: crawler.crawl
    caller = await _live_with_icp(client)
    r = await client.post("/v1/qualify", headers=caller.headers, json={"domain": "acme.test"})
    body = r.json()
    assert "size (140 employees, within 11-200)" in body["reason"]
    assert "country (US)" in body["reason"] and "uses HubSpot" in body["reason"]
    assert body["facts_from"]["employees"].startswith("http://acme.test")
    await crawler.aclose()


def test_score_is_the_weighted_share_of_criteria() -> None:
    icp = ICP(industries=["saas"], sizes=["11-200"], countries=["US"], seniorities=["vp"])
    facts = CompanyFacts(industry="saas", employees=50, country="DE")
    fit = score_fit(icp, facts)
    assert fit.fit_score == 8 and fit.fit_label == "high"  # 6 of 8 weights, half up
    fit = score_fit(icp, facts, PersonFacts.of("Ann Lee", "Engineer"))
    assert [c.status for c in fit.criteria][-1] in ("missed", "unknown")
    assert score_fit(ICP(notes="anything"), facts).fit_score == 5


async def test_llm_rephrases_but_never_rescores(
    app: FastAPI, client: httpx.AsyncClient, fake_llm: FakeLLM, llm: LLMClient
) -> None:
    app.dependency_overrides[qualify.get_llm] = lambda: llm
    caller = await _live_with_icp(client)
    fake_llm.script(
        lambda _: {"reason": "Acme is a SaaS company with 50 employees in the US, right in"
                   " your sweet spot; technologies are not known."}
    )  # fmt: skip
    body = (
        await client.post("/v1/qualify", headers=caller.headers, json={**EXAMPLE, "country": "US"})
    ).json()
    assert body["reason"].startswith("Acme is a SaaS company with 50 employees")
    assert body["fit_score"] == 9 and body["credits_charged"] == 1
    # An LLM that invents a funding round and a number is overruled by the template.
    fake_llm.script(
        lambda _: {"reason": "Acme just raised a $30M Series C and has 50 employees in SaaS."}
    )
    body = (
        await client.post("/v1/qualify", headers=caller.headers, json={**EXAMPLE, "country": "US"})
    ).json()
    assert body["reason"].startswith("Matches your ICP on industry (SaaS)")
    assert body["fit_score"] == 9
    # An LLM that drops a decisive criterion is overruled too.
    fake_llm.script(lambda _: {"reason": "Acme looks like a good fit."})
    body = (
        await client.post("/v1/qualify", headers=caller.headers, json={**EXAMPLE, "country": "US"})
    ).json()
    assert body["reason"].startswith("Matches your ICP")


async def test_default_dependencies_with_a_test_key(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    # As the lead wires it: the real crawler and LLM dependencies (no LLM configured).
    app.dependency_overrides.clear()
    caller = await make_caller(test=True)
    r = await client.post("/v1/qualify", headers=caller.headers, json=EXAMPLE)
    assert r.status_code == 200 and r.json()["credits_charged"] == 0
    r = await client.post(
        "/v1/research/prospect", headers=caller.headers, json={"domain": "acme.com"}
    )
    assert r.status_code == 200 and r.json()["output"]["prospect_company"] == "Acme"
