"""Making one delivery attempt: URL policy, the signed POST, and recording what happened.

Attempts run inside job steps (see webhooks.tasks). No database transaction is held
while the receiver is being called: the row is read, the request sent, then the result
written in a second short transaction.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from ipaddress import IPv6Address

from sqlalchemy import select

from leadsmith import __version__
from leadsmith.config import Settings, get_settings
from leadsmith.db.base import utcnow
from leadsmith.db.engine import session_scope
from leadsmith.net.addresses import parse_ip
from leadsmith.net.safe_http import BlockedAddress, FetchError, SafeFetcher, check_url_shape
from leadsmith.webhooks.models import (
    DEAD,
    DELIVERED,
    FAILED,
    IN_FLIGHT,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from leadsmith.webhooks.signing import SecretUnreadable, open_secret, signature_headers

logger = logging.getLogger("leadsmith.webhooks")

USER_AGENT = f"Leadsmith-Webhooks/{__version__}"
MAX_RESPONSE_BYTES = 2048
DEFAULT_SCHEDULE = Settings.model_fields["webhook_retry_schedule"].default
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_retry_schedule(text: str) -> list[float]:
    """Parse "1m,5m,30m,6h" (units ms, s, m, h, d; bare numbers are seconds) into seconds."""
    delays: list[float] = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _DURATION.match(part)
        if match is None:
            raise ValueError(
                f"bad webhook retry delay {part.strip()!r}: use numbers with s, m or h,"
                " e.g. 1m,5m,30m,6h"
            )
        delays.append(float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()])
    return delays


def retry_schedule(settings: Settings | None = None) -> list[float]:
    """The configured delays between attempts (LEADSMITH_WEBHOOK_RETRY_SCHEDULE)."""
    text = (settings or get_settings()).webhook_retry_schedule
    try:
        return parse_retry_schedule(text)
    except ValueError:
        # A typo in the setting must not strand deliveries: retry on the default schedule.
        logger.error(
            "LEADSMITH_WEBHOOK_RETRY_SCHEDULE=%r is invalid; using %s", text, DEFAULT_SCHEDULE
        )
        return parse_retry_schedule(DEFAULT_SCHEDULE)


def _is_loopback_host(host: str) -> bool:
    ip = parse_ip(host)
    if isinstance(ip, IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip is not None:
        return ip.is_loopback
    return host == "localhost" or host.endswith(".localhost")


def check_webhook_url_shape(url: str, settings: Settings | None = None) -> None:
    """Refuse (BlockedAddress) what is wrong without DNS: https only, except http to loopback
    when LEADSMITH_ALLOW_PRIVATE_NETWORKS=1; literal private IPs unless that setting is on."""
    settings = settings or get_settings()
    if len(url) > 2048:
        raise BlockedAddress("refused: webhook URLs may be at most 2048 characters", url=url)
    # The scheme first: "use https" is the useful answer for any http URL.
    if url.split(":", 1)[0].strip().lower() == "http" and not settings.allow_private_networks:
        raise BlockedAddress(f"refused {url}: webhook URLs must use https", url=url)
    target = check_url_shape(url, settings)
    if target.scheme == "http" and not _is_loopback_host(target.host):
        raise BlockedAddress(
            f"refused {url}: plain http is only allowed to a loopback address"
            " (127.0.0.1, ::1, localhost); use https",
            url=url,
        )


@dataclass(frozen=True, slots=True)
class AttemptResult:
    """What one POST to the receiver produced."""

    succeeded: bool
    status: int | None
    body: str | None
    duration_ms: int
    error: str | None


async def post_signed(
    url: str, secret: str, *, delivery_id: str, event: str, body: bytes, settings: Settings
) -> AttemptResult:
    """POST `body` signed with `secret` through the SSRF-safe client; never raises."""
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        # The policy is checked again at send time (the setting may have changed), and
        # SafeFetcher resolves, checks and pins the address before connecting.
        check_webhook_url_shape(url, settings)
        headers = signature_headers(secret, delivery_id=delivery_id, event=event, body=body)
        async with (
            asyncio.timeout(settings.webhook_timeout),
            SafeFetcher(
                settings=settings,
                user_agent=USER_AGENT,
                timeout=settings.webhook_timeout,
                max_bytes=MAX_RESPONSE_BYTES,
                max_connections=1,
            ) as fetcher,
        ):
            result = await fetcher.request(
                "POST", url, headers=headers, content=body, follow_redirects=False
            )
    except TimeoutError:
        return AttemptResult(
            False, None, None, elapsed(), f"no answer within {settings.webhook_timeout:g}s"
        )
    except FetchError as exc:
        return AttemptResult(False, None, None, elapsed(), str(exc))
    except Exception as exc:  # recorded and retried rather than lost
        logger.exception("webhook delivery %s: unexpected error", delivery_id)
        return AttemptResult(
            False, None, None, elapsed(), f"internal error: {type(exc).__name__}: {exc}"
        )
    answer = result.content.decode("utf-8", errors="replace")
    error = None if result.ok else f"receiver answered HTTP {result.status}"
    return AttemptResult(result.ok, result.status, answer, elapsed(), error)


@dataclass(frozen=True, slots=True)
class _Loaded:
    url: str
    sealed_secret: str
    event: str
    body: str


async def _load(delivery_id: str, sequence: int, number: int) -> _Loaded | float | None:
    """The data to send, or the outcome if this attempt must not be made (again)."""
    async with session_scope() as session:
        delivery = await session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.sequence != sequence:
            return None  # deleted, or a newer replay owns the delivery now
        done = (
            await session.execute(
                select(WebhookAttempt).where(
                    WebhookAttempt.delivery_id == delivery_id,
                    WebhookAttempt.sequence == sequence,
                    WebhookAttempt.number == number,
                )
            )
        ).scalar_one_or_none()
        if done is not None:
            # Recorded before a crash stopped the engine from noting the step: do not send
            # again, answer what was decided then.
            if done.succeeded or delivery.status not in IN_FLIGHT:
                return None
            schedule = retry_schedule()
            return schedule[number - 1] if number <= len(schedule) else None
        if delivery.status not in IN_FLIGHT:
            return None
        endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id)
        if endpoint is None:
            return None
        if not endpoint.enabled:
            # Parked in the dead-letter queue: replayable once the endpoint is enabled again.
            delivery.status = DEAD
            delivery.last_error = f"endpoint disabled: {endpoint.disabled_reason or 'by a user'}"
            delivery.next_attempt_at = None
            delivery.updated_at = utcnow()
            return None
        return _Loaded(endpoint.url, endpoint.secret_sealed, delivery.event, delivery.body)


async def run_attempt(delivery_id: str, sequence: int, number: int) -> float | None:
    """Make attempt `number` of `sequence` and record it; returns the delay before the next
    attempt, or None when there is none (delivered, dead, disabled, or stale)."""
    loaded = await _load(delivery_id, sequence, number)
    if not isinstance(loaded, _Loaded):
        return loaded
    settings = get_settings()
    schedule = retry_schedule(settings)
    try:
        secret = open_secret(loaded.sealed_secret)
    except SecretUnreadable as exc:
        result = AttemptResult(False, None, None, 0, str(exc))
    else:
        result = await post_signed(
            loaded.url,
            secret,
            delivery_id=delivery_id,
            event=loaded.event,
            body=loaded.body.encode(),
            settings=settings,
        )
    return await _record(delivery_id, sequence, number, result, schedule)


async def _record(
    delivery_id: str, sequence: int, number: int, result: AttemptResult, schedule: list[float]
) -> float | None:
    async with session_scope() as session:
        delivery = await session.get(WebhookDelivery, delivery_id)
        if delivery is None or delivery.sequence != sequence:
            return None
        now = utcnow()
        session.add(
            WebhookAttempt(
                delivery_id=delivery_id,
                sequence=sequence,
                number=number,
                succeeded=result.succeeded,
                response_status=result.status,
                response_body=result.body,
                duration_ms=result.duration_ms,
                error=result.error,
                created_at=now,
            )
        )
        delivery.attempt_count += 1
        delivery.last_status_code = result.status
        delivery.last_error = result.error
        delivery.updated_at = now
        delay: float | None = None
        if result.succeeded:
            delivery.status = DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif result.status == 410:
            # The receiver says the URL is gone for good: stop, and stop sending it anything.
            endpoint = await session.get(WebhookEndpoint, delivery.endpoint_id)
            if endpoint is not None and endpoint.enabled:
                endpoint.enabled = False
                endpoint.disabled_reason = "the receiver answered 410 Gone"
                endpoint.disabled_at = now
                endpoint.updated_at = now
            delivery.status = DEAD
            delivery.last_error = "receiver answered HTTP 410 Gone; endpoint disabled"
            delivery.next_attempt_at = None
        elif number <= len(schedule):
            delay = schedule[number - 1]
            delivery.status = FAILED
            delivery.next_attempt = number + 1
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        else:
            delivery.status = DEAD
            delivery.next_attempt_at = None
        return delay
