"""Process-wide job state: the active runtime and the task executions running on each loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leadsmith.jobs._runtime import JobRuntime

_lock = threading.Lock()
# Task executions per event loop, so stopping the runtime can cancel them and close the
# database engines they opened on that loop before the engine's loop goes away.
_running: dict[asyncio.AbstractEventLoop, set[asyncio.Task[object]]] = {}

active: JobRuntime | None = None


@contextmanager
def track_task() -> Iterator[None]:
    """Record the current asyncio task as a running job for the duration of the block."""
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    if task is None:  # pragma: no cover - a coroutine always runs in a task here
        yield
        return
    with _lock:
        _running.setdefault(loop, set()).add(task)
    try:
        yield
    finally:
        with _lock:
            _running.get(loop, set()).discard(task)


def running_tasks() -> dict[asyncio.AbstractEventLoop, set[asyncio.Task[object]]]:
    """Every loop that ran a job since the last `forget_loops`, with its still-running tasks."""
    with _lock:
        return {loop: set(tasks) for loop, tasks in _running.items()}


def forget_loops() -> list[asyncio.AbstractEventLoop]:
    """Forget every loop that ran a job (their runtime is gone) and return them."""
    with _lock:
        loops = list(_running)
        _running.clear()
    return loops


def active_runtime() -> JobRuntime:
    """The runtime started in this process (raises if none)."""
    if active is None:
        raise RuntimeError("the job runtime is not running (start leadsmith.jobs.JobRuntime)")
    return active
