"""Every error leaves as the one envelope, with a request id and no internals."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from tests.api import probe_routes
from tests.factories import Caller

ENVELOPE_KEYS = {"success", "error", "code", "message", "request_id"}


@pytest.fixture
async def probe_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    app.include_router(probe_routes.router)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def test_validation_error_names_the_field(
    probe_client: httpx.AsyncClient, caller: Caller
) -> None:
    r = await probe_client.post(
        "/v1/_probe/echo", json={"email": "a@b.co", "count": 99}, headers=caller.headers
    )
    assert r.status_code == 400
    body = r.json()
    assert body.keys() >= ENVELOPE_KEYS and body["code"] == "invalid_input"
    assert "count" in body["message"]
    r = await probe_client.post("/v1/_probe/echo", json={"count": 1}, headers=caller.headers)
    assert r.status_code == 400 and "email" in r.json()["message"]


async def test_malformed_json_is_a_400(probe_client: httpx.AsyncClient, caller: Caller) -> None:
    r = await probe_client.post(
        "/v1/_probe/echo",
        content=b"{not json",
        headers={**caller.headers, "content-type": "application/json"},
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"


async def test_unknown_route_404_and_wrong_method_405(
    probe_client: httpx.AsyncClient, caller: Caller
) -> None:
    r = await probe_client.get("/v1/nope", headers=caller.headers)
    assert r.status_code == 404 and r.json().keys() >= ENVELOPE_KEYS
    assert r.json()["code"] == "not_found"
    r = await probe_client.get("/v1/_probe/echo", headers=caller.headers)
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"
    r = await probe_client.get("/no/such/page")
    assert r.status_code == 404 and r.headers.get("x-request-id")


async def test_unexpected_exception_is_500_internal(
    probe_client: httpx.AsyncClient, caller: Caller
) -> None:
    r = await probe_client.get("/v1/_probe/boom", headers=caller.headers)
    assert r.status_code == 500
    body = r.json()
    assert body["code"] == "internal" and body["request_id"] == r.headers["x-request-id"]
    assert "secret internals" not in r.text and "Traceback" not in r.text
