"""Idempotency keys: claim before running, store the response after, replay within 24 h."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from leadsmith.db.base import utcnow
from leadsmith.db.dialect import rows_affected, upsert_insert
from leadsmith.db.engine import session_scope
from leadsmith.errors import Conflict
from leadsmith.idempotency.models import IdempotencyRecord
from leadsmith.idempotency.sealing import seal, unseal

REPLAY_WINDOW = timedelta(hours=24)
# An in-flight claim older than this belongs to a request that died; it may be retaken.
STALE_CLAIM = timedelta(minutes=5)


@dataclass(slots=True)
class StoredResponse:
    status_code: int
    headers: list[tuple[str, str]]
    body: bytes


def fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    h = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _mismatch() -> Conflict:
    return Conflict(
        "This Idempotency-Key was already used with a different request body; generate a"
        " fresh key for a new request.",
        code="idempotency_key_payload_mismatch",
        summary="Idempotency-Key reused with a different payload",
    )


async def claim(workspace_id: str, key: str, fp: str) -> StoredResponse | None:
    """Claim `key` for this request, or return the stored response to replay.

    Raises 409 when the key was used for another payload or is still in flight.
    """
    if not key or len(key) > 255:
        raise Conflict(
            "Idempotency-Key must be 1 to 255 characters", code="invalid_input", status=400
        )
    now = utcnow()
    async with session_scope() as session:
        inserted = await session.execute(
            upsert_insert(session, IdempotencyRecord)
            .values(
                workspace_id=workspace_id,
                key=key,
                fingerprint=fp,
                state="in_flight",
                created_at=now,
                expires_at=now + REPLAY_WINDOW,
            )
            .on_conflict_do_nothing(index_elements=["workspace_id", "key"])
        )
        if rows_affected(inserted):
            return None
        record = (
            await session.execute(
                select(IdempotencyRecord)
                .where(IdempotencyRecord.workspace_id == workspace_id, IdempotencyRecord.key == key)
                .with_for_update()
            )
        ).scalar_one()
        expired = record.expires_at <= now
        stale = record.state == "in_flight" and record.created_at <= now - STALE_CLAIM
        if expired or stale:
            record.fingerprint, record.state = fp, "in_flight"
            record.status_code, record.headers, record.body = None, None, None
            record.created_at, record.expires_at = now, now + REPLAY_WINDOW
            return None
        if record.fingerprint != fp:
            raise _mismatch()
        if record.state == "in_flight":
            raise Conflict(
                "A request with this Idempotency-Key is still being processed; retry when it"
                " has finished.",
                code="idempotency_key_in_use",
                summary="Idempotency-Key in use",
            )
        return StoredResponse(
            record.status_code or 200,
            [(str(k), str(v)) for k, v in record.headers or []],
            unseal(workspace_id, key, record.body or b""),
        )


async def complete(workspace_id: str, key: str, response: StoredResponse) -> None:
    async with session_scope() as session:
        await session.execute(
            update(IdempotencyRecord)
            .where(IdempotencyRecord.workspace_id == workspace_id, IdempotencyRecord.key == key)
            .values(
                state="completed",
                status_code=response.status_code,
                headers=[list(h) for h in response.headers],
                body=seal(workspace_id, key, response.body),
            )
        )


async def release(workspace_id: str, key: str) -> None:
    """Forget a claim whose request failed on our side, so a retry can run."""
    async with session_scope() as session:
        await session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.workspace_id == workspace_id, IdempotencyRecord.key == key
            )
        )


async def purge_expired() -> int:
    """Delete records past their replay window; returns how many."""
    async with session_scope() as session:
        result = await session.execute(
            delete(IdempotencyRecord).where(IdempotencyRecord.expires_at <= utcnow())
        )
        return rows_affected(result)
