"""Fixtures for the job runtime: a fresh system database and a started runtime per test."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url

from leadsmith.config import get_settings
from leadsmith.jobs import JobRuntime
from leadsmith.jobs.testing import reset_system_database

TEST_DATABASE_URL = os.environ.get("LEADSMITH_TEST_DATABASE_URL", "")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
# A database of our own: the engine's schema and its truncation never touch the shared one.
JOBS_DATABASE = "leadsmith_jobs_test"


def postgres_url(database: str = JOBS_DATABASE, driver: str = "postgresql") -> str:
    """The test server's URL for `database` with `driver`."""
    url = make_url(TEST_DATABASE_URL).set(drivername=driver, database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres") and not ON_POSTGRES:
        pytest.skip("needs LEADSMITH_TEST_DATABASE_URL=postgresql...")


@pytest.fixture(scope="session")
def jobs_postgres() -> str:
    """Recreate the dedicated PostgreSQL database once per run; returns its sync URL."""
    if not ON_POSTGRES:
        pytest.skip("needs LEADSMITH_TEST_DATABASE_URL=postgresql...")
    admin = make_url(postgres_url("postgres"))
    with psycopg.connect(
        host=admin.host or "127.0.0.1",
        port=admin.port or 5432,
        user=admin.username,
        password=admin.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{JOBS_DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{JOBS_DATABASE}"')
    return postgres_url()


@pytest.fixture
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point Leadsmith's settings at a tmp data dir (app DB: SQLite file there)."""
    monkeypatch.setenv("LEADSMITH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LEADSMITH_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")
    monkeypatch.delenv("LEADSMITH_JOBS_SYSTEM_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def system_url(request: pytest.FixtureRequest, settings_env: Path) -> str:
    """An empty system database: a tmp SQLite file, or the dedicated PostgreSQL database."""
    if ON_POSTGRES:
        url: str = request.getfixturevalue("jobs_postgres")
        reset_system_database(url)
        return url
    return f"sqlite:///{settings_env / 'jobs.sqlite'}"


@pytest_asyncio.fixture
async def runtime(system_url: str) -> AsyncIterator[JobRuntime]:
    """A runtime working every queue, polling fast."""
    rt = JobRuntime(system_database_url=system_url, poll_interval=0.1)
    await rt.start(work_queues=True)
    try:
        yield rt
    finally:
        await rt.stop()
