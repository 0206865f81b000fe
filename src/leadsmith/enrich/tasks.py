"""The bulk enrichment job: rows of a batch through the waterfall, chunk by chunk.

Serves seed 003's `/v1/batch/enrich` and seed 002's `POST /api/v1/enrich` with
`contacts`: both are `Batch(kind="enrich")`; `params` says which prices apply. Rows of a
chunk are looked up concurrently (identical rows share one lookup), then marked done,
cached and charged in one transaction per chunk, so a chunk re-run after a crash
neither loses nor double-charges a row.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import update

from leadsmith import jobs
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.batches.service import (
    fail_batch,
    finish,
    next_pending,
    refresh_progress,
    start_processing,
)
from leadsmith.billing.prices import Operation, credits_json
from leadsmith.config import get_settings
from leadsmith.db.engine import session_scope
from leadsmith.enrich.providers import provider_client
from leadsmith.enrich.service import (
    Looked,
    Lookups,
    confidence_word,
    normalise_query,
    open_lookups,
    question_key,
)
from leadsmith.errors import InsufficientCredits, SpendCapReached
from leadsmith.sources.base import PersonQuery

CHUNK = 1000
# Rows looked up at once: providers answer in ~100 ms and a row asks one or two in turn,
# so ~100 rows in flight keep a chunk moving at the pace the CPU allows.
CONCURRENCY = 128
# Connection pools the job's provider requests are spread over, a few connections each
# (see `SpreadTransport`).
POOLS = 64
CONNECTIONS_PER_POOL = 4
TASK = "enrich_batch"

jobs.define_queue("enrich", concurrency=4, worker_concurrency=2)

OPERATIONS: dict[str, tuple[Operation, Operation]] = {
    "003": (Operation.BATCH_ENRICH_EMAIL, Operation.BATCH_ENRICH_PHONE),
    "002": (Operation.BULK_ENRICH_EMAIL, Operation.BULK_ENRICH_PHONE),
}


def row_query(row: dict[str, Any]) -> PersonQuery:
    """A batch row (003's snake_case keys) as a person query."""

    def text(key: str) -> str | None:
        value = row.get(key)
        return str(value).strip() or None if value is not None else None

    return PersonQuery(
        first_name=text("first_name"),
        last_name=text("last_name"),
        domain=text("domain"),
        company_name=text("company_name"),
        linkedin_url=text("linkedin_url"),
        job_title=text("job_title"),
        country=text("country"),
    )


def row_keys(query: PersonQuery) -> list[str]:
    """The cache keys a row's lookups will ask, so a chunk reads the cache in one query."""
    query = normalise_query(query)
    return [question_key("email", query), question_key("phone", query)]


async def enrich_row(
    lookups: Lookups, row: dict[str, Any], *, find_email: bool, find_phone: bool
) -> tuple[dict[str, Any], list[tuple[Looked, str]]]:
    """Look up one row: its result for the download and what was found, by kind."""
    query = row_query(row)
    found: list[tuple[Looked, str]] = []
    email_result: dict[str, Any] = {}
    phone_result: dict[str, Any] = {}
    if (
        find_email
        and query.first_name
        and query.last_name
        and (query.domain or query.company_name or query.linkedin_url)
    ):
        looked = await lookups.find_email(query)
        email_result = looked.result
        found.append((looked, "email"))
    if find_phone and ((query.first_name and query.last_name) or query.linkedin_url):
        looked = await lookups.find_phone(query)
        phone_result = looked.result
        found.append((looked, "phone"))
    email, phone = email_result.get("email"), phone_result.get("phone")
    result = {
        "first_name": row.get("first_name"),
        "last_name": row.get("last_name"),
        "domain": row.get("domain") or _domain_of(email),
        "email": email,
        "phone": phone,
        "phone_type": phone_result.get("type"),
        "status": "found" if (email or phone) else "not_found",
        "verified": bool(email_result.get("verified")),
        "confidence": confidence_word(email_result.get("confidence")) if email else None,
        "score": email_result.get("confidence") if email else None,
        "evidence": email_result.get("evidence") if email else None,
        "sources": email_result.get("sources", []),
        "cached_hit": all(looked.cached for looked, _ in found) if found else False,
    }
    return result, found


def _domain_of(email: Any) -> str | None:
    return str(email).rsplit("@", 1)[1] if isinstance(email, str) and "@" in email else None


async def _enrich_chunk(batch_id: str, client: httpx.AsyncClient) -> int:
    """Enrich the next pending rows; returns how many were handled (0 when none left).

    The rows are looked up concurrently through one `Lookups` (identical rows share a
    lookup), then marked done, cached and charged in one transaction, with one ledger
    entry for the chunk: a chunk run again after a crash neither loses nor pays twice.
    """
    pending = await next_pending(batch_id, CHUNK)
    if pending is None:
        return 0
    batch, workspace, rows = pending
    params = batch.params or {}
    email_op, phone_op = OPERATIONS.get(str(params.get("contract", "003")), OPERATIONS["003"])
    find_email = bool(params.get("find_email", True))
    find_phone = bool(params.get("find_phone", True))
    gate = asyncio.Semaphore(CONCURRENCY)
    async with open_lookups(workspace, test=batch.test, client=client) as lookups:

        async def one(row: BatchRow) -> tuple[dict[str, Any], list[tuple[Looked, str]]]:
            async with gate:
                return await enrich_row(
                    lookups, row.input, find_email=find_email, find_phone=find_phone
                )

        queries = [row_query(row.input) for row in rows]
        await lookups.preload([k for q in queries for k in row_keys(q)], people=queries)
        answers = await asyncio.gather(*(one(row) for row in rows))
        items: list[tuple[Looked, Operation | None]] = []
        owner: list[int] = []  # which row each item belongs to
        for i, (_result, found) in enumerate(answers):
            for looked, kind in found:
                items.append((looked, email_op if kind == "email" else phone_op))
                owner.append(i)
        per_row = [Decimal(0)] * len(rows)
        async with session_scope() as session:
            # The rows are marked done in this same transaction: a re-run never sees them
            # again, and the chunk's ledger reference makes a replayed charge free.
            amounts = await lookups.settle_in(
                session, items, reference=f"batch:{batch_id}:rows:{rows[0].idx}-{rows[-1].idx}"
            )
            for i, amount in zip(owner, amounts, strict=True):
                per_row[i] += amount
            updates = []
            for row, (result, _found), charged in zip(rows, answers, per_row, strict=True):
                result["credits_charged"] = credits_json(charged)
                updates.append(
                    {
                        "id": row.id,
                        "state": "done",
                        "result": result,
                        "found": result["status"] == "found",
                    }
                )
            await session.execute(update(BatchRow), updates)
            await refresh_progress(session, batch_id)
    return len(rows)


async def _complete(batch_id: str) -> None:
    async with session_scope() as session:
        await refresh_progress(session, batch_id)
        batch = await session.get(Batch, batch_id)
        if batch is not None and batch.status == "processing":
            await finish(session, batch, "completed")
            from leadsmith.batches.events import batch_completed

            await batch_completed(session, batch)


@jobs.task(TASK, queue="enrich")
async def enrich_batch(payload: dict[str, Any]) -> None:
    """Enrich every row of a batch, chunk by chunk (each chunk one durable step)."""
    batch_id = payload["batch_id"]
    try:
        if not await jobs.step("start", start_processing, batch_id):
            return
        # One provider client for the whole job: its connections live across chunks.
        async with provider_client(
            get_settings(), pools=POOLS, connections_per_pool=CONNECTIONS_PER_POOL
        ) as client:
            chunk_no = 0
            while await jobs.step(f"chunk:{chunk_no}", _enrich_chunk, batch_id, client):
                chunk_no += 1
        await jobs.step("complete", _complete, batch_id)
    except (InsufficientCredits, SpendCapReached) as exc:
        await jobs.step(
            "fail",
            fail_batch,
            batch_id,
            f"Stopped: {exc.message} Rows enriched so far are in the download.",
        )
    except jobs.JobCancelled:
        raise
    except Exception as exc:
        await fail_batch(batch_id, f"internal error: {type(exc).__name__}")
        raise


__all__ = ["TASK", "enrich_batch", "enrich_row", "row_query"]
