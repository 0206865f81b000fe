"""The bulk verification job: chunks of rows, greylisted addresses retried later."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from leadsmith import jobs
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.batches.service import (
    fail_batch,
    finish,
    next_pending,
    refresh_progress,
    start_processing,
)
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, price
from leadsmith.config import get_settings
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.emails.models import Verification
from leadsmith.emails.service import DEFINITE, shared_verifier
from leadsmith.errors import InsufficientCredits, SpendCapReached
from leadsmith.sources.sandbox import sandbox_verification

CHUNK = 500
MAX_GREYLIST_ROUNDS = 3

jobs.define_queue("batches", concurrency=4, worker_concurrency=2)


def row_result(result: Verification) -> dict[str, Any]:
    return {
        "email": result.email,
        "status": result.status,
        "reason": result.reason,
        "score": result.score,
        "verified": result.verified,
        "deliverable": result.deliverable,
        "checks": result.checks,
        "smtp_code": result.smtp_code,
        "smtp_message": result.smtp_message,
        "mx_host": result.mx_host,
    }


async def _verify_chunk(batch_id: str) -> int:
    """Verify the next pending rows; returns how many were handled (0 when none left)."""
    pending = await next_pending(batch_id, CHUNK)
    if pending is None:
        return 0
    batch, workspace, rows = pending
    emails = [str(r.input.get("email", "")) for r in rows]
    if batch.test:
        results = [sandbox_verification(e) for e in emails]
    else:
        results = await shared_verifier().verify_many(emails)
    cost = price(Operation.BATCH_VERIFY_EMAIL)
    async with session_scope() as session:
        for row, result in zip(rows, results, strict=True):
            values: dict[str, Any]
            if result.reason == "greylisted" and result.retry_after:
                values = {
                    "state": "retry",
                    "retry_at": utcnow() + timedelta(seconds=result.retry_after),
                }
            else:
                values = {
                    "state": "done",
                    "result": row_result(result),
                    "found": result.status == "valid",
                }
                if not batch.test and result.status in DEFINITE:
                    await ledger.charge(
                        session,
                        workspace,
                        cost,
                        operation=Operation.BATCH_VERIFY_EMAIL,
                        reference=f"batch:{batch_id}:{row.idx}",
                    )
            await session.execute(update(BatchRow).where(BatchRow.id == row.id).values(**values))
        await refresh_progress(session, batch_id)
    return len(rows)


async def _greylisted_wait(batch_id: str, round_no: int) -> float | None:
    """Seconds to wait before retrying greylisted rows, or None to stop retrying."""
    async with read_scope() as session:
        rows = (
            await session.execute(
                select(BatchRow.retry_at).where(
                    BatchRow.batch_id == batch_id, BatchRow.state == "retry"
                )
            )
        ).all()
    if not rows or round_no >= MAX_GREYLIST_ROUNDS:
        return None
    latest = max(r[0] for r in rows if r[0] is not None)
    limit = get_settings().verify_greylist_max_wait
    return min(limit, max(0.0, (latest - utcnow()).total_seconds()))


async def _requeue_greylisted(batch_id: str) -> None:
    async with session_scope() as session:
        await session.execute(
            update(BatchRow)
            .where(BatchRow.batch_id == batch_id, BatchRow.state == "retry")
            .values(state="pending", retry_at=None)
        )
        await session.execute(
            update(Batch).where(Batch.id == batch_id).values(attempts=Batch.attempts + 1)
        )


async def _complete(batch_id: str) -> None:
    """Rows still greylisted after the last round are `unknown`; the batch completes."""
    async with session_scope() as session:
        leftovers = list(
            (
                await session.execute(
                    select(BatchRow).where(BatchRow.batch_id == batch_id, BatchRow.state == "retry")
                )
            ).scalars()
        )
        for row in leftovers:
            row.state, row.found = "done", False
            row.result = {
                "email": row.input.get("email"),
                "status": "unknown",
                "reason": "greylisted",
                "score": 0,
                "verified": False,
                "deliverable": None,
            }
        await session.flush()
        await refresh_progress(session, batch_id)
        batch = await session.get(Batch, batch_id)
        if batch is not None and batch.status == "processing":
            await finish(session, batch, "completed")
            from leadsmith.batches.events import batch_completed

            await batch_completed(session, batch)


@jobs.task("verify_batch", queue="batches")
async def verify_batch(payload: dict[str, Any]) -> None:
    """Verify every row of a batch, retrying greylisted addresses in later rounds."""
    batch_id = payload["batch_id"]
    try:
        if not await jobs.step("start", start_processing, batch_id):
            return
        round_no = 0
        chunk_no = 0
        while True:
            while await jobs.step(f"chunk:{chunk_no}", _verify_chunk, batch_id):
                chunk_no += 1
            chunk_no += 1
            wait = await jobs.step(
                f"greylist-wait:{round_no}", _greylisted_wait, batch_id, round_no
            )
            if wait is None:
                break
            await jobs.sleep(wait)
            await jobs.step(f"greylist-requeue:{round_no}", _requeue_greylisted, batch_id)
            round_no += 1
        await jobs.step("complete", _complete, batch_id)
    except (InsufficientCredits, SpendCapReached) as exc:
        await jobs.step(
            "fail",
            fail_batch,
            batch_id,
            f"Stopped: {exc.message} Rows verified so far are in the download.",
        )
    except jobs.JobCancelled:
        raise
    except Exception as exc:
        await fail_batch(batch_id, f"internal error: {type(exc).__name__}")
        raise


__all__ = ["verify_batch"]
