"""Webhook endpoints and deliveries of a workspace: create, change, list, replay.

Every function takes the caller's session and workspace id; a row of another workspace
is reported exactly like a missing one (NotFound).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.config import Settings, get_settings
from leadsmith.db.base import utcnow
from leadsmith.errors import Conflict, InvalidInput, NotFound
from leadsmith.net.safe_http import FetchError, check_url_allowed
from leadsmith.webhooks.delivery import check_webhook_url_shape
from leadsmith.webhooks.events import ALL_EVENTS, EVENTS
from leadsmith.webhooks.models import (
    DEAD,
    DELIVERED,
    DELIVERY_STATUSES,
    PENDING,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from leadsmith.webhooks.signing import generate_secret, seal_secret
from leadsmith.webhooks.tasks import enqueue_next_attempt

MAX_ENDPOINTS = 50
MAX_PAGE = 200


def normalise_events(events: Sequence[str] | None) -> list[str]:
    """Validate a subscription: known event names, or None / ["*"] for all."""
    if events is None:
        return [ALL_EVENTS]
    cleaned = [e.strip() for e in events if e.strip()]
    if not cleaned:
        raise InvalidInput(
            'events: subscribe to at least one event, or omit it (or send ["*"]) for all.'
        )
    if ALL_EVENTS in cleaned:
        return [ALL_EVENTS]
    unknown = [e for e in cleaned if e not in EVENTS]
    if unknown:
        raise InvalidInput(
            f"events: unknown event(s) {', '.join(unknown)}; known: {', '.join(EVENTS)}."
        )
    return sorted(set(cleaned), key=EVENTS.index)


async def validate_url(url: str, settings: Settings | None = None) -> str:
    """The URL if webhooks may be sent to it (scheme, then every DNS answer), else InvalidInput."""
    settings = settings or get_settings()
    url = url.strip()
    try:
        check_webhook_url_shape(url, settings)
        await check_url_allowed(url, settings=settings)
    except FetchError as exc:  # BlockedAddress, HostNotFound
        raise InvalidInput(f"url: {exc}", summary="Webhook URL refused") from exc
    return url


async def create_endpoint(
    session: AsyncSession, workspace_id: str, url: str, events: Sequence[str] | None = None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint and its secret (the only time the secret is returned)."""
    subscribed = normalise_events(events)
    checked = await validate_url(url)
    count = await session.scalar(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(WebhookEndpoint.workspace_id == workspace_id)
    )
    if (count or 0) >= MAX_ENDPOINTS:
        raise InvalidInput(f"A workspace may have at most {MAX_ENDPOINTS} webhook endpoints.")
    secret = generate_secret()
    now = utcnow()
    endpoint = WebhookEndpoint(
        workspace_id=workspace_id,
        url=checked,
        events=subscribed,
        enabled=True,
        secret_sealed=seal_secret(secret),
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    await session.flush()
    return endpoint, secret


async def list_endpoints(session: AsyncSession, workspace_id: str) -> list[WebhookEndpoint]:
    """The workspace's endpoints, oldest first."""
    result = await session.execute(
        select(WebhookEndpoint)
        .where(WebhookEndpoint.workspace_id == workspace_id)
        .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
    )
    return list(result.scalars().all())


async def get_endpoint(
    session: AsyncSession, workspace_id: str, endpoint_id: str
) -> WebhookEndpoint:
    """One endpoint of the workspace, else NotFound."""
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.workspace_id != workspace_id:
        raise NotFound(f"No webhook endpoint {endpoint_id} in this workspace.")
    return endpoint


async def update_endpoint(
    session: AsyncSession,
    workspace_id: str,
    endpoint_id: str,
    *,
    url: str | None = None,
    events: Sequence[str] | None = None,
    enabled: bool | None = None,
) -> WebhookEndpoint:
    """Change the URL, the subscription, or pause / re-enable the endpoint."""
    endpoint = await get_endpoint(session, workspace_id, endpoint_id)
    now = utcnow()
    if url is not None:
        endpoint.url = await validate_url(url)
    if events is not None:
        endpoint.events = normalise_events(events)
    if enabled is True and not endpoint.enabled:
        endpoint.enabled = True
        endpoint.disabled_reason = None
        endpoint.disabled_at = None
    elif enabled is False and endpoint.enabled:
        endpoint.enabled = False
        endpoint.disabled_reason = "disabled by a user"
        endpoint.disabled_at = now
    endpoint.updated_at = now
    await session.flush()
    return endpoint


async def delete_endpoint(session: AsyncSession, workspace_id: str, endpoint_id: str) -> None:
    """Delete the endpoint; its deliveries and their attempts go with it."""
    endpoint = await get_endpoint(session, workspace_id, endpoint_id)
    await session.delete(endpoint)
    await session.flush()


async def rotate_secret(
    session: AsyncSession, workspace_id: str, endpoint_id: str
) -> tuple[WebhookEndpoint, str]:
    """Replace the secret; attempts from now on (retries included) are signed with the new one."""
    endpoint = await get_endpoint(session, workspace_id, endpoint_id)
    secret = generate_secret()
    now = utcnow()
    endpoint.secret_sealed = seal_secret(secret)
    endpoint.secret_rotated_at = now
    endpoint.updated_at = now
    await session.flush()
    return endpoint, secret


async def list_deliveries(
    session: AsyncSession,
    workspace_id: str,
    *,
    status: str | None = None,
    endpoint_id: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> tuple[list[WebhookDelivery], str | None]:
    """A page of deliveries, newest first, and the cursor of the next page (None at the end)."""
    if status is not None and status not in DELIVERY_STATUSES:
        raise InvalidInput(f"status: use one of {', '.join(DELIVERY_STATUSES)}.")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit: between 1 and {MAX_PAGE}.")
    query = select(WebhookDelivery).where(WebhookDelivery.workspace_id == workspace_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    if cursor is not None:
        after = await session.get(WebhookDelivery, cursor)
        if after is None or after.workspace_id != workspace_id:
            raise InvalidInput("cursor: not a cursor this endpoint returned.")
        query = query.where(
            or_(
                WebhookDelivery.created_at < after.created_at,
                and_(
                    WebhookDelivery.created_at == after.created_at,
                    WebhookDelivery.id < after.id,
                ),
            )
        )
    query = query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    rows = list((await session.execute(query.limit(limit + 1))).scalars().all())
    if len(rows) > limit:
        return rows[:limit], rows[limit - 1].id
    return rows, None


async def get_delivery(
    session: AsyncSession, workspace_id: str, delivery_id: str
) -> tuple[WebhookDelivery, list[WebhookAttempt]]:
    """A delivery of the workspace with every attempt, oldest first; else NotFound."""
    delivery = await session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.workspace_id != workspace_id:
        raise NotFound(f"No webhook delivery {delivery_id} in this workspace.")
    attempts = (
        await session.execute(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id == delivery_id)
            .order_by(WebhookAttempt.sequence, WebhookAttempt.number)
        )
    ).scalars()
    return delivery, list(attempts.all())


def _restart(session: AsyncSession, delivery: WebhookDelivery) -> None:
    # A new attempt sequence on the same delivery id: receivers can dedupe on it.
    now = utcnow()
    delivery.sequence += 1
    delivery.status = PENDING
    delivery.next_attempt = 1
    delivery.next_attempt_at = now
    delivery.last_status_code = None
    delivery.last_error = None
    delivery.delivered_at = None
    delivery.updated_at = now
    enqueue_next_attempt(session, delivery)


async def replay_delivery(
    session: AsyncSession, workspace_id: str, delivery_id: str
) -> WebhookDelivery:
    """Send a dead (or already delivered) delivery again, from the first attempt."""
    delivery, _ = await get_delivery(session, workspace_id, delivery_id)
    if delivery.status not in (DEAD, DELIVERED):
        raise Conflict(
            f"Delivery {delivery_id} is {delivery.status}: its attempts are still running.",
            code="delivery_in_progress",
        )
    endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        raise Conflict(
            f"The endpoint of delivery {delivery_id} is disabled"
            f" ({endpoint.disabled_reason if endpoint else 'deleted'}); enable it first"
            ' (PATCH /v1/webhooks/endpoints/{id} with {"enabled": true}).',
            code="endpoint_disabled",
        )
    _restart(session, delivery)
    await session.flush()
    return delivery


@dataclass(frozen=True, slots=True)
class ReplayOutcome:
    replayed: list[str]
    skipped_disabled: int


async def replay_dead(
    session: AsyncSession, workspace_id: str, endpoint_id: str | None = None
) -> ReplayOutcome:
    """Replay every dead delivery of the workspace (or of one endpoint) to enabled endpoints."""
    if endpoint_id is not None:
        await get_endpoint(session, workspace_id, endpoint_id)
    query = (
        select(WebhookDelivery, WebhookEndpoint.enabled)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.workspace_id == workspace_id, WebhookDelivery.status == DEAD)
        .order_by(WebhookDelivery.created_at, WebhookDelivery.id)
    )
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    replayed: list[str] = []
    skipped = 0
    for delivery, enabled in (await session.execute(query)).all():
        if not enabled:
            skipped += 1
            continue
        _restart(session, delivery)
        replayed.append(delivery.id)
    await session.flush()
    return ReplayOutcome(replayed, skipped)
