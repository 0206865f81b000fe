"""The credit ledger: grants, charges and refunds in exact milli-credits.

A charge is one conditional UPDATE of the workspace's balance plus one ledger row
whose `reference` is unique per workspace, in the caller's transaction: concurrent
charges can never overdraw, and a retried charge with the same reference is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.billing.models import CreditAccount, LedgerEntry
from leadsmith.billing.periods import period_of
from leadsmith.billing.plans import effective_plan
from leadsmith.billing.prices import from_millis, to_millis
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.dialect import rows_affected, upsert_insert
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import InsufficientCredits, SpendCapReached


@dataclass(frozen=True, slots=True)
class Balance:
    balance: Decimal
    earned: Decimal
    spent: Decimal


@dataclass(frozen=True, slots=True)
class ChargeResult:
    amount: Decimal  # what this call charged (0 when replayed or free)
    replayed: bool  # the reference had already been charged


async def _ensure_account(session: AsyncSession, workspace_id: str) -> None:
    stmt = upsert_insert(session, CreditAccount).values(
        workspace_id=workspace_id, balance_millis=0, earned_millis=0, spent_millis=0
    )
    await session.execute(stmt.on_conflict_do_nothing(index_elements=["workspace_id"]))


async def _add_entry(
    session: AsyncSession,
    workspace_id: str,
    amount_millis: int,
    kind: str,
    operation: str,
    reference: str | None,
) -> bool:
    """Insert a ledger row; False when `reference` was already used."""
    stmt = upsert_insert(session, LedgerEntry).values(
        id=new_id(),
        workspace_id=workspace_id,
        amount_millis=amount_millis,
        kind=kind,
        operation=operation,
        reference=reference,
        created_at=utcnow(),
    )
    if reference is not None:
        stmt = stmt.on_conflict_do_nothing(index_elements=["workspace_id", "reference"])
    result = await session.execute(stmt)
    return bool(rows_affected(result))


async def ensure_period_grant(session: AsyncSession, workspace: Workspace) -> None:
    """Grant the plan's monthly allowance once per billing period."""
    period = period_of().key
    await _ensure_account(session, workspace.id)
    claimed = await session.execute(
        update(CreditAccount)
        .where(CreditAccount.workspace_id == workspace.id)
        .where((CreditAccount.granted_period.is_(None)) | (CreditAccount.granted_period != period))
        .values(granted_period=period)
    )
    if not rows_affected(claimed):
        return
    plan = effective_plan(workspace.plan, workspace.subscription_status)
    await grant(
        session,
        workspace.id,
        plan.monthly_credits,
        operation=f"plan:{plan.name}",
        reference=f"plan-grant:{period}",
    )


async def grant_period_if_due(workspace: Workspace) -> None:
    """Make sure this period's allowance is granted, writing only when it is not yet."""
    async with read_scope() as session:
        granted = await session.scalar(
            select(CreditAccount.granted_period).where(CreditAccount.workspace_id == workspace.id)
        )
    if granted == period_of().key:
        return
    async with session_scope() as session:
        await ensure_period_grant(session, workspace)


async def grant(
    session: AsyncSession,
    workspace_id: str,
    amount: Decimal,
    *,
    operation: str = "grant",
    reference: str | None = None,
    kind: str | None = None,
) -> None:
    """Add credits (negative amounts are adjustments that lower earned)."""
    millis = to_millis(amount)
    await _ensure_account(session, workspace_id)
    entry_kind = kind or ("grant" if millis >= 0 else "adjustment")
    if not await _add_entry(session, workspace_id, millis, entry_kind, operation, reference):
        return
    await session.execute(
        update(CreditAccount)
        .where(CreditAccount.workspace_id == workspace_id)
        .values(
            balance_millis=CreditAccount.balance_millis + millis,
            earned_millis=CreditAccount.earned_millis + millis,
        )
    )


