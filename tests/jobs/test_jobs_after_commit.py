"""enqueue_after_commit: jobs leave only with the transaction that created them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from leadsmith import jobs
from leadsmith.db.engine import dispose_engines, get_engine, get_sessionmaker, session_scope
from leadsmith.jobs import JobRuntime, _after_commit

# item id -> the name the task read back from the application database
seen: dict[str, str | None] = {}


@jobs.task("tc_process_item")
async def tc_process_item(payload: dict[str, Any]) -> None:
    # Task code opens its own session (on the engine's loop) and sees the committed row.
    async with session_scope() as session:
        name = (
            await session.execute(
                text("SELECT name FROM items WHERE id = :id"), {"id": payload["id"]}
            )
        ).scalar_one_or_none()
        await session.execute(
            text("UPDATE items SET job_id = :job WHERE id = :id"),
            {"job": jobs.current_job_id(), "id": payload["id"]},
        )
    seen[payload["id"]] = name


@pytest_asyncio.fixture
async def app_db(settings_env: Path) -> AsyncIterator[None]:
    """A tiny application database (SQLite file from settings) with one table."""
    async with get_engine().begin() as conn:
        await conn.execute(
            text("CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT NOT NULL, job_id TEXT)")
        )
    yield
    await dispose_engines()


def new_id() -> str:
    return uuid.uuid4().hex


async def test_commit_enqueues(runtime: JobRuntime, app_db: None) -> None:
    item = new_id()
    async with session_scope() as session:
        await session.execute(
            text("INSERT INTO items (id, name) VALUES (:id, 'widget')"), {"id": item}
        )
        job_id = jobs.enqueue_after_commit(session, "tc_process_item", {"id": item}, job_id=item)
        # Nothing reaches the engine before the commit.
        assert await jobs.status(job_id) is None
    assert await jobs.wait(job_id) == "SUCCESS"
    assert seen[item] == "widget"
    async with session_scope() as session:
        stored = await session.execute(
            text("SELECT job_id FROM items WHERE id = :id"), {"id": item}
        )
        assert stored.scalar_one() == job_id


async def test_rollback_drops(runtime: JobRuntime, app_db: None) -> None:
    item = new_id()
    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            await session.execute(
                text("INSERT INTO items (id, name) VALUES (:id, 'ghost')"), {"id": item}
            )
            jobs.enqueue_after_commit(session, "tc_process_item", {"id": item}, job_id=item)
            raise RuntimeError("request failed")
    await asyncio.sleep(0.5)
    assert await jobs.status(item) is None
    assert item not in seen


async def test_close_without_commit_drops(runtime: JobRuntime, app_db: None) -> None:
    item = new_id()
    session = get_sessionmaker()()
    await session.execute(text("INSERT INTO items (id, name) VALUES (:id, 'ghost')"), {"id": item})
    jobs.enqueue_after_commit(session, "tc_process_item", {"id": item}, job_id=item)
    await session.close()
    # Reusing the session later must not resurrect the dropped job.
    await session.execute(text("SELECT 1"))
    await session.commit()
    await session.close()
    await asyncio.sleep(0.5)
    assert await jobs.status(item) is None


async def test_savepoint_rollback_drops_only_its_jobs(runtime: JobRuntime, app_db: None) -> None:
    kept, undone, failed_flush = new_id(), new_id(), new_id()
    async with session_scope() as session:
        await session.execute(
            text("INSERT INTO items (id, name) VALUES (:id, 'kept')"), {"id": kept}
        )
        jobs.enqueue_after_commit(session, "tc_process_item", {"id": kept}, job_id=kept)

        savepoint = await session.begin_nested()
        jobs.enqueue_after_commit(session, "tc_process_item", {"id": undone}, job_id=undone)
        await savepoint.rollback()

        # The usual "try an insert in a savepoint" pattern: the failed insert's job goes too.
        try:
            async with session.begin_nested():
                jobs.enqueue_after_commit(
                    session, "tc_process_item", {"id": failed_flush}, job_id=failed_flush
                )
                await session.execute(
                    text("INSERT INTO items (id, name) VALUES (:id, 'dup')"), {"id": kept}
                )
        except IntegrityError:
            pass
    assert await jobs.wait(kept) == "SUCCESS"
    await asyncio.sleep(0.3)
    assert await jobs.status(undone) is None
    assert await jobs.status(failed_flush) is None


async def test_released_savepoint_waits_for_outer_commit(runtime: JobRuntime, app_db: None) -> None:
    item = new_id()
    async with session_scope() as session:
        await session.execute(
            text("INSERT INTO items (id, name) VALUES (:id, 'nested')"), {"id": item}
        )
        async with session.begin_nested():
            jobs.enqueue_after_commit(session, "tc_process_item", {"id": item}, job_id=item)
        await asyncio.sleep(0.2)
        assert await jobs.status(item) is None  # savepoint released, outer still open
    assert await jobs.wait(item) == "SUCCESS"
    assert seen[item] == "nested"


async def test_unknown_task_is_refused_at_registration(app_db: None) -> None:
    async with session_scope() as session:
        with pytest.raises(KeyError):
            jobs.enqueue_after_commit(session, "no_such_task", {})


async def test_without_a_runtime_the_job_is_logged_not_raised(
    app_db: None, caplog: pytest.LogCaptureFixture
) -> None:
    """A CLI command has no runtime: its commit succeeds and one plain line says so."""
    item = new_id()
    with caplog.at_level("WARNING", logger="leadsmith.jobs._after_commit"):
        async with session_scope() as session:
            await session.execute(
                text("INSERT INTO items (id, name) VALUES (:id, 'gadget')"), {"id": item}
            )
            jobs.enqueue_after_commit(session, "tc_process_item", {"id": item}, job_id=item)
        await _after_commit.drain()
    lines = [r for r in caplog.records if item in r.getMessage()]
    assert len(lines) == 1 and "no job runtime in this process" in lines[0].getMessage()
    assert lines[0].exc_info is None
    async with session_scope() as session:
        kept = await session.execute(text("SELECT name FROM items WHERE id = :id"), {"id": item})
        assert kept.scalar_one() == "gadget"
