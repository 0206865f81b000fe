"""Events a finished batch sends (seed 003's `batch.completed`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.api.schemas import iso
from leadsmith.batches.models import Batch
from leadsmith.config import get_settings


def batch_urls(batch_id: str) -> tuple[str, str]:
    base = get_settings().base_url.rstrip("/")
    return f"{base}/v1/batch/{batch_id}", f"{base}/v1/batch/{batch_id}/download"


async def batch_completed(session: AsyncSession, batch: Batch) -> None:
    """Queue `batch.completed` for the workspace's webhook endpoints (after commit)."""
    from leadsmith.webhooks.events import emit_event

    _status, download = batch_urls(batch.id)
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
