"""Helpers for tests that run the job runtime (never used by the application itself)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path

from dbos import DBOS
from sqlalchemy.engine import make_url

from leadsmith.jobs import _state
from leadsmith.jobs._runtime import to_sync_url


def reset_system_database(url: str) -> None:
    """Empty a job system database between tests: delete a SQLite file, truncate PostgreSQL.

    Truncating PostgreSQL ends every other session on that database: use a dedicated one.
    """
    if _state.active is not None:
        raise RuntimeError("stop the job runtime before resetting its system database")
    url = to_sync_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        assert parsed.database
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.database + suffix).unlink(missing_ok=True)
        return
    # DBOS warns when a fresh database has no tables yet; that is expected here.
    dbos_logger = logging.getLogger("dbos")
    level = dbos_logger.level
    dbos_logger.setLevel(logging.ERROR)
    try:
        DBOS.reset_system_database(system_database_url=url, truncate=True)
    finally:
        dbos_logger.setLevel(level)


async def eventually(
    predicate: Callable[[], bool], *, max_seconds: float = 10.0, interval: float = 0.05
) -> None:
    """Wait until `predicate()` is true, failing the test after `max_seconds`."""
    deadline = time.monotonic() + max_seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {max_seconds}s")
        await asyncio.sleep(interval)
