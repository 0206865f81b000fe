"""What the process knows how to run: tasks, queues and schedules (filled at import time)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from croniter import croniter
from dbos import DBOS, EnqueueOptions

from leadsmith.jobs._state import track_task

logger = logging.getLogger("leadsmith.jobs")

DEFAULT_QUEUE = "default"
# DBOS names its own queues with this prefix and refuses it for ours.
_RESERVED_PREFIX = "_dbos_"
# Scheduled tasks are DBOS workflows under this name prefix, so they cannot clash with tasks.
SCHEDULED_PREFIX = "scheduled:"

TaskFn = Callable[[dict[str, Any]], Awaitable[None]]
ScheduledFn = Callable[[datetime, datetime], Awaitable[None]]


@dataclass(frozen=True)
class TaskDef:
    """A registered task: its name, default queue and the function the engine runs."""

    name: str
    queue: str
    fn: TaskFn


@dataclass(frozen=True)
class QueueDef:
    """Concurrency limits of one queue (None = unlimited)."""

    name: str
    concurrency: int | None = None
    worker_concurrency: int | None = None
    poll_interval: float = 1.0


@dataclass(frozen=True)
class ScheduleDef:
    """A periodic task: a cron expression (5 fields, or 6 with seconds first)."""

    name: str
    cron: str
    queue: str | None
    fn: ScheduledFn
    workflow: Callable[..., Any]


TASKS: dict[str, TaskDef] = {}
QUEUES: dict[str, QueueDef] = {}
SCHEDULES: dict[str, ScheduleDef] = {}


def _same_function(a: Callable[..., Any], b: Callable[..., Any]) -> bool:
    # Re-importing a module (reload, test re-collection) re-registers the same function.
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def _check_queue_name(name: str) -> None:
    if not name or name.startswith(_RESERVED_PREFIX):
        raise ValueError(f"invalid queue name {name!r}")


def task(name: str, *, queue: str = DEFAULT_QUEUE) -> Callable[[TaskFn], TaskFn]:
    """Register an async task function `fn(payload)` under `name`, run on `queue` by default."""
    _check_queue_name(queue)

    def decorate(fn: TaskFn) -> TaskFn:
        existing = TASKS.get(name)
        if existing is not None and not _same_function(existing.fn, fn):
            raise ValueError(f"task {name!r} is already registered elsewhere")

        async def run_task(payload: dict[str, Any]) -> None:
            job_id = DBOS.workflow_id
            with track_task():
                try:
                    await fn(payload)
                except Exception:
                    # Logged here with the job's identity; the engine then marks the job ERROR.
                    logger.exception("job %s (task %s) failed", job_id, name)
                    raise

        run_task.__qualname__ = f"leadsmith_task_{name}"  # readable in engine logs
        # The engine finds the function by `name` when it dequeues or recovers a job.
        DBOS.workflow(name=name)(run_task)
        TASKS[name] = TaskDef(name=name, queue=queue, fn=fn)
        return fn

    return decorate


def scheduled(
    name: str, *, cron: str, queue: str | None = None
) -> Callable[[ScheduledFn], ScheduledFn]:
    """Register `fn(scheduled_at, actual_at)` to run on `cron` (UTC) where queues are worked."""
    if not croniter.is_valid(cron, second_at_beginning=True):
        raise ValueError(f"invalid cron expression {cron!r}")
    if queue is not None:
        _check_queue_name(queue)

    def decorate(fn: ScheduledFn) -> ScheduledFn:
        existing = SCHEDULES.get(name)
        if existing is not None and not _same_function(existing.fn, fn):
            raise ValueError(f"schedule {name!r} is already registered elsewhere")

        async def run_scheduled(scheduled_at: datetime, _context: Any) -> None:
            job_id = DBOS.workflow_id
            with track_task():
                try:
                    await fn(scheduled_at, datetime.now(UTC))
                except Exception:
                    logger.exception("scheduled job %s (%s) failed", job_id, name)
                    raise

        run_scheduled.__qualname__ = f"leadsmith_scheduled_{name}"
        workflow = DBOS.workflow(name=SCHEDULED_PREFIX + name)(run_scheduled)
        SCHEDULES[name] = ScheduleDef(name=name, cron=cron, queue=queue, fn=fn, workflow=workflow)
        return fn

    return decorate


def define_queue(
    name: str,
    *,
    concurrency: int | None = None,
    worker_concurrency: int | None = None,
    poll_interval: float = 1.0,
) -> QueueDef:
    """Declare a queue's limits: `concurrency` across all workers, `worker_concurrency` per process.

    Call at import time; limits are written to the engine when a worker starts.
    """
    _check_queue_name(name)
    for value in (concurrency, worker_concurrency):
        if value is not None and value < 1:
            raise ValueError("concurrency limits must be at least 1")
    if concurrency is not None and (worker_concurrency or 0) > concurrency:
        raise ValueError("worker_concurrency cannot exceed concurrency")
    if poll_interval <= 0:
        raise ValueError("poll_interval must be positive")
    qdef = QueueDef(name, concurrency, worker_concurrency, poll_interval)
    QUEUES[name] = qdef
    return qdef


def queues_in_use() -> dict[str, QueueDef]:
    """Every declared queue plus those tasks and schedules name without declaring them."""
    out = dict(QUEUES)
    names = {t.queue for t in TASKS.values()} | {s.queue for s in SCHEDULES.values() if s.queue}
    for name in names:
        out.setdefault(name, QueueDef(name))
    return out


def build_options(
    name: str, job_id: str | None, delay: float, queue: str | None
) -> tuple[str, EnqueueOptions]:
    """Validate an enqueue request and turn it into engine options; returns (job_id, options)."""
    task_def = TASKS.get(name)
    if task_def is None:
        raise KeyError(f"unknown task {name!r}")
    if delay < 0:
        raise ValueError("delay cannot be negative")
    if queue is not None:
        _check_queue_name(queue)
    job_id = job_id or uuid.uuid4().hex
    options: EnqueueOptions = {
        "workflow_name": name,
        "queue_name": queue or task_def.queue,
        "workflow_id": job_id,
    }
    if delay > 0:
        options["delay_seconds"] = delay
    return job_id, options
