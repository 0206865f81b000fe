"""The one job interface: durable background tasks over DBOS Transact.

Nothing outside this package imports the engine. Writing a task::

    from leadsmith import jobs

    jobs.define_queue("batches", concurrency=4, worker_concurrency=2)

    @jobs.task("verify_batch", queue="batches")
    async def verify_batch(payload: dict[str, Any]) -> None:
        batch_id = payload["batch_id"]
        try:
            rows = await jobs.step("load", load_rows, batch_id)
            for row in rows:
                await jobs.step(f"verify:{row.id}", verify_row, row.id)  # idempotent per row
                await jobs.step(f"progress:{row.id}", save_progress, batch_id, row.id)
        except jobs.JobCancelled:
            raise  # cancel() callers record the cancellation; let the engine see it
        except Exception:
            await mark_batch_failed(batch_id)  # our own row; the engine marks the job ERROR
            raise

    # in a request: the job is enqueued only if this transaction commits
    async with session_scope() as session:
        session.add(Batch(id=batch_id, status="queued"))
        jobs.enqueue_after_commit(session, "verify_batch", {"batch_id": batch_id}, job_id=batch_id)

Rules for task code:

- Tasks are async and run on the engine's own event loop thread, never on the server's.
  Open database sessions with `leadsmith.db.engine.session_scope()` (per-loop safe);
  run blocking work in sync steps (they run in a thread) or `asyncio.to_thread`.
- Every side effect belongs in a `jobs.step`. A finished step is not re-run after a
  crash, but a step killed mid-way runs again: make steps idempotent (charging is
  idempotent per (job, row)). Step names must be the same on every run of a job.
- Code between steps re-runs on recovery: keep it deterministic (no clocks, no random;
  take them from a step).
- Progress and user-facing status live in Leadsmith's tables, written by the task with
  `jobs.current_job_id()` to find its row. `jobs.status()` is the engine's word, for
  diagnostics only.
- An exception escaping the task is logged (logger `leadsmith.jobs`) and the job is
  marked ERROR; it is not retried. Catch it to mark your own row failed, then re-raise.
- `jobs.cancel()` stops a queued job; in a running one, the next `jobs.step` or
  `jobs.sleep` call raises one of `jobs.JobCancelled` (BaseExceptions, so `except
  Exception` does not swallow them; a sleep already under way runs to its end first).
- A job interrupted by a stopped or killed process resumes when a process with the same
  executor id starts again (the embedded server, or a worker with the same
  LEADSMITH_WORKER_ID), skipping the steps it had finished.

Processes: `leadsmith serve` starts `JobRuntime(settings).start()` which works queues
in-process when `jobs_in_process` (SQLite system database `data_dir/jobs.sqlite` by
default); scale-out servers call `start(work_queues=False)` and only enqueue, while
`leadsmith worker` runs `run_worker(settings)` against a PostgreSQL system database.
"""

from dbos._error import DBOSWorkflowCancelledError, DBOSWorkflowConflictIDError

from leadsmith.jobs._after_commit import enqueue_after_commit
from leadsmith.jobs._api import (
    cancel,
    current_job_id,
    enqueue,
    sleep,
    status,
    step,
    wait,
)
from leadsmith.jobs._registry import DEFAULT_QUEUE, define_queue, scheduled, task
from leadsmith.jobs._runtime import (
    APP_VERSION,
    JobRuntime,
    resolve_system_database_url,
    run_worker,
    to_sync_url,
)

# What a running task sees when it must stop: cancelled, or (when the cancel lands while a
# step runs, or another process took the job over) no longer the job's owner. Both are
# BaseExceptions, so `except Exception` lets them through; use `except jobs.JobCancelled`.
JobCancelled: tuple[type[BaseException], ...] = (
    DBOSWorkflowCancelledError,
    DBOSWorkflowConflictIDError,
)

__all__ = [
    "APP_VERSION",
    "DEFAULT_QUEUE",
    "JobCancelled",
    "JobRuntime",
    "cancel",
    "current_job_id",
    "define_queue",
    "enqueue",
    "enqueue_after_commit",
    "resolve_system_database_url",
    "run_worker",
    "scheduled",
    "sleep",
    "status",
    "step",
    "task",
    "to_sync_url",
    "wait",
]
