"""Scheduled (cron) tasks."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from leadsmith import jobs
from leadsmith.jobs import JobRuntime, _registry
from leadsmith.jobs.testing import eventually

fired: list[tuple[datetime, datetime, str | None]] = []


@jobs.scheduled("ts_every_second", cron="* * * * * *")  # 6 fields: seconds first
async def tick(scheduled_at: datetime, actual_at: datetime) -> None:
    fired.append((scheduled_at, actual_at, jobs.current_job_id()))


# Schedules are process-wide: keep this one out of every other test's runtime.
_EVERY_SECOND = _registry.SCHEDULES.pop("ts_every_second")


@pytest.fixture
def every_second() -> Iterator[None]:
    """Enable the per-second schedule for this test only."""
    _registry.SCHEDULES[_EVERY_SECOND.name] = _EVERY_SECOND
    try:
        yield
    finally:
        _registry.SCHEDULES.pop(_EVERY_SECOND.name, None)


async def test_scheduled_task_fires(every_second: None, system_url: str) -> None:
    fired.clear()
    async with JobRuntime(system_database_url=system_url, poll_interval=0.1) as rt:
        assert rt.work_queues
        await eventually(lambda: len(fired) >= 2, max_seconds=8)
    scheduled_at, actual_at, job_id = fired[0]
    assert scheduled_at.tzinfo is not None and actual_at >= scheduled_at
    assert job_id is not None and "ts_every_second" in job_id
    # One run per tick, however many processes work the queues.
    assert len({s for s, _, _ in fired}) == len(fired)


async def test_removed_schedule_stops_firing(every_second: None, system_url: str) -> None:
    fired.clear()
    async with JobRuntime(system_database_url=system_url, poll_interval=0.1):
        await eventually(lambda: len(fired) >= 1, max_seconds=8)
    _registry.SCHEDULES.pop(_EVERY_SECOND.name)
    # Restarted without the schedule in code: it is deleted from the system database.
    # (A tick the first runtime had already enqueued may still run.)
    restarted = datetime.now(UTC)
    async with JobRuntime(system_database_url=system_url, poll_interval=0.1):
        await asyncio.sleep(2.2)
    assert all(s < restarted for s, _, _ in fired)


def test_invalid_cron_is_refused() -> None:
    with pytest.raises(ValueError):
        jobs.scheduled("ts_bad", cron="every tuesday")
