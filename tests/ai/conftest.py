"""Fixtures for the AI tests: the app with the qualify router, the fake LLM and web."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.ai import opener
from leadsmith.ai.llm import LLMClient
from leadsmith.db.engine import dispose_engines
from tests.fakes.llm import FakeLLM
from tests.fakes.sites.fixtures import fake_web, fake_web_server  # noqa: F401


@pytest.fixture(scope="session")
def fake_llm_server() -> Iterator[FakeLLM]:
    server = FakeLLM.start()
    yield server
    server.stop()


@pytest.fixture
def fake_llm(fake_llm_server: FakeLLM) -> FakeLLM:
    """The fake LLM, reset, with the opener cache emptied."""
    fake_llm_server.reset()
    opener.clear_cache()
    return fake_llm_server


@pytest.fixture
def llm(fake_llm: FakeLLM) -> LLMClient:
    return LLMClient(fake_llm.base_url, "fake-model", "sk-test", timeout=5.0)


@pytest.fixture
async def app() -> AsyncIterator[FastAPI]:
    from leadsmith.api.app import create_app
    from leadsmith.api.routers import qualify

    application = create_app(run_jobs=False)
    if "/v1/qualify" not in {getattr(r, "path", "") for r in application.routes}:
        application.include_router(qualify.router)  # the lead wires it into create_app
    # No test reaches the internet: live keys crawl nothing unless a test says otherwise.
    application.dependency_overrides[qualify.get_crawl] = lambda: None
    application.dependency_overrides[qualify.get_llm] = lambda: None
    async with application.router.lifespan_context(application):
        yield application
    await dispose_engines()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
