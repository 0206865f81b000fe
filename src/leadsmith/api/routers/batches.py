"""Seed 003's async batches: bulk verify (and bulk enrich), status and download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from leadsmith.accounts.models import Workspace
from leadsmith.api.deps import ReadSessionDep, SessionDep, require_scope
from leadsmith.api.principal import Principal
from leadsmith.api.schemas import iso
from leadsmith.batches import service
from leadsmith.batches.events import batch_urls
from leadsmith.batches.models import Batch
from leadsmith.errors import NotFound

router = APIRouter(tags=["batches (seed 003)"])
# Reading a batch: `batch`, or `verify` since a verify-only key may create verify batches.
BatchScope = Annotated[Principal, Depends(require_scope("batch", "verify"))]
VerifyOrBatchScope = Annotated[Principal, Depends(require_scope("verify", "batch"))]


class BatchVerifyBody(BaseModel):
    emails: list[str] = Field(description="Addresses to verify (1 to 10,000).")
    name: str | None = Field(default=None, max_length=200, description="Job display name.")


@router.post("/v1/batch/verify", summary="Bulk verify up to 10,000 emails (0.1 credit each)")
async def batch_verify(
    body: BatchVerifyBody,
    principal: VerifyOrBatchScope,
    session: SessionDep,
) -> dict[str, Any]:
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    batch = await service.start_verify_batch(
        session, workspace, body.emails, name=body.name, test=principal.test
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
    batch, results = await service.finished_results(session, principal.workspace_id, batch_id)
    if format == "csv":
        columns = service.csv_columns(batch.kind, results)
        return Response(
            service.to_csv(results, columns),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="batch-{batch.id}.csv"'},
        )
    return JSONResponse({"batch_id": batch.id, "status": batch.status, "results": results})
