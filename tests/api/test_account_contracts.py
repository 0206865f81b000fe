"""Contract tests for health, me, usage and the credit endpoints (seeds 000, 002, 004)."""

from __future__ import annotations

import httpx

from tests.factories import Caller, make_caller


async def test_health_needs_no_key(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert {"status", "version", "features", "database", "queue", "dataset"} <= body.keys()
    assert body["database"]["status"] == "ok"
    assert body["dataset"]["name"] == "sandbox"
    assert body["dataset"]["companies"] >= 5000 and body["dataset"]["people"] >= 50000
    assert r.headers["x-request-id"].startswith("req_")


async def test_me_shows_workspace_and_key(client: httpx.AsyncClient, caller: Caller) -> None:
    r = await client.get("/api/v1/me", headers=caller.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["workspace"]["name"] == caller.workspace
    assert body["workspace"]["plan"] == "pro" and body["workspace"]["status"] == "active"
    key = body["key"]
    assert key["id"] == caller.key_id and caller.key.startswith(key["prefix"])
    assert key["test"] is False and "leads" in key["scopes"]
    assert {"created_at", "last_used_at"} <= key.keys()
    assert body["meta"]["request_id"] == r.headers["x-request-id"]


async def test_usage_reports_period_credits_quotas_and_rate(
    client: httpx.AsyncClient, caller: Caller
) -> None:
    r = await client.get("/api/v1/usage", headers=caller.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["period"]["start"].endswith("-01T00:00:00Z")
    assert body["credits"] == {**body["credits"], "balance": 2000, "earned": 2000, "spent": 0}
    assert body["searches"] == {"used": 0, "limit": 25}
    assert body["results"] == {"used": 0, "limit": 500}
    assert body["rate_limit"]["limit"] == 60 and body["rate_limit"]["remaining"] == 59


async def test_credits_seed_002_shape(client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=2450)
    r = await client.get("/api/v1/credits", headers=caller.headers)
    assert r.status_code == 200
    assert r.json() == {"balance": 2450, "totalEarned": 2450, "totalSpent": 0}


async def test_lead_credits_seed_000_shape(client: httpx.AsyncClient, caller: Caller) -> None:
    r = await client.get("/api/v1/leads/credits", headers=caller.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["success"] is True and body["plan"] == "pro"
    assert body["billing_period"]["start"].endswith("T00:00:00Z")
    assert body["billing_period"]["end"].endswith("T23:59:59Z")
    assert body["searches"] == {"used": 0, "limit": 25, "remaining": 25}
    assert body["results"]["limit"] == 500 and body["results"]["remaining"] == 500
    assert body["results"]["overage_rate"] == "$0.05 / result"
    assert body["overage_enabled"] is False


async def test_trialing_and_past_due_follow_free(client: httpx.AsyncClient) -> None:
    for status in ("trialing", "past_due"):
        caller = await make_caller(plan="max", status=status)
        body = (await client.get("/api/v1/leads/credits", headers=caller.headers)).json()
        assert body["plan"] == "free"
        assert body["searches"]["limit"] == 3 and body["results"]["limit"] == 25
        assert body["results"]["overage_rate"] is None


async def test_openapi_and_docs_are_served(client: httpx.AsyncClient) -> None:
    r = await client.get("/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in (
        "/api/health",
        "/api/v1/me",
        "/api/v1/usage",
        "/api/v1/credits",
        "/api/v1/leads/credits",
    ):
        assert path in paths
    assert (await client.get("/docs")).status_code == 200
