"""Stopping the runtime leaves running jobs pending; the next start resumes them."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections import Counter
from typing import Any

from leadsmith import jobs
from leadsmith.jobs import JobRuntime
from leadsmith.jobs.testing import eventually

step_runs: Counter[str] = Counter()
in_sleep: set[str] = set()
where: dict[str, tuple[int, int]] = {}


@jobs.task("tr_sleepy")
async def tr_sleepy(payload: dict[str, Any]) -> None:
    key = payload["key"]

    def count(name: str) -> None:
        step_runs[f"{key}:{name}"] += 1

    await jobs.step("before", count, "before")
    in_sleep.add(key)
    await jobs.sleep(payload["seconds"])
    await jobs.step("after", count, "after")
    loop_id = id(asyncio.get_running_loop())
    where[key] = (threading.get_ident(), loop_id)


async def test_stop_then_start_resumes_with_remaining_sleep(system_url: str) -> None:
    key = uuid.uuid4().hex
    rt = JobRuntime(system_database_url=system_url, poll_interval=0.1)
    await rt.start(work_queues=True)
    job_id = await jobs.enqueue("tr_sleepy", {"key": key, "seconds": 5.0})
    await eventually(lambda: key in in_sleep)
    await asyncio.sleep(2.5)
    await rt.stop()  # the job is cancelled mid-sleep and stays PENDING

    restarted = time.monotonic()
    rt = JobRuntime(system_database_url=system_url, poll_interval=0.1)
    await rt.start(work_queues=True)
    try:
        assert await jobs.wait(job_id, max_seconds=10) == "SUCCESS"
        # Only the rest of the durable sleep was waited (about 2.5 s, not 5).
        assert time.monotonic() - restarted < 4.5
    finally:
        await rt.stop()
    assert step_runs[f"{key}:before"] == 1
    assert step_runs[f"{key}:after"] == 1
    # Task code ran on the engine's own loop and thread, never on the caller's.
    assert where[key] != (threading.get_ident(), id(asyncio.get_running_loop()))
    assert where[key][0] != threading.get_ident()
