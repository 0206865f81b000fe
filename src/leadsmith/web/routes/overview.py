"""The overview: plan, credits, quota, usage charts and recent jobs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from leadsmith.batches.models import Batch
from leadsmith.billing import quotas
from leadsmith.billing.ledger import get_balance, grant_period_if_due
from leadsmith.db.engine import read_scope
from leadsmith.search.models import SearchRun
from leadsmith.web.deps import ViewerDep, workspace_of
from leadsmith.web.render import format_credits, format_number, render
from leadsmith.web.usage import bar_chart, daily_usage

router = APIRouter()

RECENT = 6


def percent_band(used: int, limit: int | None) -> int:
    """The meter step (0, 10, ... 100) for `used` of `limit`."""
    if not limit:
        return 0
    return min(100, round(used * 10 / limit) * 10)


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request, viewer: ViewerDep) -> HTMLResponse:
    async with read_scope() as session:
        workspace = await workspace_of(session, viewer)
    await grant_period_if_due(workspace)
    async with read_scope() as session:
        balance = await get_balance(session, workspace.id)
        usage = await quotas.usage(session, workspace)
        days = await daily_usage(session, workspace.id)
        runs = list(
            (
                await session.execute(
                    select(SearchRun)
                    .where(SearchRun.workspace_id == workspace.id)
                    .order_by(SearchRun.created_at.desc())
                    .limit(RECENT)
                )
            ).scalars()
        )
        batches = list(
            (
                await session.execute(
                    select(Batch)
                    .where(Batch.workspace_id == workspace.id)
                    .order_by(Batch.created_at.desc())
                    .limit(RECENT)
                )
            ).scalars()
        )
    credits_chart = bar_chart(
        [(d.day, float(d.credits_spent)) for d in days],
        unit="credits",
        value_text=format_credits,
    )
    requests_chart = bar_chart(
        [(d.day, float(d.requests)) for d in days], unit="requests", value_text=format_number
    )
    plan = usage.plan
    return render(
        request,
        viewer,
        "overview.html",
        workspace=workspace,
        plan=plan,
        balance=balance,
        usage=usage,
        searches_band=percent_band(usage.searches_used, plan.searches_per_month),
        results_band=percent_band(usage.results_used, plan.results_per_month),
        credits_chart=credits_chart,
        requests_chart=requests_chart,
        runs=runs,
        batches=batches,
    )
