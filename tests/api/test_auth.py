"""Keys: both headers, every documented failure, scopes, IP allow-lists."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.accounts.keys import revoke_key
from leadsmith.db.engine import session_scope
from tests.api import probe_routes
from tests.factories import Caller, make_caller


@pytest.fixture
async def probe_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    app.include_router(probe_routes.router)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_bearer_and_x_api_key_both_work(client: httpx.AsyncClient, caller: Caller) -> None:
    assert (await client.get("/api/v1/credits", headers=caller.headers)).status_code == 200
    r = await client.get("/api/v1/credits", headers={"x-api-key": caller.key})
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "missing_key"),
        ({"Authorization": "Bearer "}, "missing_key"),
        ({"Authorization": "Bearer lsk_live_nope"}, "invalid_key"),
        ({"x-api-key": "lsk_live_" + "A" * 38}, "invalid_key"),
    ],
)
async def test_auth_failures(client: httpx.AsyncClient, headers: dict[str, str], code: str) -> None:
    r = await client.get("/api/v1/credits", headers=headers)
    assert r.status_code == 401
    body = r.json()
    assert body["code"] == code and body["success"] is False
    assert body["error"] and body["message"] and body["request_id"] == r.headers["x-request-id"]


async def test_revoked_key(client: httpx.AsyncClient, caller: Caller) -> None:
    async with session_scope() as session:
        await revoke_key(session, caller.workspace_id, caller.key_id)
    r = await client.get("/api/v1/credits", headers=caller.headers)
    assert r.status_code == 401 and r.json()["code"] == "revoked_key"


async def test_expired_key(client: httpx.AsyncClient) -> None:
    caller = await make_caller(expires_in_days=0)
    r = await client.get("/api/v1/credits", headers=caller.headers)
    assert r.status_code == 401 and r.json()["code"] == "expired_key"


async def test_ip_allow_list(client: httpx.AsyncClient) -> None:
    allowed = await make_caller(allowed_ips=["127.0.0.0/8"])
    assert (await client.get("/api/v1/credits", headers=allowed.headers)).status_code == 200
    denied = await make_caller(allowed_ips=["10.1.0.0/16"])
    r = await client.get("/api/v1/credits", headers=denied.headers)
    assert r.status_code == 403 and r.json()["code"] == "ip_denied"


async def test_004_routes_word_auth_errors_as_unauthorized(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


async def test_scope_denied(probe_client: httpx.AsyncClient) -> None:
    caller = await make_caller(scopes=["verify"])
    r = await probe_client.get("/v1/_probe/scoped", headers=caller.headers)
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"
    assert "webhooks" in r.json()["message"]
    full = await make_caller()
    assert (await probe_client.get("/v1/_probe/scoped", headers=full.headers)).status_code == 200


async def test_keys_are_stored_only_as_hmac(caller: Caller) -> None:
    from sqlalchemy import text

    async with session_scope() as session:
        rows = (await session.execute(text("SELECT * FROM api_keys"))).all()
    dumped = repr(rows)
    assert caller.key not in dumped
    assert caller.key[len("lsk_live_") :] not in dumped
