"""Durable delivery jobs: one job per attempt, the next one enqueued with the retry delay.

Why one job per attempt rather than one job sleeping between attempts: a delayed job
waits in the engine's queue (its system database), so any process working queues picks
it up when it is due, even if the process that made the previous attempt is gone for
good; a sleeping job would wait for a process with the same executor id to come back.

Job ids are `webhook:{delivery}:{sequence}:{attempt}`, so enqueueing the same attempt
twice (a recovered job, the recovery sweep) is one job.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith import jobs
from leadsmith.db.base import utcnow
from leadsmith.db.engine import session_scope
from leadsmith.webhooks.delivery import run_attempt
from leadsmith.webhooks.models import DEAD, IN_FLIGHT, WebhookDelivery

logger = logging.getLogger("leadsmith.webhooks")

QUEUE = "webhooks"
DELIVER_TASK = "webhooks.deliver"
# A delivery whose attempt is this overdue with no job behind it is re-enqueued.
RECOVERY_GRACE = timedelta(minutes=2)
_FAILED_JOB = frozenset({"ERROR", "CANCELLED", "MAX_RECOVERY_ATTEMPTS_EXCEEDED", "SUCCESS"})

# No global limit: attempts are short, and one slow receiver must not hold up others
# beyond this process's share.
jobs.define_queue(QUEUE, worker_concurrency=32)


def attempt_job_id(delivery_id: str, sequence: int, number: int) -> str:
    """The job id of one attempt."""
    return f"webhook:{delivery_id}:{sequence}:{number}"


def _payload(delivery_id: str, sequence: int, number: int) -> dict[str, Any]:
    return {"delivery_id": delivery_id, "sequence": sequence, "attempt": number}


def enqueue_next_attempt(session: AsyncSession, delivery: WebhookDelivery) -> None:
    """Enqueue the delivery's next attempt once `session` commits (dropped on rollback)."""
    jobs.enqueue_after_commit(
        session,
        DELIVER_TASK,
        _payload(delivery.id, delivery.sequence, delivery.next_attempt),
        job_id=attempt_job_id(delivery.id, delivery.sequence, delivery.next_attempt),
    )


@jobs.task(DELIVER_TASK, queue=QUEUE)
async def deliver(payload: dict[str, Any]) -> None:
    """Make one attempt; on failure enqueue the next one after its delay."""
    delivery_id, sequence, number = payload["delivery_id"], payload["sequence"], payload["attempt"]
    delay: float | None = await jobs.step("attempt", run_attempt, delivery_id, sequence, number)
    if delay is not None:
        # Enqueued from the task, so a recovered job does not enqueue it twice.
        await jobs.enqueue(
            DELIVER_TASK,
            _payload(delivery_id, sequence, number + 1),
            job_id=attempt_job_id(delivery_id, sequence, number + 1),
            delay=delay,
        )


async def recover_deliveries(*, grace: timedelta = RECOVERY_GRACE, limit: int = 1000) -> int:
    """Find in-flight deliveries whose attempt is overdue and put them back on track.

    No job at all (the enqueue after commit was lost to a crash): enqueue it. A job that
    ended without finishing the delivery (an error escaped it): move the delivery to the
    dead-letter queue, where it can be replayed. Returns how many deliveries were touched.
    """
    cutoff = utcnow() - grace
    async with session_scope() as session:
        rows = (
            await session.execute(
                select(WebhookDelivery.id, WebhookDelivery.sequence, WebhookDelivery.next_attempt)
                .where(
                    WebhookDelivery.status.in_(IN_FLIGHT),
                    WebhookDelivery.next_attempt_at < cutoff,
                )
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(limit)
            )
        ).all()
    touched = 0
    for delivery_id, sequence, number in rows:
        job_id = attempt_job_id(delivery_id, sequence, number)
        state = await jobs.status(job_id)
        if state is None:
            logger.warning("webhook delivery %s had no job; enqueueing it again", delivery_id)
            await jobs.enqueue(DELIVER_TASK, _payload(delivery_id, sequence, number), job_id=job_id)
            touched += 1
        elif state in _FAILED_JOB:
            logger.error("webhook delivery %s: job %s ended %s", delivery_id, job_id, state)
            await _bury(delivery_id, sequence, f"delivery job ended {state}; see the server log")
            touched += 1
    return touched


async def _bury(delivery_id: str, sequence: int, reason: str) -> None:
    async with session_scope() as session:
        delivery = await session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.sequence != sequence or delivery.status not in IN_FLIGHT:
            return
        delivery.status = DEAD
        delivery.last_error = reason
        delivery.next_attempt_at = None
        delivery.updated_at = utcnow()


@jobs.scheduled("webhooks_recover", cron="*/5 * * * *")
async def recover_periodically(scheduled_at: datetime, actual_at: datetime) -> None:
    """Every five minutes, wherever queues are worked: nothing in flight is left behind."""
    touched: int = await jobs.step("recover", recover_deliveries)
    if touched:
        logger.info("webhook recovery touched %d deliveries", touched)
