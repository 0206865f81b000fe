"""Fixtures for the enrichment tests: the app with the enrichment routers included."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.db.engine import dispose_engines
from tests.fakes.providers.fixtures import fake_hunter, fake_pdl  # noqa: F401
from tests.fakes.sites.fixtures import fake_web, fake_web_server  # noqa: F401


@pytest.fixture
async def app() -> AsyncIterator[FastAPI]:
    from leadsmith.api.app import create_app
    from leadsmith.api.routers import data_enrich, finder, lookup

    application = create_app(run_jobs=False)
    mounted = {getattr(r, "path", "") for r in application.routes}
    for module, probe in (
        (finder, "/api/v1/find-email"),
        (data_enrich, "/api/v1/enrich/batch"),
        (lookup, "/v1/lookup"),
    ):
        if probe not in mounted:  # the lead wires them into create_app for real
            application.include_router(module.router)
    async with application.router.lifespan_context(application):
        yield application
    await dispose_engines()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
