"""Async engines and sessions.

An async engine's connections belong to the event loop that opened them, and the job
runtime may run work on a loop of its own, so engines are kept per event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from leadsmith.config import get_settings

_engines: dict[tuple[int, str, bool], tuple[AsyncEngine, async_sessionmaker[AsyncSession]]] = {}


def _configure_sqlite(engine: AsyncEngine, *, readonly: bool) -> None:
    """WAL, a long busy timeout, and BEGIN IMMEDIATE so writers queue instead of failing.

    Read-only engines issue no BEGIN at all: each read is its own snapshot, never waits
    for a writer, and costs no extra round trip to the database thread.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    if readonly:
        return

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def build_engine(url: str, *, readonly: bool = False) -> AsyncEngine:
    """Create an engine for `url` with the settings Leadsmith relies on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url,
            pool_size=5,
            max_overflow=10,
            connect_args={"timeout": 60},
            # Reads hold no transaction, so there is nothing to roll back on return.
            pool_reset_on_return=None if readonly else "rollback",
        )
        _configure_sqlite(engine, readonly=readonly)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _loop_id() -> int:
    try:
        return id(asyncio.get_running_loop())
    except RuntimeError:
        return 0


def get_engine(url: str | None = None) -> AsyncEngine:
    """The engine for the current event loop (created on first use)."""
    return _get(url, readonly=False)[0]


def get_sessionmaker(
    url: str | None = None, *, readonly: bool = False
) -> async_sessionmaker[AsyncSession]:
    """Sessions for writing, or (readonly) for reads that must not queue behind writers."""
    return _get(url, readonly=readonly)[1]


def _get(
    url: str | None, *, readonly: bool
) -> tuple[AsyncEngine, async_sessionmaker[AsyncSession]]:
    url = url or get_settings().resolved_database_url
    # PostgreSQL needs no separate read engine.
    readonly = readonly and url.startswith("sqlite")
    key = (_loop_id(), url, readonly)
    found = _engines.get(key)
    if found is None:
        engine = build_engine(url, readonly=readonly)
        found = (engine, async_sessionmaker(engine, expire_on_commit=False))
        _engines[key] = found
    return found


@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    """One unit of work: commits on success, rolls back on error."""
    async with get_sessionmaker()() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


@asynccontextmanager
async def read_scope() -> AsyncIterator[AsyncSession]:
    """A unit of work that only reads; loaded objects stay usable after it closes."""
    async with get_sessionmaker(readonly=True)() as session:
        yield session


async def dispose_engines() -> None:
    """Close every engine opened on the current event loop."""
    loop_id = _loop_id()
    for key in [k for k in _engines if k[0] == loop_id]:
        engine, _ = _engines.pop(key)
        await engine.dispose()
