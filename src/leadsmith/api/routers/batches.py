"""Seed 003's async batches: bulk verify (and bulk enrich), status and download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from leadsmith.api.deps import ReadSessionDep, SessionDep, require_scope
from leadsmith.api.principal import Principal
from leadsmith.api.schemas import iso
from leadsmith.batches import service
from leadsmith.batches.events import batch_urls
from leadsmith.batches.models import Batch
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, price
from leadsmith.errors import Conflict, InvalidInput

router = APIRouter(tags=["batches (seed 003)"])
# Reading a batch: `batch`, or `verify` since a verify-only key may create verify batches.
BatchScope = Annotated[Principal, Depends(require_scope("batch", "verify"))]
VerifyOrBatchScope = Annotated[Principal, Depends(require_scope("verify", "batch"))]

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


class BatchVerifyBody(BaseModel):
    emails: list[str] = Field(description="Addresses to verify (1 to 10,000).")
    name: str | None = Field(default=None, max_length=200, description="Job display name.")


def _too_many(n: int, what: str) -> InvalidInput:
    return InvalidInput(
        f"{what} has {n} items; a batch takes at most {service.MAX_ROWS:,}. Split it into"
        " several batches.",
        summary=f"Too many {what}",
    )


@router.post("/v1/batch/verify", summary="Bulk verify up to 10,000 emails (0.1 credit each)")
async def batch_verify(
    body: BatchVerifyBody,
    principal: VerifyOrBatchScope,
    session: SessionDep,
) -> dict[str, Any]:
    if not body.emails:
        raise InvalidInput("emails: give at least one address", summary="No emails")
    if len(body.emails) > service.MAX_ROWS:
        raise _too_many(len(body.emails), "emails")
    from leadsmith.accounts.models import Workspace

    workspace = await session.get(Workspace, principal.workspace_id)
    assert workspace is not None
    if not principal.test:
        await ledger.require_balance(
            workspace, price(Operation.BATCH_VERIFY_EMAIL, len(body.emails))
        )
    batch = await service.create_batch(
        session,
        workspace_id=principal.workspace_id,
        kind="verify",
        rows=[{"email": e} for e in body.emails],
        name=body.name,
        test=principal.test,
        task="verify_batch",
    )
    status_url, _download = batch_urls(batch.id)
    return {
        "batch_id": batch.id,
        "status": "queued",
        "total_emails": batch.total_rows,
        "status_url": status_url,
    }


def batch_view(batch: Batch, counts: dict[str, int]) -> dict[str, Any]:
    _status, download = batch_urls(batch.id)
    return {
        "batch_id": batch.id,
        "kind": batch.kind,
        "status": batch.status,
        "name": batch.name,
        "total_rows": batch.total_rows,
        "processed_rows": batch.processed_rows,
        "found_count": batch.found_count,
        "not_found_count": batch.not_found_count,
        "status_counts": counts,
        "download_url": download if batch.status == "completed" else None,
        "error": batch.error,
        "created_at": iso(batch.created_at),
        "completed_at": iso(batch.completed_at),
    }


@router.get("/v1/batch/{batch_id}", summary="Status of an async batch (free)")
async def batch_status(
    batch_id: str, principal: BatchScope, session: ReadSessionDep
) -> dict[str, Any]:
    batch = await service.get_batch(session, principal.workspace_id, batch_id)
    return batch_view(batch, await service.status_counts(session, batch.id))


@router.get("/v1/batch/{batch_id}/download", summary="Results of a finished batch")
async def batch_download(
    request: Request,
    batch_id: str,
    principal: BatchScope,
    session: ReadSessionDep,
    format: Annotated[str, Query(pattern="^(json|csv)$", description="json or csv")] = "json",
) -> Response:
    batch = await service.get_batch(session, principal.workspace_id, batch_id)
    if batch.status not in ("completed", "failed"):
        raise Conflict(
            f"Batch {batch.id} is {batch.status}; download it when GET /v1/batch/{batch.id}"
            " says completed.",
            code="batch_not_ready",
            summary="Batch not finished",
        )
    rows = await service.rows_of(session, batch.id)
    results = [
        {**(r.input if batch.kind == "enrich" else {}), **(r.result or {})}
        for r in rows
        if r.state == "done"
    ]
    if format == "csv":
        columns = VERIFY_COLUMNS if batch.kind == "verify" else _columns(results)
        return Response(
            service.to_csv(results, columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="batch-{batch.id}.csv"'},
        )
    return JSONResponse({"batch_id": batch.id, "status": batch.status, "results": results})


def _columns(results: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for r in results:
        for k in r:
            seen.setdefault(k, None)
    return list(seen)
