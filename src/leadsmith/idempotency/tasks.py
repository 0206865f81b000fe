"""Scheduled purge of idempotency records past their 24-hour window."""

from __future__ import annotations

import logging
from datetime import datetime

from leadsmith import jobs
from leadsmith.idempotency.service import purge_expired

log = logging.getLogger(__name__)


@jobs.scheduled("purge_idempotency_keys", cron="*/15 * * * *")
async def purge_idempotency_keys(scheduled_at: datetime, actual_at: datetime) -> None:
    """Every 15 minutes: delete expired Idempotency-Key records."""
    removed = await jobs.step("purge", purge_expired)
    if removed:
        log.info("purged %d expired idempotency keys", removed)
