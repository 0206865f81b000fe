"""Fixtures for the verification API: the mail world, and an app that runs jobs."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.config import get_settings
from leadsmith.emails.service import reset_shared_verifiers
from tests.fakes.mailworld import MailWorld, fixtures

standard_world = fixtures.standard_world
mail_world = fixtures.mail_world


@pytest.fixture
def world_env(mail_world: MailWorld, monkeypatch: pytest.MonkeyPatch) -> Iterator[MailWorld]:
    """Point the server's DNS and SMTP at the mail world, with short timeouts."""
    for name, value in mail_world.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LEADSMITH_SMTP_TIMEOUT", "1")
    monkeypatch.setenv("LEADSMITH_DNS_TIMEOUT", "1")
    monkeypatch.setenv("LEADSMITH_VERIFY_GREYLIST_MAX_WAIT", "1.5")
    get_settings.cache_clear()
    reset_shared_verifiers()
    yield mail_world
    monkeypatch.undo()
    get_settings.cache_clear()
    reset_shared_verifiers()


@pytest.fixture
async def jobs_app(world_env: MailWorld) -> AsyncIterator[FastAPI]:
    """The app with its job runtime working queues, on a job database of its own."""
    from leadsmith.api.app import create_app

    system_db = Path(tempfile.mkdtemp(prefix="leadsmith-jobs-")) / "jobs.sqlite"
    settings = get_settings().model_copy(
        update={"jobs_system_database_url": f"sqlite:///{system_db}", "jobs_in_process": True}
    )
    application = create_app(settings, run_jobs=True)
    async with application.router.lifespan_context(application):
        yield application
    os.environ.pop("LEADSMITH_JOBS_SYSTEM_DATABASE_URL", None)


@pytest.fixture
async def jobs_client(jobs_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=jobs_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
