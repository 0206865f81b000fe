"""A write is committed before its response leaves: a client that reads right after a
201/200 sees what it was told, and a failed commit can never be answered as a success."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.billing.ledger import get_balance
from leadsmith.db.engine import session_scope
from tests.api import probe_routes
from tests.factories import make_caller


@pytest.fixture
async def watched(app: FastAPI) -> AsyncIterator[tuple[httpx.AsyncClient, list[str]]]:
    """A client whose app notes the workspace balance at the moment the response starts."""
    app.include_router(probe_routes.router)
    seen: list[str] = []
    workspace: dict[str, str] = {}

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def spy(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and "id" in workspace:
                async with session_scope() as session:
                    seen.append(str((await get_balance(session, workspace["id"])).balance))
            await send(message)

        await app(scope, receive, spy)

    transport = httpx.ASGITransport(app=asgi)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.workspace = workspace  # type: ignore[attr-defined]
        yield client, seen


async def test_charge_is_committed_when_the_response_starts(
    watched: tuple[httpx.AsyncClient, list[str]],
) -> None:
    client, seen = watched
    caller = await make_caller(credits=10)
    client.workspace["id"] = caller.workspace_id  # type: ignore[attr-defined]
    r = await client.post("/v1/_probe/charge", json={"a": 1}, headers=caller.headers)
    assert r.status_code == 200
    assert seen == ["9"]
