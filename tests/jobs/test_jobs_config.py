"""Where the engine keeps its state, from Leadsmith's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadsmith.config import Settings
from leadsmith.jobs import JobRuntime, resolve_system_database_url, to_sync_url


def test_embedded_default_is_a_sqlite_file_next_to_the_app_db(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None, jobs_system_database_url=None)
    assert resolve_system_database_url(settings) == f"sqlite:///{tmp_path.resolve()}/jobs.sqlite"


def test_postgres_app_database_is_shared_by_default() -> None:
    settings = Settings(
        database_url="postgresql+asyncpg://app:pw@db:5432/leads", jobs_system_database_url=None
    )
    assert resolve_system_database_url(settings) == "postgresql://app:pw@db:5432/leads"


def test_explicit_system_database_wins() -> None:
    settings = Settings(
        database_url="sqlite+aiosqlite:///x.db",
        jobs_system_database_url="postgres://jobs@db/jobs?ssl=require",
    )
    assert resolve_system_database_url(settings) == "postgresql://jobs@db/jobs?sslmode=require"


def test_unusable_urls_are_refused() -> None:
    with pytest.raises(ValueError):
        to_sync_url("sqlite+aiosqlite:///:memory:")
    with pytest.raises(ValueError):
        to_sync_url("mysql://db/x")


def test_executor_id(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    monkeypatch.delenv("LEADSMITH_WORKER_ID", raising=False)
    assert JobRuntime(settings).executor_id == "local"
    monkeypatch.setenv("LEADSMITH_WORKER_ID", "worker-2")
    assert JobRuntime(settings).executor_id == "worker-2"
    assert JobRuntime(settings, executor_id="w9").executor_id == "w9"
