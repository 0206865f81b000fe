"""Events a finished batch sends (seed 003's `batch.completed`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.api.schemas import iso
from leadsmith.batches.models import Batch
from leadsmith.config import get_settings
from leadsmith.db.base import utcnow


def batch_urls(batch_id: str) -> tuple[str, str]:
    base = get_settings().base_url.rstrip("/")
    return f"{base}/v1/batch/{batch_id}", f"{base}/v1/batch/{batch_id}/download"


# Seed 002's bulk enrichment jobs are batches too; its clients know them as `enr_<id>`.
ENRICH_JOB_PREFIX = "enr_"


async def batch_completed(session: AsyncSession, batch: Batch) -> None:
    """Queue the finished batch's webhook event (after commit).

    Seed 002 bulk enrichment jobs send `enrichment.completed`; every other batch sends
    seed 003's `batch.completed`.
    """
    from leadsmith.webhooks.events import emit_event, enrichment_completed

    _status, download = batch_urls(batch.id)
    if batch.params.get("contract") == "002":
        base = get_settings().base_url.rstrip("/")
        job_id = ENRICH_JOB_PREFIX + batch.id
        await emit_event(
            session,
            batch.workspace_id,
            "enrichment.completed",
            enrichment_completed(
                job_id=job_id,
                status=batch.status,
                total=batch.total_rows,
                found=batch.found_count,
                download_url=f"{base}/api/v1/enrich/{job_id}",
                completed_at=batch.completed_at or utcnow(),
            ),
        )
        return
    await emit_event(
        session,
        batch.workspace_id,
        "batch.completed",
        {
            "batch_id": batch.id,
            "kind": batch.kind,
            "total": batch.total_rows,
            "found": batch.found_count,
            "download_url": download,
            "completed_at": iso(batch.completed_at),
        },
    )
