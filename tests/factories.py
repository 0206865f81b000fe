"""Factories and fixtures shared by the API tests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.accounts.keys import create_key
from leadsmith.accounts.service import get_or_create_workspace, update_workspace
from leadsmith.billing import ledger
from leadsmith.db.engine import dispose_engines, session_scope


@dataclass(slots=True)
class Caller:
    """A workspace and one key of it."""

    workspace_id: str
    workspace: str
    key: str
    key_id: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


async def make_caller(
    *,
    plan: str = "pro",
    test: bool = False,
    scopes: list[str] | None = None,
    credits: Decimal | int | None = None,
    status: str = "active",
    overage: bool = False,
    expires_in_days: float | None = None,
    allowed_ips: list[str] | None = None,
    workspace: str | None = None,
) -> Caller:
    """A fresh workspace (unless named) with a key; `credits` replaces the plan grant."""
    name = workspace or f"ws-{uuid.uuid4().hex[:10]}"
    async with session_scope() as session:
        ws = await get_or_create_workspace(session, name)
        update_workspace(ws, plan=plan, status=status, overage=overage)
        await ledger.ensure_period_grant(session, ws)
        if credits is not None:
            current = await ledger.get_balance(session, ws.id)
            await ledger.grant(session, ws.id, Decimal(credits) - current.balance, operation="test")
        created = await create_key(
            session,
            ws,
            name="test",
            test=test,
            scopes=scopes,
            expires_in_days=expires_in_days,
            allowed_ips=allowed_ips,
        )
        return Caller(ws.id, ws.name, created.key, created.record.id)


@pytest.fixture
async def app() -> AsyncIterator[FastAPI]:
    from leadsmith.api.app import create_app

    application = create_app(run_jobs=False)
    async with application.router.lifespan_context(application):
        yield application
    await dispose_engines()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def caller() -> Caller:
    return await make_caller()


__all__ = ["Caller", "app", "caller", "client", "make_caller"]
