"""The calls application code makes: enqueue, cancel, status, and, inside a task, step and sleep."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, cast, overload

from dbos import DBOS

from leadsmith.jobs._registry import build_options
from leadsmith.jobs._runtime import TERMINAL_STATUSES
from leadsmith.jobs._state import active_runtime

T = TypeVar("T")


def current_job_id() -> str | None:
    """The id of the job whose task is running here (None outside a task)."""
    return cast(str | None, DBOS.workflow_id)


def _in_task_body() -> bool:
    # Inside a task but not inside one of its steps: engine calls here are recorded.
    return DBOS.workflow_id is not None and DBOS.step_id is None


async def enqueue(
    name: str,
    payload: Any,
    *,
    job_id: str | None = None,
    delay: float = 0.0,
    queue: str | None = None,
) -> str:
    """Enqueue task `name`; the same `job_id` twice is one job. Returns the job id."""
    job_id, options = build_options(name, job_id, delay, queue)
    runtime = active_runtime()
    if _in_task_body() and runtime.work_queues:
        # From a task, recorded as its child: a recovered task does not enqueue twice.
        handle = await DBOS.enqueue_workflow_with_options_async(options, payload)
        return handle.get_workflow_id()
    return await runtime.call(runtime.enqueue_sync, options, payload)


async def cancel(job_id: str) -> None:
    """Cancel a queued or running job (a running task stops at its next step or sleep)."""
    runtime = active_runtime()
    await runtime.call(runtime.cancel_sync, job_id)


async def status(job_id: str) -> str | None:
    """The engine's word for a job: ENQUEUED, DELAYED, PENDING, SUCCESS, ERROR, CANCELLED...

    For diagnostics: users see the status Leadsmith's own tables record.
    """
    runtime = active_runtime()
    return await runtime.call(runtime.status_sync, job_id)


async def wait(job_id: str, *, max_seconds: float = 30.0, interval: float = 0.1) -> str | None:
    """Poll until the job reaches a final status or `max_seconds` pass; returns the last status."""
    deadline = time.monotonic() + max_seconds
    while True:
        current = await status(job_id)
        if current in TERMINAL_STATUSES or time.monotonic() >= deadline:
            return current
        await asyncio.sleep(interval)


@overload
async def step(
    name: str, fn: Callable[..., Coroutine[Any, Any, T]], *args: Any, **kwargs: Any
) -> T: ...


@overload
async def step(name: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...


async def step(name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run `fn(*args, **kwargs)` as a durable step named `name` (sync functions run in a thread).

    Its result (or exception) is recorded, pickled: a recovered job gets the recorded result
    instead of running it again. A step interrupted mid-way runs again, so its side effects
    must be idempotent.
    """
    if not _in_task_body():
        # Outside a task (or nested in a step): just call it.
        if inspect.iscoroutinefunction(fn):
            return await fn(*args, **kwargs)
        return fn(*args, **kwargs)
    return await DBOS.run_step_async({"name": name}, fn, *args, **kwargs)


async def sleep(seconds: float) -> None:
    """Sleep durably inside a task: after a restart only the remaining time is waited."""
    if _in_task_body():
        await DBOS.sleep_async(seconds)
    else:
        await asyncio.sleep(seconds)
