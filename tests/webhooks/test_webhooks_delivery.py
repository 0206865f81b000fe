"""End to end through the job runtime: signed deliveries, retries, the DLQ, 410, timeouts."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import timedelta
from itertools import pairwise

import pytest

from leadsmith import jobs
from leadsmith.db.base import utcnow
from leadsmith.db.engine import session_scope
from leadsmith.jobs import JobRuntime
from leadsmith.webhooks import (
    ENRICHMENT_COMPLETED,
    SEARCH_COMPLETED,
    emit_event,
    service,
    tasks,
)
from leadsmith.webhooks.models import WebhookDelivery, WebhookEndpoint
from leadsmith.webhooks.signing import verify_signature
from tests.factories import make_caller
from tests.webhooks.conftest import (
    FAST_SCHEDULE,
    HANG,
    Receiver,
    attempts_of,
    deliveries_of,
    emit,
    make_endpoint,
    only_delivery,
    sample_batch_data,
    settings_env,
    wait_for_status,
)

pytestmark = pytest.mark.usefixtures("job_runtime")


async def endpoint_for(receiver: Receiver, events: list[str] | None = None) -> tuple[str, str]:
    caller = await make_caller()
    endpoint_id, secret = await make_endpoint(caller.workspace_id, receiver.url, events)
    receiver.secret = secret
    return caller.workspace_id, endpoint_id


async def test_event_is_delivered_signed_both_ways(receiver: Receiver) -> None:
    workspace_id, endpoint_id = await endpoint_for(receiver)
    await emit(workspace_id)
    delivery = await only_delivery(endpoint_id)
    await wait_for_status(delivery.id, "delivered")

    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert got.leadsmith_ok is True and got.standard_ok is True
    h = got.headers
    assert h["content-type"] == "application/json"
    assert h["x-leadsmith-event"] == "batch.completed"
    assert h["x-leadsmith-delivery"] == h["webhook-id"] == delivery.id
    assert h["x-leadsmith-timestamp"] == h["webhook-timestamp"]
    assert abs(int(h["x-leadsmith-timestamp"]) - time.time()) < 30
    assert h["user-agent"].startswith("Leadsmith-Webhooks/")
    # Seed 003's payload, in its order.
    payload = json.loads(got.body)
    assert list(payload) == ["event", "delivery_id", "data"]
    assert payload["event"] == "batch.completed" and payload["delivery_id"] == delivery.id
    assert payload["data"] == {
        "batch_id": "b-1",
        "kind": "enrich",
        "total": 1000,
        "found": 842,
        "download_url": "http://127.0.0.1:8000/v1/batch/b-1/download",
        "completed_at": "2026-04-26T10:34:21Z",
    }
    # The documented check refuses the same request replayed ten minutes later.
    later = int(h["x-leadsmith-timestamp"]) + 600
    assert not verify_signature(str(receiver.secret), got.body, h, now=later)

    attempts = await attempts_of(delivery.id)
    assert [(a.number, a.succeeded, a.response_status) for a in attempts] == [(1, True, 200)]
    assert attempts[0].response_body == '{"answer": 200}' and attempts[0].duration_ms >= 0
    stored = await wait_for_status(delivery.id, "delivered")
    assert stored.attempt_count == 1 and stored.delivered_at is not None


async def test_fails_three_times_then_succeeds_exactly_once(
    receiver: Receiver, fast_retries: None
) -> None:
    receiver.plan = [500, 503, 404]
    workspace_id, endpoint_id = await endpoint_for(receiver)
    await emit(workspace_id)
    delivery = await only_delivery(endpoint_id)
    await wait_for_status(delivery.id, "delivered")
    await asyncio.sleep(0.5)  # nothing more arrives

    assert [r.answered for r in receiver.requests] == [500, 503, 404, 200]
    assert all(r.leadsmith_ok and r.standard_ok for r in receiver.requests)
    assert {r.headers["x-leadsmith-delivery"] for r in receiver.requests} == {delivery.id}
    bodies = {r.body for r in receiver.requests}
    assert len(bodies) == 1  # every attempt sends the same bytes
    attempts = await attempts_of(delivery.id)
    assert [(a.number, a.succeeded, a.response_status) for a in attempts] == [
        (1, False, 500),
        (2, False, 503),
        (3, False, 404),
        (4, True, 200),
    ]
    assert attempts[0].error == "receiver answered HTTP 500"
    assert attempts[0].response_body == '{"answer": 500}'
    # Retries waited for the schedule (0.2 s each).
    gaps = [(b.created_at - a.created_at).total_seconds() for a, b in pairwise(attempts)]
    assert all(g >= 0.2 for g in gaps), gaps
    stored = await wait_for_status(delivery.id, "delivered")
    assert stored.attempt_count == 4 and stored.last_error is None


async def test_always_failing_ends_in_the_dead_letter_queue_then_replays(
    receiver: Receiver, fast_retries: None
) -> None:
    receiver.default = 500
    workspace_id, endpoint_id = await endpoint_for(receiver)
    await emit(workspace_id)
    delivery = await only_delivery(endpoint_id)
    # While retries are pending the delivery is `failed` with a next attempt time.
    failing = await wait_for_status(delivery.id, "failed")
    assert failing.next_attempt_at is not None
    dead = await wait_for_status(delivery.id, "dead")
    await asyncio.sleep(0.5)

    # One attempt plus one retry per step of the schedule: five.
    assert len(receiver.requests) == 5
    attempts = await attempts_of(delivery.id)
    assert [a.number for a in attempts] == [1, 2, 3, 4, 5]
    assert not any(a.succeeded for a in attempts)
    assert dead.attempt_count == 5 and dead.last_status_code == 500
    assert dead.next_attempt_at is None

    receiver.default = 200
    async with session_scope() as session:
        await service.replay_delivery(session, workspace_id, delivery.id)
    replayed = await wait_for_status(delivery.id, "delivered")
    assert replayed.sequence == 1 and replayed.attempt_count == 6
    assert receiver.requests[-1].headers["x-leadsmith-delivery"] == delivery.id
    attempts = await attempts_of(delivery.id)
    assert [(a.sequence, a.number, a.succeeded) for a in attempts][-1] == (1, 1, True)


async def test_receiver_that_never_answers_times_out_into_the_dlq(receiver: Receiver) -> None:
    receiver.default = HANG
    receiver.hang_seconds = 2.0
    with settings_env(webhook_timeout="0.3", webhook_retry_schedule="0.1s,0.1s"):
        workspace_id, endpoint_id = await endpoint_for(receiver)
        await emit(workspace_id)
        delivery = await only_delivery(endpoint_id)
        dead = await wait_for_status(delivery.id, "dead")
    attempts = await attempts_of(delivery.id)
    assert len(attempts) == 3
    for a in attempts:
        assert a.response_status is None and not a.succeeded
        assert a.error is not None and "no answer within 0.3s" in a.error
        assert 250 <= a.duration_ms < 2000
    assert dead.last_error is not None and "no answer" in dead.last_error


async def test_410_disables_the_endpoint_and_stops(receiver: Receiver, fast_retries: None) -> None:
    receiver.plan = [410]
    workspace_id, endpoint_id = await endpoint_for(receiver)
    await emit(workspace_id)
    delivery = await only_delivery(endpoint_id)
    dead = await wait_for_status(delivery.id, "dead")
    await asyncio.sleep(0.6)
    assert len(receiver.requests) == 1
    assert dead.last_status_code == 410 and "410" in (dead.last_error or "")
    async with session_scope() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
        assert endpoint is not None and not endpoint.enabled
        assert endpoint.disabled_reason == "the receiver answered 410 Gone"
    # A disabled endpoint gets no new deliveries.
    await emit(workspace_id)
    assert len(await deliveries_of(endpoint_id)) == 1


async def test_disabling_mid_retry_parks_the_delivery(receiver: Receiver) -> None:
    receiver.default = 500
    with settings_env(webhook_retry_schedule="0.8s,0.8s"):
        workspace_id, endpoint_id = await endpoint_for(receiver)
        await emit(workspace_id)
        delivery = await only_delivery(endpoint_id)
        await wait_for_status(delivery.id, "failed")
        async with session_scope() as session:
            await service.update_endpoint(session, workspace_id, endpoint_id, enabled=False)
        dead = await wait_for_status(delivery.id, "dead")
    assert len(receiver.requests) == 1
    assert dead.last_error == "endpoint disabled: disabled by a user"


async def test_only_subscribed_events_are_sent(receiver: Receiver) -> None:
    workspace_id, endpoint_id = await endpoint_for(receiver, [SEARCH_COMPLETED])
    await emit(workspace_id)  # batch.completed: not subscribed
    search_data = {"search_id": "s-1", "status": "completed", "total": 3, "found": 3}
    await emit(workspace_id, SEARCH_COMPLETED, search_data)
    await emit(workspace_id, ENRICHMENT_COMPLETED, {"job_id": "e-1"})
    delivery = await only_delivery(endpoint_id)
    assert delivery.event == SEARCH_COMPLETED
    await wait_for_status(delivery.id, "delivered")
    assert json.loads(receiver.requests[0].body)["data"] == search_data
    assert receiver.requests[0].headers["x-leadsmith-event"] == SEARCH_COMPLETED


async def test_every_subscribed_endpoint_gets_its_own_delivery() -> None:
    first, second = Receiver(), Receiver()
    try:
        caller = await make_caller()
        ids = [await make_endpoint(caller.workspace_id, r.url) for r in (first, second)]
        first.secret, second.secret = ids[0][1], ids[1][1]
        await emit(caller.workspace_id)
        for endpoint_id, _ in ids:
            await wait_for_status((await only_delivery(endpoint_id)).id, "delivered")
        for r in (first, second):
            assert len(r.requests) == 1 and r.requests[0].leadsmith_ok and r.requests[0].standard_ok
        # Each endpoint's signature uses its own secret.
        assert not verify_signature(ids[1][1], first.requests[0].body, first.requests[0].headers)
    finally:
        first.close()
        second.close()


async def test_rolled_back_event_is_never_sent(receiver: Receiver) -> None:
    workspace_id, endpoint_id = await endpoint_for(receiver)
    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            await emit_event(session, workspace_id, "batch.completed", sample_batch_data())
            raise RuntimeError("the batch update failed")
    await asyncio.sleep(0.5)
    assert await deliveries_of(endpoint_id) == [] and receiver.requests == []


async def test_unknown_event_is_a_programming_error() -> None:
    caller = await make_caller()
    async with session_scope() as session:
        with pytest.raises(ValueError, match="unknown webhook event"):
            await emit_event(session, caller.workspace_id, "batch.exploded", {})


async def test_private_target_is_refused_again_at_delivery_time(receiver: Receiver) -> None:
    receiver.secret = None
    caller = await make_caller()
    endpoint_id, _ = await make_endpoint(caller.workspace_id, receiver.url)
    with settings_env(allow_private_networks="0", webhook_retry_schedule="0.1s"):
        await emit(caller.workspace_id)
        delivery = await only_delivery(endpoint_id)
        dead = await wait_for_status(delivery.id, "dead")
    assert receiver.requests == []
    attempts = await attempts_of(delivery.id)
    assert len(attempts) == 2 and all("refused" in (a.error or "") for a in attempts)
    assert dead.last_status_code is None


async def test_rotated_secret_signs_the_next_attempts(receiver: Receiver) -> None:
    receiver.plan = [500]
    with settings_env(webhook_retry_schedule="0.8s"):
        workspace_id, endpoint_id = await endpoint_for(receiver)
        old_secret = receiver.secret
        await emit(workspace_id)
        delivery = await only_delivery(endpoint_id)
        await wait_for_status(delivery.id, "failed")
        async with session_scope() as session:
            _, new_secret = await service.rotate_secret(session, workspace_id, endpoint_id)
        receiver.secret = new_secret
        await wait_for_status(delivery.id, "delivered")
    first, second = receiver.requests
    assert verify_signature(str(old_secret), first.body, first.headers)
    assert second.leadsmith_ok and second.standard_ok


async def test_recovery_enqueues_a_delivery_whose_job_was_lost(
    receiver: Receiver, job_runtime: JobRuntime
) -> None:
    workspace_id, endpoint_id = await endpoint_for(receiver)
    # As if the process died between the commit and the enqueue: a row with no job.
    async with session_scope() as session:
        delivery = WebhookDelivery(
            workspace_id=workspace_id,
            endpoint_id=endpoint_id,
            event="batch.completed",
            body='{"event":"batch.completed","delivery_id":"x","data":{}}',
            status="pending",
            next_attempt_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(delivery)
    await asyncio.sleep(0.5)
    assert receiver.requests == []
    job_id = tasks.attempt_job_id(delivery.id, 0, 1)
    # Not overdue yet: left alone (its enqueue may still be on the way).
    await tasks.recover_deliveries(grace=tasks.RECOVERY_GRACE)
    assert await jobs.status(job_id) is None
    # Overdue (other tests' stale rows may be found too, hence >=).
    assert await tasks.recover_deliveries(grace=timedelta(0)) >= 1
    await wait_for_status(delivery.id, "delivered")
    assert len(receiver.requests) == 1
    assert await jobs.wait(job_id) == "SUCCESS"


async def test_recovery_buries_a_delivery_whose_job_failed(receiver: Receiver) -> None:
    workspace_id, endpoint_id = await endpoint_for(receiver)
    async with session_scope() as session:
        delivery = WebhookDelivery(
            workspace_id=workspace_id,
            endpoint_id=endpoint_id,
            event="batch.completed",
            body="{}",
            status="pending",
            next_attempt_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(delivery)
    # A job under the delivery's id that ends in ERROR (a bad payload makes it raise).
    job_id = tasks.attempt_job_id(delivery.id, 0, 1)
    await jobs.enqueue(tasks.DELIVER_TASK, {"wrong": "payload"}, job_id=job_id)
    assert await jobs.wait(job_id) == "ERROR"
    await tasks.recover_deliveries(grace=timedelta(0))
    dead = await wait_for_status(delivery.id, "dead")
    assert dead.last_error == "delivery job ended ERROR; see the server log"
    assert receiver.requests == []


def test_fast_schedule_has_the_default_shape() -> None:
    from leadsmith.config import Settings
    from leadsmith.webhooks.delivery import parse_retry_schedule

    assert len(parse_retry_schedule(FAST_SCHEDULE)) == len(
        parse_retry_schedule(Settings().webhook_retry_schedule)
    )
