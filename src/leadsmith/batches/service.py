"""Creating, reading and finishing batches; row results for download."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith import jobs
from leadsmith.accounts.models import Workspace
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, price
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import Conflict, InvalidInput, NotFound

MAX_ROWS = 10_000
TASK_FOR_KIND = {"verify": "verify_batch", "enrich": "enrich_batch"}
VERIFY_COLUMNS = [
    "email",
    "status",
    "reason",
    "score",
    "verified",
    "deliverable",
    "smtp_code",
    "smtp_message",
    "mx_host",
]
# Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


async def create_batch(
    session: AsyncSession,
    *,
    workspace_id: str,
    kind: str,
    rows: Sequence[dict[str, Any]],
    name: str | None,
    test: bool,
    params: dict[str, Any] | None = None,
    task: str,
) -> Batch:
    """Store a batch and its rows; its job is enqueued only once this transaction commits."""
    batch = Batch(
        id=new_id(),
        workspace_id=workspace_id,
        kind=kind,
        name=name,
        test=test,
        params=params or {},
        total_rows=len(rows),
        status="queued",
    )
    session.add(batch)
    await session.flush()
    if rows:
        await session.execute(
            insert(BatchRow),
            [
                {"batch_id": batch.id, "idx": i, "input": row, "state": "pending"}
                for i, row in enumerate(rows)
            ],
        )
    jobs.enqueue_after_commit(session, task, {"batch_id": batch.id}, job_id=batch.id)
    return batch


async def requeue_waiting_batches() -> int:
    """Enqueue again every batch still queued or processing (an enqueue lost in a crash).

    Safe: the job id is the batch id, so a job that exists already is not started twice.
    """
    async with read_scope() as session:
        waiting = (
            await session.execute(
                select(Batch.id, Batch.kind).where(Batch.status.in_(("queued", "processing")))
            )
        ).all()
    for batch_id, kind in waiting:
        await jobs.enqueue(
            TASK_FOR_KIND.get(kind, "verify_batch"), {"batch_id": batch_id}, job_id=batch_id
        )
    return len(waiting)


async def get_batch(session: AsyncSession, workspace_id: str, batch_id: str) -> Batch:
    """The workspace's batch, or 404 (another workspace's batch is not found either)."""
    batch = await session.get(Batch, batch_id)
    if batch is None or batch.workspace_id != workspace_id:
        raise NotFound(f"No batch {batch_id} for this key.", summary="Batch not found")
    return batch


async def rows_of(session: AsyncSession, batch_id: str) -> list[BatchRow]:
    result = await session.execute(
        select(BatchRow).where(BatchRow.batch_id == batch_id).order_by(BatchRow.idx)
    )
    return list(result.scalars())


async def status_counts(session: AsyncSession, batch_id: str) -> dict[str, int]:
    """How many done rows have each result status (valid, invalid, found, ...).

    Counted by the database: a status poll must not decode every row's result while a
    10,000-row batch is being worked in the same process.
    """
    status = BatchRow.result["status"].as_string().label("status")
    rows = await session.execute(
        select(status, func.count())
        .where(BatchRow.batch_id == batch_id, BatchRow.state == "done")
        .group_by("status")
    )
    counts: dict[str, int] = {}
    for value, n in rows:
        key = value if value is not None else "unknown"
        counts[key] = counts.get(key, 0) + int(n)
    return counts


async def refresh_progress(session: AsyncSession, batch_id: str) -> None:
    """Recount processed/found/not-found from the rows (safe to repeat)."""
    done = await session.execute(
        select(BatchRow.found, func.count())
        .where(BatchRow.batch_id == batch_id, BatchRow.state == "done")
        .group_by(BatchRow.found)
    )
    found = not_found = 0
    for is_found, n in done:
        if is_found:
            found += n
        else:
            not_found += n
    await session.execute(
        update(Batch)
        .where(Batch.id == batch_id)
        .values(processed_rows=found + not_found, found_count=found, not_found_count=not_found)
    )


async def finish(
    session: AsyncSession, batch: Batch, status: str, error: str | None = None
) -> None:
    batch.status = status
    batch.error = error
    batch.completed_at = utcnow()


async def start_processing(batch_id: str) -> bool:
    """Mark a batch processing; False when it was cancelled or already finished."""
    async with session_scope() as session:
        batch = await session.get(Batch, batch_id)
        if batch is None or batch.status in ("cancelled", "completed", "failed"):
            return False
        if batch.status == "queued":
            batch.status, batch.started_at = "processing", utcnow()
        return True


async def next_pending(batch_id: str, limit: int) -> tuple[Batch, Workspace, list[BatchRow]] | None:
    """The next pending rows of a processing batch with its workspace; None when done."""
    async with read_scope() as session:
        batch = await session.get(Batch, batch_id)
        if batch is None or batch.status != "processing":
            return None
        rows = list(
            (
                await session.execute(
                    select(BatchRow)
                    .where(BatchRow.batch_id == batch_id, BatchRow.state == "pending")
                    .order_by(BatchRow.idx)
                    .limit(limit)
                )
            ).scalars()
        )
        workspace = await session.get(Workspace, batch.workspace_id)
    if workspace is None or not rows:
        return None
    return batch, workspace, rows


async def fail_batch(batch_id: str, message: str) -> None:
    """Mark a batch failed with `message` (finished or cancelled batches are left alone)."""
    async with session_scope() as session:
        batch = await session.get(Batch, batch_id)
        if batch is not None and batch.status not in ("completed", "cancelled"):
            await refresh_progress(session, batch_id)
            await finish(session, batch, "failed", message)


def csv_safe(value: Any) -> str:
    """A cell value that no spreadsheet will run as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(records: Iterable[dict[str, Any]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for record in records:
        writer.writerow([csv_safe(record.get(c)) for c in columns])
    return out.getvalue()


def _check_size(n: int, what: str) -> None:
    if n == 0:
        raise InvalidInput(
            f"{what}: give at least one {'address' if what == 'emails' else 'contact'}",
            summary=f"No {what}",
        )
    if n > MAX_ROWS:
        raise InvalidInput(
            f"{what} has {n} items; a batch takes at most {MAX_ROWS:,}. Split it into"
            " several batches.",
            summary=f"Too many {what}",
        )


async def start_verify_batch(
    session: AsyncSession,
    workspace: Workspace,
    emails: Sequence[str],
    *,
    name: str | None,
    test: bool,
) -> Batch:
    """Seed 003's bulk verify: refused up front when the balance cannot pay for every address."""
    _check_size(len(emails), "emails")
    if not test:
        await ledger.require_balance(workspace, price(Operation.BATCH_VERIFY_EMAIL, len(emails)))
    return await create_batch(
        session,
        workspace_id=workspace.id,
        kind="verify",
        rows=[{"email": e} for e in emails],
        name=name,
        test=test,
        task=TASK_FOR_KIND["verify"],
    )


async def start_enrich_batch(
    session: AsyncSession,
    workspace: Workspace,
    rows: Sequence[dict[str, Any]],
    *,
    find_phones: bool,
    name: str | None,
    test: bool,
) -> Batch:
    """Seed 003's bulk enrich: refused up front when the balance cannot pay for every row."""
    _check_size(len(rows), "rows")
    if not test:
        per_row = price(Operation.BATCH_ENRICH_EMAIL) + (
            price(Operation.BATCH_ENRICH_PHONE) if find_phones else 0
        )
        # PRODUCT: a request whose maximum price exceeds the balance is refused up front.
        await ledger.require_balance(workspace, per_row * len(rows))
    return await create_batch(
        session,
        workspace_id=workspace.id,
        kind="enrich",
        rows=list(rows),
        name=name,
        test=test,
        params={"contract": "003", "find_email": True, "find_phone": find_phones},
        task=TASK_FOR_KIND["enrich"],
    )


async def finished_results(
    session: AsyncSession, workspace_id: str, batch_id: str
) -> tuple[Batch, list[dict[str, Any]]]:
    """A finished batch and its done rows' results (enrich rows keep their input fields).

    A batch still queued or processing is 409 `batch_not_ready`.
    """
    batch = await get_batch(session, workspace_id, batch_id)
    if batch.status not in ("completed", "failed"):
        raise Conflict(
            f"Batch {batch.id} is {batch.status}; download it when GET /v1/batch/{batch.id}"
            " says completed.",
            code="batch_not_ready",
            summary="Batch not finished",
        )
    rows = await rows_of(session, batch.id)
    results = [
        {**(r.input if batch.kind == "enrich" else {}), **(r.result or {})}
        for r in rows
        if r.state == "done"
    ]
    return batch, results


def csv_columns(kind: str, results: Sequence[dict[str, Any]]) -> list[str]:
    """A download's CSV columns: verify's fixed set, else every field in first-seen order."""
    if kind == "verify":
        return list(VERIFY_COLUMNS)
    seen: dict[str, None] = {}
    for r in results:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)