async def spent_last_hour(session: AsyncSession, workspace_id: str) -> int:
    since = utcnow() - timedelta(hours=1)
    total = await session.scalar(
        select(func.coalesce(func.sum(-LedgerEntry.amount_millis), 0)).where(
            LedgerEntry.workspace_id == workspace_id,
            LedgerEntry.kind == "charge",
            LedgerEntry.created_at >= since,
        )
    )
    return int(total or 0)


async def charge(
    session: AsyncSession,
    workspace: Workspace,
    amount: Decimal,
    *,
    operation: str,
    reference: str,
) -> ChargeResult:
    """Charge `amount` once per `reference`; raises when the balance or spend cap can't cover it.

    Runs in the caller's transaction: if the caller rolls back, nothing was charged.
    """
    millis = to_millis(amount)
    if millis <= 0:
        return ChargeResult(Decimal(0), replayed=False)
    await ensure_period_grant(session, workspace)
    # Lock the account row first so the spend-cap sum and the debit see one state.
    account = (
        await session.execute(
            select(CreditAccount)
            .where(CreditAccount.workspace_id == workspace.id)
            .with_for_update()
        )
    ).scalar_one()
    if workspace.spend_cap_millis is not None:
        spent = await spent_last_hour(session, workspace.id)
        if spent + millis > workspace.spend_cap_millis:
            raise SpendCapReached(
                f"This workspace's hourly spend cap of {from_millis(workspace.spend_cap_millis)}"
                " credits is reached; wait for the hour to roll over or raise the cap.",
                headers={"Retry-After": "3600"},
            )
    if account.balance_millis < millis:
        raise _insufficient(amount, from_millis(account.balance_millis))
    if not await _add_entry(session, workspace.id, -millis, "charge", operation, reference):
        return ChargeResult(Decimal(0), replayed=True)
    debited = await session.execute(
        update(CreditAccount)
        .where(CreditAccount.workspace_id == workspace.id)
        .where(CreditAccount.balance_millis >= millis)
        .values(
            balance_millis=CreditAccount.balance_millis - millis,
            spent_millis=CreditAccount.spent_millis + millis,
        )
        .execution_options(synchronize_session=False)
    )
    if not rows_affected(debited):
        raise _insufficient(amount, from_millis(account.balance_millis))
    await session.refresh(account)
    return ChargeResult(amount, replayed=False)


def _insufficient(needed: Decimal, balance: Decimal) -> InsufficientCredits:
    return InsufficientCredits(
        f"This needs {needed} credits and the balance is {balance}. Top up or wait for"
        " next month's allowance.",
        summary="Insufficient credits",
        extra={"cta_url": "/dashboard/billing", "cta_label": "Top up"},
    )


async def require_balance(workspace: Workspace, amount: Decimal) -> None:
    """Refuse up front when the maximum price of a request exceeds the balance.

    Opens its own short sessions, so callers need not hold a transaction open.
    """
    if amount <= 0:
        return
    await grant_period_if_due(workspace)
    async with read_scope() as session:
        current = await get_balance(session, workspace.id)
    if current.balance < amount:
        raise _insufficient(amount, current.balance)


async def refund(
    session: AsyncSession, workspace_id: str, amount: Decimal, *, operation: str, reference: str
) -> None:
    """Give back credits for a charge that delivered nothing (once per reference)."""
    millis = to_millis(amount)
    await _ensure_account(session, workspace_id)
    if not await _add_entry(session, workspace_id, millis, "refund", operation, reference):
        return
    await session.execute(
        update(CreditAccount)
        .where(CreditAccount.workspace_id == workspace_id)
        .values(
            balance_millis=CreditAccount.balance_millis + millis,
            spent_millis=CreditAccount.spent_millis - millis,
        )
    )


async def get_balance(session: AsyncSession, workspace_id: str) -> Balance:
    account = await session.get(CreditAccount, workspace_id, populate_existing=True)
    if account is None:
        return Balance(Decimal(0), Decimal(0), Decimal(0))
    return Balance(
        from_millis(account.balance_millis),
        from_millis(account.earned_millis),
        from_millis(account.spent_millis),
    )
