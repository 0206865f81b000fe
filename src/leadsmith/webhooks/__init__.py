"""Webhooks: signed event deliveries to workspace endpoints, retried durably, never lost.

Other packages call `emit_event(session, workspace_id, event, data)` inside the
transaction that completes their work; see `leadsmith.webhooks.events`.
"""

from leadsmith.webhooks.events import (
    BATCH_COMPLETED,
    ENRICHMENT_COMPLETED,
    EVENTS,
    SEARCH_COMPLETED,
    batch_completed,
    emit_event,
    enrichment_completed,
    search_completed,
)

__all__ = [
    "BATCH_COMPLETED",
    "ENRICHMENT_COMPLETED",
    "EVENTS",
    "SEARCH_COMPLETED",
    "batch_completed",
    "emit_event",
    "enrichment_completed",
    "search_completed",
]
