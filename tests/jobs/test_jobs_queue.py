"""Enqueue, idempotency, delays, cancellation, concurrency limits and failures."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from collections import Counter
from typing import Any

import pytest

from leadsmith import jobs
from leadsmith.jobs import JobRuntime
from leadsmith.jobs.testing import eventually

# Tasks run on the engine's loop thread; these are read by the tests on theirs.
runs: Counter[str] = Counter()
seen_job_ids: dict[str, str | None] = {}


@jobs.task("tq_echo")
async def tq_echo(payload: dict[str, Any]) -> None:
    doubled = await jobs.step("double", lambda n: n * 2, payload["n"])
    seen_job_ids[payload["key"]] = jobs.current_job_id()
    runs[payload["key"]] += 1
    assert doubled == payload["n"] * 2


@jobs.task("tq_fails")
async def tq_fails(payload: dict[str, Any]) -> None:
    await jobs.step("ok", lambda: None)
    raise ValueError("boom " + payload["key"])


def new_id() -> str:
    return uuid.uuid4().hex


async def test_enqueue_runs_task(runtime: JobRuntime) -> None:
    key = new_id()
    job_id = await jobs.enqueue("tq_echo", {"key": key, "n": 21})
    assert await jobs.wait(job_id) == "SUCCESS"
    assert runs[key] == 1
    assert seen_job_ids[key] == job_id


async def test_same_job_id_runs_once(runtime: JobRuntime) -> None:
    key = job_id = new_id()
    ids = await asyncio.gather(
        *(jobs.enqueue("tq_echo", {"key": key, "n": 1}, job_id=job_id) for _ in range(3))
    )
    assert set(ids) == {job_id}
    assert await jobs.wait(job_id) == "SUCCESS"
    # Enqueueing a finished job again does not run it again.
    await jobs.enqueue("tq_echo", {"key": key, "n": 1}, job_id=job_id)
    await asyncio.sleep(0.5)
    assert runs[key] == 1


async def test_delayed_job_waits(runtime: JobRuntime) -> None:
    key = new_id()
    started = time.monotonic()
    job_id = await jobs.enqueue("tq_echo", {"key": key, "n": 1}, delay=1.5)
    await asyncio.sleep(0.7)
    assert await jobs.status(job_id) == "DELAYED"
    assert runs[key] == 0
    assert await jobs.wait(job_id, max_seconds=10) == "SUCCESS"
    assert time.monotonic() - started >= 1.5
    assert runs[key] == 1


@jobs.task("tq_parent")
async def tq_parent(payload: dict[str, Any]) -> None:
    # From a task body the enqueue is recorded with the task: a recovered run does not repeat it.
    child = await jobs.enqueue(
        "tq_echo", {"key": payload["key"], "n": 2}, job_id=payload["child"], delay=0.2
    )
    assert child == payload["child"]


async def test_task_enqueues_follow_up_job(runtime: JobRuntime) -> None:
    key, child = new_id(), new_id()
    parent = await jobs.enqueue("tq_parent", {"key": key, "child": child})
    assert await jobs.wait(parent) == "SUCCESS"
    assert await jobs.wait(child) == "SUCCESS"
    assert runs[key] == 1 and seen_job_ids[key] == child


async def test_unknown_task_and_bad_delay_are_refused(runtime: JobRuntime) -> None:
    with pytest.raises(KeyError):
        await jobs.enqueue("no_such_task", {})
    with pytest.raises(ValueError):
        await jobs.enqueue("tq_echo", {}, delay=-1)


async def test_failure_is_logged_and_marked_error(
    runtime: JobRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    key = new_id()
    with caplog.at_level(logging.ERROR, logger="leadsmith.jobs"):
        job_id = await jobs.enqueue("tq_fails", {"key": key})
        assert await jobs.wait(job_id) == "ERROR"
    failures = [
        r for r in caplog.records if r.name == "leadsmith.jobs" and job_id in r.getMessage()
    ]
    assert failures and failures[0].exc_info is not None


async def test_status_of_unknown_job_is_none(runtime: JobRuntime) -> None:
    assert await jobs.status("never-enqueued") is None


# -- cancellation --

jobs.define_queue("tq_serial", concurrency=1)
release_blocker = threading.Event()
blocker_started = threading.Event()
ticks: Counter[str] = Counter()
cancel_seen: set[str] = set()


@jobs.task("tq_blocker", queue="tq_serial")
async def tq_blocker(payload: dict[str, Any]) -> None:
    blocker_started.set()
    # A blocking wait belongs in a thread: the engine's loop runs other jobs meanwhile.
    await asyncio.to_thread(release_blocker.wait, 10)


@jobs.task("tq_ticker")
async def tq_ticker(payload: dict[str, Any]) -> None:
    key = payload["key"]

    def tick() -> None:
        ticks[key] += 1

    try:
        for i in range(500):
            await jobs.step(f"tick{i}", tick)
            await asyncio.sleep(0.02)
    except jobs.JobCancelled:
        cancel_seen.add(key)
        raise


async def test_cancel_queued_job(runtime: JobRuntime) -> None:
    release_blocker.clear()
    blocker_started.clear()
    blocker = await jobs.enqueue("tq_blocker", {})
    await eventually(blocker_started.is_set)
    key = new_id()
    victim = await jobs.enqueue("tq_echo", {"key": key, "n": 1}, queue="tq_serial")
    assert await jobs.status(victim) == "ENQUEUED"
    await jobs.cancel(victim)
    release_blocker.set()
    assert await jobs.wait(blocker) == "SUCCESS"
    await asyncio.sleep(0.5)
    assert await jobs.status(victim) == "CANCELLED"
    assert runs[key] == 0


async def test_cancel_delayed_job(runtime: JobRuntime) -> None:
    key = new_id()
    job_id = await jobs.enqueue("tq_echo", {"key": key, "n": 1}, delay=1.0)
    await jobs.cancel(job_id)
    await asyncio.sleep(1.8)
    assert await jobs.status(job_id) == "CANCELLED"
    assert runs[key] == 0


async def test_cancel_running_job_stops_at_next_step(runtime: JobRuntime) -> None:
    key = new_id()
    job_id = await jobs.enqueue("tq_ticker", {"key": key})
    await eventually(lambda: ticks[key] >= 3)
    await jobs.cancel(job_id)
    await eventually(lambda: key in cancel_seen, max_seconds=5)
    stopped_at = ticks[key]
    await asyncio.sleep(0.3)
    assert ticks[key] == stopped_at < 500
    assert await jobs.status(job_id) == "CANCELLED"


# -- concurrency limits --

jobs.define_queue("tq_global2", concurrency=2)
jobs.define_queue("tq_worker1", worker_concurrency=1)
_lock = threading.Lock()
running: Counter[str] = Counter()
peak: Counter[str] = Counter()


@jobs.task("tq_probe", queue="tq_global2")
async def tq_probe(payload: dict[str, Any]) -> None:
    group = payload["group"]
    with _lock:
        running[group] += 1
        peak[group] = max(peak[group], running[group])
    try:
        await asyncio.sleep(0.3)
    finally:
        with _lock:
            running[group] -= 1


@pytest.mark.parametrize(("queue", "limit"), [("tq_global2", 2), ("tq_worker1", 1)])
async def test_queue_concurrency_limit_holds(runtime: JobRuntime, queue: str, limit: int) -> None:
    group = new_id()
    ids = await asyncio.gather(
        *(jobs.enqueue("tq_probe", {"group": group}, queue=queue) for _ in range(6))
    )
    for job_id in ids:
        assert await jobs.wait(job_id, max_seconds=20) == "SUCCESS"
    assert peak[group] == limit


def test_queue_definitions_are_validated() -> None:
    with pytest.raises(ValueError):
        jobs.define_queue("tq_bad", concurrency=1, worker_concurrency=2)
    with pytest.raises(ValueError):
        jobs.define_queue("_dbos_mine")
    with pytest.raises(ValueError):
        jobs.define_queue("tq_bad", concurrency=0)


async def test_step_and_sleep_outside_a_task_just_run() -> None:
    assert await jobs.step("plain", lambda: 7) == 7

    async def async_fn(x: int) -> int:
        return x + 1

    assert await jobs.step("plain_async", async_fn, 1) == 2
    await jobs.sleep(0.01)
    assert jobs.current_job_id() is None


async def test_calls_without_runtime_fail_clearly() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        await jobs.enqueue("tq_echo", {"key": "x", "n": 1})
