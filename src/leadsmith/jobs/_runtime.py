"""The job runtime: configures DBOS Transact, starts and stops it, and answers the job API."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import dbos._dbos as dbos_module
from dbos import (
    DBOS,
    ClientScheduleInput,
    DBOSClient,
    DBOSConfig,
    EnqueueOptions,
    WorkflowStatus,
)
from sqlalchemy.engine import make_url

from leadsmith.config import Settings, get_settings
from leadsmith.jobs import _after_commit, _state
from leadsmith.jobs._registry import SCHEDULED_PREFIX, SCHEDULES, queues_in_use

logger = logging.getLogger("leadsmith.jobs")

T = TypeVar("T")

APP_NAME = "leadsmith"
# Fixed rather than DBOS's hash of the workflow sources: every process (server, workers,
# old and new releases) then agrees on the version, so a restart after an upgrade still
# recovers the jobs it interrupted. Bump only to deliberately abandon in-flight jobs.
APP_VERSION = "leadsmith-jobs-1"
DEFAULT_EXECUTOR_ID = "local"
TERMINAL_STATUSES = frozenset({"SUCCESS", "ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED"})


def resolve_system_database_url(settings: Settings) -> str:
    """The engine's system database as a sync SQLAlchemy URL (DBOS uses psycopg / sqlite3)."""
    if settings.jobs_system_database_url:
        return to_sync_url(settings.jobs_system_database_url)
    if settings.is_sqlite:
        # A file of its own: the engine polls and writes often, and would contend with the
        # application's writers for SQLite's single write lock.
        return f"sqlite:///{(settings.data_dir / 'jobs.sqlite').resolve()}"
    # On PostgreSQL the engine shares the application database, in its own `dbos` schema.
    return to_sync_url(settings.resolved_database_url)


def to_sync_url(url: str) -> str:
    """Turn an async or plain database URL into the form DBOS expects."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("the job system database must be a file, not in-memory SQLite")
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    if backend in ("postgresql", "postgres"):
        query = dict(parsed.query)
        if "ssl" in query and "sslmode" not in query:  # asyncpg spelling -> libpq spelling
            query["sslmode"] = query.pop("ssl")
        parsed = parsed.set(drivername="postgresql", query=query)
        return parsed.render_as_string(hide_password=False)
    raise ValueError(f"unsupported job system database {backend!r}")


def _prepare_sqlite(url: str) -> None:
    """Create the directory and switch the file to WAL so readers never wait on the writer."""
    database = make_url(url).database
    assert database
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # persistent: stored in the file
    finally:
        conn.close()


class _DropDuplicateFailureLogs(logging.Filter):
    """Task failures are logged by leadsmith.jobs with the job's identity; drop DBOS's copy."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Exception encountered in asynchronous workflow")


def _route_dbos_logs() -> None:
    # DBOS installs its own console handler and stops propagation; send its records
    # through the application's logging configuration instead.
    dbos_logger = logging.getLogger("dbos")
    for handler in list(dbos_logger.handlers):
        if handler.name == "__dbos_console_log_handler__":
            dbos_logger.removeHandler(handler)
    dbos_logger.propagate = True
    if not any(isinstance(f, _DropDuplicateFailureLogs) for f in dbos_logger.filters):
        dbos_logger.addFilter(_DropDuplicateFailureLogs())


def _executor_id(settings: Settings, explicit: str | None) -> str:
    # A worker recovers, on start, the jobs that were running under its own id.
    return (
        explicit
        or getattr(settings, "worker_id", None)
        or os.environ.get("LEADSMITH_WORKER_ID")
        or DEFAULT_EXECUTOR_ID
    )


async def _cancel_and_close(tasks: set[asyncio.Task[object]]) -> None:
    """On a task loop: stop its jobs (they stay PENDING, to resume later), close its engines."""
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks, timeout=10)
    from leadsmith.db import engine as engine_mod

    loop_id = id(asyncio.get_running_loop())
    # engine.dispose_engines() would also forget the server loop's engines; close only ours.
    for key in [k for k in engine_mod._engines if k[0] == loop_id]:
        engine, _ = engine_mod._engines.pop(key)
        await engine.dispose()


def _forget_engines(loop: asyncio.AbstractEventLoop) -> None:
    # The loop is closed; drop its engines before its id can be reused by a new loop.
    from leadsmith.db import engine as engine_mod

    for key in [k for k in engine_mod._engines if k[0] == id(loop)]:
        engine_mod._engines.pop(key, None)


