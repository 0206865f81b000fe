"""The events Leadsmith sends, their `data` shapes, and `emit_event` for other packages.

Emitting from the transaction that finishes the work::

    from leadsmith.webhooks import emit_event, events

    async with session_scope() as session:
        batch.status = "completed"
        await emit_event(session, batch.workspace_id, events.BATCH_COMPLETED,
                         events.batch_completed(batch_id=..., kind=..., ...))
    # deliveries exist only if the batch update committed; jobs leave after the commit
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.db.base import new_id, utcnow
from leadsmith.webhooks.models import PENDING, WebhookDelivery, WebhookEndpoint
from leadsmith.webhooks.tasks import enqueue_next_attempt

BATCH_COMPLETED = "batch.completed"
SEARCH_COMPLETED = "search.completed"
ENRICHMENT_COMPLETED = "enrichment.completed"
EVENTS: tuple[str, ...] = (BATCH_COMPLETED, SEARCH_COMPLETED, ENRICHMENT_COMPLETED)
ALL_EVENTS = "*"


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="seconds").replace("+00:00", "Z")


def batch_completed(
    *,
    batch_id: str,
    kind: str,
    total: int,
    found: int,
    download_url: str | None,
    completed_at: datetime,
) -> dict[str, Any]:
    """`data` of batch.completed, as seed 003 shows it."""
    return {
        "batch_id": batch_id,
        "kind": kind,
        "total": total,
        "found": found,
        "download_url": download_url,
        "completed_at": _iso(completed_at),
    }


def search_completed(
    *,
    search_id: str,
    status: str,
    total: int,
    found: int,
    results_url: str | None,
    completed_at: datetime,
    list_id: str | None = None,
) -> dict[str, Any]:
    """`data` of search.completed: a lead search run finished (`status` completed or failed)."""
    return {
        "search_id": search_id,
        "list_id": list_id,
        "status": status,
        "total": total,
        "found": found,
        "results_url": results_url,
        "completed_at": _iso(completed_at),
    }


def enrichment_completed(
    *,
    job_id: str,
    status: str,
    total: int,
    found: int,
    download_url: str | None,
    completed_at: datetime,
) -> dict[str, Any]:
    """`data` of enrichment.completed: a bulk enrich job finished (seed 002's /api/v1/enrich)."""
    return {
        "job_id": job_id,
        "status": status,
        "total": total,
        "found": found,
        "download_url": download_url,
        "completed_at": _iso(completed_at),
    }


def subscribed(endpoint_events: list[str], event: str) -> bool:
    """True when an endpoint subscribed to `event` (directly or with "*")."""
    return ALL_EVENTS in endpoint_events or event in endpoint_events


def render_body(event: str, delivery_id: str, data: dict[str, Any]) -> str:
    """The JSON a receiver gets: `event`, `delivery_id`, `data` (seed 003's order)."""
    return json.dumps(
        {"event": event, "delivery_id": delivery_id, "data": data}, separators=(",", ":")
    )


async def emit_event(
    session: AsyncSession, workspace_id: str, event: str, data: dict[str, Any]
) -> None:
    """Create one delivery per subscribed, enabled endpoint in the caller's transaction;
    their jobs are enqueued only after that transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}; known: {', '.join(EVENTS)}")
    endpoints = (
        (
            await session.execute(
                select(WebhookEndpoint)
                .where(WebhookEndpoint.workspace_id == workspace_id, WebhookEndpoint.enabled)
                .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
            )
        )
        .scalars()
        .all()
    )
    now = utcnow()
    for endpoint in endpoints:
        if not subscribed(endpoint.events, event):
            continue
        delivery_id = new_id()
        delivery = WebhookDelivery(
            id=delivery_id,
            workspace_id=workspace_id,
            endpoint_id=endpoint.id,
            event=event,
            body=render_body(event, delivery_id, data),
            status=PENDING,
            sequence=0,
            next_attempt=1,
            next_attempt_at=now,
            attempt_count=0,
            created_at=now,
            updated_at=now,
        )
        session.add(delivery)
        enqueue_next_attempt(session, delivery)
    await session.flush()
