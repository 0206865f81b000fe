"""Enqueue a job only once the SQLAlchemy transaction that created it commits."""

from __future__ import annotations

import asyncio
import contextvars
import logging
import weakref
from dataclasses import dataclass
from typing import Any

from dbos import EnqueueOptions
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from leadsmith.jobs import _state
from leadsmith.jobs._registry import build_options

logger = logging.getLogger("leadsmith.jobs")

_PENDING = "leadsmith.jobs.pending"
_HOOKED = "leadsmith.jobs.hooked"
_COMMITTED = "leadsmith.jobs.committed"

# Enqueues scheduled after a commit and not yet written, per loop (awaited on shutdown).
_inflight: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, set[asyncio.Task[None]]] = (
    weakref.WeakKeyDictionary()
)


@dataclass(frozen=True, eq=False)
class _Pending:
    txn: SessionTransaction | None  # innermost transaction open when registered
    job_id: str
    options: EnqueueOptions
    payload: Any


def enqueue_after_commit(
    session: AsyncSession | Session,
    name: str,
    payload: Any,
    *,
    job_id: str | None = None,
    delay: float = 0.0,
    queue: str | None = None,
) -> str:
    """Enqueue `name` once `session`'s transaction commits; drop it on rollback. Returns the job id.

    A crash between the commit and the enqueue loses the enqueue: re-enqueue rows that are
    still waiting (same job_id, so it is safe) when the application starts.
    """
    job_id, options = build_options(name, job_id, delay, queue)
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    if not sync.info.get(_HOOKED):
        event.listen(sync, "after_commit", _after_commit)
        event.listen(sync, "after_soft_rollback", _after_soft_rollback)
        event.listen(sync, "after_transaction_end", _after_transaction_end)
        sync.info[_HOOKED] = True
    txn = sync.get_nested_transaction() or sync.get_transaction()
    sync.info.setdefault(_PENDING, []).append(_Pending(txn, job_id, options, payload))
    return job_id


def _within(txn: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while txn is not None:
        if txn is ancestor:
            return True
        txn = txn.parent
    return False


def _after_commit(session: Session) -> None:
    # Also fires when a savepoint is released; which one committed shows at transaction end.
    session.info[_COMMITTED] = True


def _after_soft_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    # A failed flush rolls back an internal sub-transaction: what is really undone is the
    # nearest savepoint around it, or else the whole transaction.
    boundary = previous_transaction
    while not boundary.nested and boundary.parent is not None:
        boundary = boundary.parent
    pending: list[_Pending] = session.info.get(_PENDING, [])
    undone = pending if not boundary.nested else [p for p in pending if _within(p.txn, boundary)]
    _drop(session, undone)


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    committed = session.info.pop(_COMMITTED, False)
    if transaction.parent is not None:
        return  # a savepoint: its jobs wait for the outermost transaction
    pending: list[_Pending] = session.info.pop(_PENDING, [])
    if committed:
        if pending:
            _schedule(pending)
    else:
        # Rolled back or closed without committing.
        for p in pending:
            logger.debug("job %s dropped: its transaction did not commit", p.job_id)


def _drop(session: Session, undone: list[_Pending]) -> None:
    if not undone:
        return
    gone = {id(p) for p in undone}
    session.info[_PENDING] = [p for p in session.info.get(_PENDING, []) if id(p) not in gone]
    for p in undone:
        logger.debug("job %s dropped: its transaction did not commit", p.job_id)


def _schedule(pending: list[_Pending]) -> None:
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        # A plain Session outside any event loop: enqueue right here.
        for item in pending:
            _enqueue_now(item)
        return
    tasks = _inflight.setdefault(loop, set())
    for item in pending:
        # A fresh context: the enqueue is top-level even when committed inside a running job.
        task = loop.create_task(_enqueue_async(item), context=contextvars.Context())
        tasks.add(task)
        task.add_done_callback(tasks.discard)


def _no_runtime(item: _Pending) -> bool:
    """With no runtime in this process (a CLI command), the job's rows stay as committed and
    the server's start-up sweeps pick them up: worth a line, not a traceback."""
    if _state.active is not None:
        return False
    logger.warning(
        "job %s not enqueued: no job runtime in this process (a server resumes pending"
        " webhook deliveries and queued batches when it starts)",
        item.job_id,
    )
    return True


def _enqueue_now(item: _Pending) -> None:
    if _no_runtime(item):
        return
    try:
        _state.active_runtime().enqueue_sync(item.options, item.payload)
    except Exception:
        logger.exception("could not enqueue job %s after commit", item.job_id)


async def _enqueue_async(item: _Pending) -> None:
    if _no_runtime(item):
        return
    try:
        runtime = _state.active_runtime()
        await runtime.call(runtime.enqueue_sync, item.options, item.payload)
    except Exception:
        logger.exception("could not enqueue job %s after commit", item.job_id)


async def drain(max_seconds: float = 10.0) -> None:
    """Wait for post-commit enqueues scheduled on this loop to reach the engine."""
    tasks = _inflight.get(asyncio.get_running_loop())
    if tasks:
        await asyncio.wait(set(tasks), timeout=max_seconds)