class JobRuntime:
    """Starts the engine for this process: working queues (embedded, worker) or enqueue-only."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        system_database_url: str | None = None,
        executor_id: str | None = None,
        poll_interval: float | None = None,
        log_level: str = "WARNING",
    ) -> None:
        self.settings = settings or get_settings()
        self.system_database_url = (
            to_sync_url(system_database_url)
            if system_database_url
            else resolve_system_database_url(self.settings)
        )
        self.executor_id = _executor_id(self.settings, executor_id)
        # Overrides every queue's polling interval (tests use a short one).
        self.poll_interval = poll_interval
        self.log_level = log_level
        self.work_queues = False
        self._client: DBOSClient | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._started = False

    @property
    def started(self) -> bool:
        return self._started

    async def start(self, work_queues: bool | None = None) -> None:
        """Launch the engine; `work_queues=False` only enqueues (workers elsewhere run the jobs)."""
        if self._started:
            return
        if _state.active is not None:
            raise RuntimeError("a job runtime is already running in this process")
        if work_queues is None:
            work_queues = self.settings.jobs_in_process
        self._executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="leadsmith-jobs")
        loop = asyncio.get_running_loop()
        try:
            # Launched from a thread with no running loop: DBOS then runs jobs on its own
            # background loop instead of adopting (and possibly blocking) the caller's.
            await loop.run_in_executor(self._executor, self._start_sync, work_queues)
        except BaseException:
            self._executor.shutdown(wait=False)
            self._executor = None
            raise
        self.work_queues = work_queues
        self._started = True
        _state.active = self

    async def stop(self) -> None:
        """Stop the engine; jobs still running stay pending and resume on the next start."""
        if not self._started:
            return
        await _after_commit.drain(max_seconds=10.0)
        if _state.active is self:
            _state.active = None
        self._started = False
        assert self._executor is not None
        try:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._stop_sync)
        finally:
            self._executor.shutdown(wait=False)
            self._executor = None

    async def __aenter__(self) -> JobRuntime:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- engine lifecycle (run on the runtime's thread pool) --

    def _config(self) -> DBOSConfig:
        poll = self.poll_interval or 1.0
        return {
            "name": APP_NAME,
            "system_database_url": self.system_database_url,
            "application_version": APP_VERSION,
            "executor_id": self.executor_id,
            "log_level": self.log_level,
            "notification_listener_polling_interval_sec": min(poll, 1.0),
            "scheduler_polling_interval_sec": 30.0,
        }

    def _start_sync(self, work_queues: bool) -> None:
        url = self.system_database_url
        if url.startswith("sqlite"):
            _prepare_sqlite(url)
        # Clients never migrate: create or upgrade the engine's schema first.
        DBOS.migrate(url)
        client = DBOSClient(system_database_url=url, application_name=APP_NAME)
        if not work_queues:
            # Enqueue-only: the client writes jobs to the system database and runs
            # nothing; workers elsewhere pick them up.
            self._client = client
            return
        try:
            # Written before launch, queues are worked at once (the engine scans for new
            # ones every second) and removed schedules never fire again.
            self._register_queues(client)
            self._apply_schedules(client)
        finally:
            client.destroy()
        if dbos_module._dbos_global_instance is not None:
            # DBOS is a singleton: never inherit a stale instance and its configuration.
            DBOS.destroy()
        DBOS(config=self._config())
        _route_dbos_logs()
        try:
            DBOS.launch()
        except BaseException:
            DBOS.destroy()
            raise
        logger.info(
            "job runtime working queues (system db %s, executor %s)",
            make_url(url).render_as_string(hide_password=True),
            self.executor_id,
        )

    def _register_queues(self, client: DBOSClient) -> None:
        for q in queues_in_use().values():
            client.register_queue(
                q.name,
                global_concurrency=q.concurrency,
                worker_concurrency=q.worker_concurrency,
                polling_interval_sec=self.poll_interval or q.poll_interval,
                on_conflict="always_update",
            )

    def _apply_schedules(self, client: DBOSClient) -> None:
        wanted: list[ClientScheduleInput] = [
            {
                "schedule_name": s.name,
                "workflow_name": SCHEDULED_PREFIX + s.name,
                "schedule": s.cron,
                "queue_name": s.queue,
            }
            for s in SCHEDULES.values()
        ]
        if wanted:
            client.apply_schedules(wanted)
        # Schedules live in the system database; drop those whose code is gone.
        for existing in client.list_schedules():
            if existing["schedule_name"] not in SCHEDULES:
                client.delete_schedule(existing["schedule_name"])

    def _stop_sync(self) -> None:
        if self._client is not None:
            self._client.destroy()
            self._client = None
            return
        for loop, tasks in _state.running_tasks().items():
            if loop.is_closed() or not loop.is_running():
                continue
            future = asyncio.run_coroutine_threadsafe(_cancel_and_close(tasks), loop)
            try:
                future.result(timeout=15)
            except Exception:
                logger.warning("could not stop jobs cleanly on shutdown", exc_info=True)
        DBOS.destroy()
        for loop in _state.forget_loops():
            _forget_engines(loop)

    # -- operations (blocking engine calls, run off the event loop) --

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking engine call on the runtime's threads, never on an event loop."""
        if self._executor is None:
            raise RuntimeError("the job runtime is not running")
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    def enqueue_sync(self, options: EnqueueOptions, payload: Any) -> str:
        if self._client is not None:
            return self._client.enqueue(options, payload).get_workflow_id()
        return DBOS.enqueue_workflow_with_options(options, payload).get_workflow_id()

    def cancel_sync(self, job_id: str) -> None:
        if self._client is not None:
            self._client.cancel_workflow(job_id)
        else:
            DBOS.cancel_workflow(job_id)

    def status_sync(self, job_id: str) -> str | None:
        found: list[WorkflowStatus]
        if self._client is not None:
            found = self._client.list_workflows(
                workflow_ids=[job_id], load_input=False, load_output=False
            )
        else:
            found = DBOS.list_workflows(workflow_ids=[job_id], load_input=False, load_output=False)
        return found[0].status if found else None


async def run_worker(settings: Settings | None = None, *, executor_id: str | None = None) -> None:
    """Work every queue until SIGTERM or SIGINT (`leadsmith worker`)."""
    runtime = JobRuntime(settings, executor_id=executor_id)
    await runtime.start(work_queues=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Not on Windows, nor off the main thread: the worker then stops by cancellation.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    logger.info("worker %s started", runtime.executor_id)
    try:
        await stop.wait()
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        logger.info("worker %s stopping", runtime.executor_id)
        await runtime.stop()
