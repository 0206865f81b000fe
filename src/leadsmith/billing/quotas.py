"""Monthly lead-search and lead-result quotas with optional overage (seed 000)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.billing.models import LeadUsage
from leadsmith.billing.periods import period_of
from leadsmith.billing.plans import Plan, effective_plan
from leadsmith.db.dialect import upsert_insert
from leadsmith.errors import NotFound, QuotaExceeded


@dataclass(frozen=True, slots=True)
class LeadUsageView:
    plan: Plan
    period: str
    searches_used: int
    results_used: int
    overage_results: int
    overage_cents: int


async def _row(session: AsyncSession, workspace_id: str, period: str) -> LeadUsage:
    await session.execute(
        upsert_insert(session, LeadUsage)
        .values(workspace_id=workspace_id, period=period)
        .on_conflict_do_nothing(index_elements=["workspace_id", "period"])
    )
    return (
        await session.execute(
            select(LeadUsage)
            .where(LeadUsage.workspace_id == workspace_id, LeadUsage.period == period)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one()


async def usage(session: AsyncSession, workspace: Workspace) -> LeadUsageView:
    period = period_of().key
    # Plain columns, not an ORM object: this read is on hot paths (credits, usage).
    row = (
        await session.execute(
            select(
                LeadUsage.searches_used,
                LeadUsage.results_used,
                LeadUsage.overage_results,
                LeadUsage.overage_cents,
            ).where(LeadUsage.workspace_id == workspace.id, LeadUsage.period == period)
        )
    ).first()
    plan = effective_plan(workspace.plan, workspace.subscription_status)
    if row is None:
        return LeadUsageView(plan, period, 0, 0, 0, 0)
    return LeadUsageView(plan, period, *row)


async def usage_of(session: AsyncSession, workspace_id: str) -> tuple[LeadUsageView, bool]:
    """This period's usage and whether overage is on, in one query (the credits routes)."""
    period = period_of().key
    row = (
        await session.execute(
            select(
                Workspace.plan,
                Workspace.subscription_status,
                Workspace.overage_enabled,
                LeadUsage.searches_used,
                LeadUsage.results_used,
                LeadUsage.overage_results,
                LeadUsage.overage_cents,
            )
            .outerjoin(
                LeadUsage,
                (LeadUsage.workspace_id == Workspace.id) & (LeadUsage.period == period),
            )
            .where(Workspace.id == workspace_id)
        )
    ).first()
    if row is None:
        raise NotFound("This key's workspace no longer exists.")
    plan = effective_plan(row[0], row[1])
    counts = [value or 0 for value in row[3:]]
    return LeadUsageView(plan, period, *counts), bool(row[2])


async def consume_search(session: AsyncSession, workspace: Workspace) -> None:
    """Count one lead search, or raise 429 quota_exceeded when the month's are used."""
    plan = effective_plan(workspace.plan, workspace.subscription_status)
    row = await _row(session, workspace.id, period_of().key)
    if plan.searches_per_month is not None and row.searches_used >= plan.searches_per_month:
        raise QuotaExceeded(
            f"The {plan.name} plan's {plan.searches_per_month} lead searches for this month are"
            " used; upgrade the plan or wait for next month.",
            summary="Monthly lead search quota reached",
        )
    await session.execute(
        update(LeadUsage)
        .where(LeadUsage.workspace_id == workspace.id, LeadUsage.period == row.period)
        .values(searches_used=LeadUsage.searches_used + 1)
    )


async def results_allowed(session: AsyncSession, workspace: Workspace) -> int | None:
    """How many more results may be saved this month (None = no limit)."""
    plan = effective_plan(workspace.plan, workspace.subscription_status)
    if plan.results_per_month is None:
        return None
    if workspace.overage_enabled and plan.overage_cents_per_result is not None:
        return None
    view = await usage(session, workspace)
    return max(0, plan.results_per_month - view.results_used)


async def consume_results(session: AsyncSession, workspace: Workspace, count: int) -> int:
    """Count up to `count` saved results; returns how many fit (overage when allowed)."""
    if count <= 0:
        return 0
    plan = effective_plan(workspace.plan, workspace.subscription_status)
    row = await _row(session, workspace.id, period_of().key)
    overage_ok = workspace.overage_enabled and plan.overage_cents_per_result is not None
    if plan.results_per_month is None:
        within, over = count, 0
    else:
        left = max(0, plan.results_per_month - row.results_used)
        within = min(count, left)
        over = count - within if overage_ok else 0
    accepted = within + over
    await session.execute(
        update(LeadUsage)
        .where(LeadUsage.workspace_id == workspace.id, LeadUsage.period == row.period)
        .values(
            results_used=LeadUsage.results_used + accepted,
            overage_results=LeadUsage.overage_results + over,
            overage_cents=LeadUsage.overage_cents + over * (plan.overage_cents_per_result or 0),
        )
    )
    return accepted
