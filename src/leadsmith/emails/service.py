"""Verification for API callers: sandbox for test keys, a per-workspace cache, charging.

Only definite verdicts (valid, invalid, risky) are charged; `unknown` is free and not
cached, so asking again later may give a better answer.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, credits_json, price
from leadsmith.config import get_settings
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.emails.models import Verification
from leadsmith.emails.tables import VerificationRecord
from leadsmith.emails.verifier import EmailVerifier
from leadsmith.sources.sandbox import sandbox_verification

DEFINITE = frozenset({"valid", "invalid", "risky"})
_verifiers: dict[int, EmailVerifier] = {}


def shared_verifier() -> EmailVerifier:
    """One verifier per event loop, so politeness limits hold across requests."""
    loop_id = id(asyncio.get_running_loop())
    verifier = _verifiers.get(loop_id)
    if verifier is None:
        verifier = EmailVerifier(get_settings())
        _verifiers[loop_id] = verifier
    return verifier


def reset_shared_verifiers() -> None:
    """Forget the per-loop verifiers (after the DNS/SMTP settings changed)."""
    _verifiers.clear()


def cache_key(email: str) -> str:
    return email.strip().lower()


async def cached_result(
    session: AsyncSession, workspace_id: str, email: str
) -> Verification | None:
    record = (
        await session.execute(
            select(VerificationRecord).where(
                VerificationRecord.workspace_id == workspace_id,
                VerificationRecord.address == cache_key(email),
            )
        )
    ).scalar_one_or_none()
    if record is None or record.expires_at <= utcnow():
        return None
    found = Verification.from_dict(record.result)
    found.email = email
    found.cached = True
    return found


async def remember(session: AsyncSession, workspace_id: str, result: Verification) -> str:
    """Store a definite result for the workspace; returns the record id (the charge reference)."""
    key = cache_key(result.email)
    ttl = timedelta(seconds=get_settings().verify_cache_ttl_seconds)
    record = (
        await session.execute(
            select(VerificationRecord)
            .where(VerificationRecord.workspace_id == workspace_id)
            .where(VerificationRecord.address == key)
            .with_for_update()
        )
    ).scalar_one_or_none()
    data = result.to_dict()
    data["cached"] = False
    if record is None:
        record = VerificationRecord(
            workspace_id=workspace_id, address=key, result=data, expires_at=utcnow() + ttl
        )
        session.add(record)
    else:
        record.id = new_id()  # a fresh verification is a fresh charge reference
        record.result, record.expires_at = data, utcnow() + ttl
    await session.flush()
    return record.id


def response_fields(result: Verification, credits_charged: Decimal | int) -> dict[str, Any]:
    """Seed 003's verify response, plus reason, score and the checks behind it."""
    return {
        "email": result.email,
        "status": result.status,
        "verified": result.verified,
        "deliverable": result.deliverable,
        "cached": result.cached,
        "credits_charged": credits_json(credits_charged),
        "reason": result.reason,
        "score": result.score,
        "checks": result.checks,
        "smtp": {"code": result.smtp_code, "message": result.smtp_message, "mx": result.mx_host}
        if result.smtp_code
        else None,
    }


async def verify_for_workspace(
    workspace: Workspace, email: str, *, test: bool
) -> tuple[Verification, Decimal]:
    """Verify one address for an API caller; returns the verdict and what was charged.

    The SMTP probe runs outside any transaction; only the charge takes a write lock.
    """
    if test:
        return sandbox_verification(email), Decimal(0)
    cost = price(Operation.VERIFY_EMAIL)
    await ledger.require_balance(workspace, cost)
    async with read_scope() as session:
        hit = await cached_result(session, workspace.id, email)
    if hit is not None:
        return hit, Decimal(0)
    result = await shared_verifier().verify(email)
    if result.status not in DEFINITE:
        return result, Decimal(0)
    async with session_scope() as session:
        reference = await remember(session, workspace.id, result)
        charged = await ledger.charge(
            session,
            workspace,
            cost,
            operation=Operation.VERIFY_EMAIL,
            reference=f"verify:{reference}",
        )
    return result, charged.amount
