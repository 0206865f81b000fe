"""Idempotency-Key: replay with no second charge, payload mismatch, in-flight conflict."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.billing.ledger import get_balance
from leadsmith.db.engine import session_scope
from leadsmith.idempotency.models import IdempotencyRecord
from leadsmith.idempotency.service import purge_expired
from tests.api import probe_routes
from tests.factories import make_caller


@pytest.fixture
async def probe_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    app.include_router(probe_routes.router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def _balance(workspace_id: str) -> str:
    async with session_scope() as session:
        return str((await get_balance(session, workspace_id)).balance)


async def test_replay_returns_original_and_charges_once(probe_client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=10)
    headers = {**caller.headers, "Idempotency-Key": str(uuid.uuid4())}
    first = await probe_client.post("/v1/_probe/charge", json={"a": 1}, headers=headers)
    assert first.status_code == 200 and "x-idempotent-replay" not in first.headers
    second = await probe_client.post("/v1/_probe/charge", json={"a": 1}, headers=headers)
    assert second.status_code == 200
    assert second.headers["x-idempotent-replay"] == "true"
    assert second.json() == first.json()
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    assert await _balance(caller.workspace_id) == "9"
    # Without the header every request is a new charge.
    await probe_client.post("/v1/_probe/charge", json={"a": 1}, headers=caller.headers)
    assert await _balance(caller.workspace_id) == "8"


async def test_same_key_other_payload_is_409(probe_client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=10)
    headers = {**caller.headers, "Idempotency-Key": str(uuid.uuid4())}
    await probe_client.post("/v1/_probe/charge", json={"a": 1}, headers=headers)
    r = await probe_client.post("/v1/_probe/charge", json={"a": 2}, headers=headers)
    assert r.status_code == 409 and r.json()["code"] == "idempotency_key_payload_mismatch"
    assert await _balance(caller.workspace_id) == "9"


async def test_in_flight_duplicate_is_409(probe_client: httpx.AsyncClient) -> None:
    caller = await make_caller()
    headers = {**caller.headers, "Idempotency-Key": str(uuid.uuid4())}
    first = asyncio.create_task(probe_client.post("/v1/_probe/slow", json={}, headers=headers))
    await asyncio.sleep(0.15)
    second = await probe_client.post("/v1/_probe/slow", json={}, headers=headers)
    assert second.status_code == 409 and second.json()["code"] == "idempotency_key_in_use"
    assert (await first).status_code == 200


async def test_keys_are_per_workspace(probe_client: httpx.AsyncClient) -> None:
    a, b = await make_caller(credits=5), await make_caller(credits=5)
    key = str(uuid.uuid4())
    await probe_client.post(
        "/v1/_probe/charge", json={}, headers={**a.headers, "Idempotency-Key": key}
    )
    r = await probe_client.post(
        "/v1/_probe/charge", json={}, headers={**b.headers, "Idempotency-Key": key}
    )
    assert r.status_code == 200 and "x-idempotent-replay" not in r.headers
    assert await _balance(b.workspace_id) == "4"


async def test_server_errors_are_not_stored(probe_client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=0)
    headers = {**caller.headers, "Idempotency-Key": str(uuid.uuid4())}
    r = await probe_client.post("/v1/_probe/charge", json={}, headers=headers)
    assert r.status_code == 402 and r.json()["code"] == "insufficient_credits"
    assert r.json()["cta_url"] and r.json()["cta_label"]
    # A 4xx is a final answer and is replayed as such.
    again = await probe_client.post("/v1/_probe/charge", json={}, headers=headers)
    assert again.status_code == 402 and again.headers["x-idempotent-replay"] == "true"


async def test_expired_records_are_purged(probe_client: httpx.AsyncClient) -> None:
    from datetime import timedelta

    from sqlalchemy import select, update

    from leadsmith.db.base import utcnow

    caller = await make_caller()
    key = str(uuid.uuid4())
    await probe_client.post(
        "/v1/_probe/charge", json={}, headers={**caller.headers, "Idempotency-Key": key}
    )
    async with session_scope() as session:
        await session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.key == key)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert await purge_expired() >= 1
    async with session_scope() as session:
        left = (
            await session.execute(select(IdempotencyRecord).where(IdempotencyRecord.key == key))
        ).first()
    assert left is None
