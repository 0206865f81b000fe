"""Billing: plan, credits, quota, overage and the hourly spend cap."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select

from leadsmith.accounts.service import update_workspace
from leadsmith.billing import quotas
from leadsmith.billing.ledger import get_balance, grant_period_if_due, spent_last_hour
from leadsmith.billing.models import LedgerEntry
from leadsmith.billing.periods import period_of
from leadsmith.billing.plans import overage_rate_text
from leadsmith.billing.prices import from_millis
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.web.deps import CsrfDep, ViewerDep, workspace_of
from leadsmith.web.render import flash, format_credits, redirect, render
from leadsmith.web.routes.overview import percent_band

router = APIRouter()

RECENT_ENTRIES = 15
MAX_SPEND_CAP = Decimal(10_000_000)


@router.get("/billing", response_class=HTMLResponse)
async def billing_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    async with read_scope() as session:
        workspace = await workspace_of(session, viewer)
    await grant_period_if_due(workspace)
    async with read_scope() as session:
        balance = await get_balance(session, workspace.id)
        usage = await quotas.usage(session, workspace)
        spent_hour = from_millis(await spent_last_hour(session, workspace.id))
        entries = list(
            (
                await session.execute(
                    select(LedgerEntry)
                    .where(LedgerEntry.workspace_id == workspace.id)
                    .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
                    .limit(RECENT_ENTRIES)
                )
            ).scalars()
        )
    plan = usage.plan
    cap = None if workspace.spend_cap_millis is None else from_millis(workspace.spend_cap_millis)
    return render(
        request,
        viewer,
        "billing.html",
        workspace=workspace,
        plan=plan,
        usage=usage,
        balance=balance,
        period=period_of(),
        overage_rate=overage_rate_text(plan),
        spend_cap=cap,
        spent_hour=spent_hour,
        searches_band=percent_band(usage.searches_used, plan.searches_per_month),
        results_band=percent_band(usage.results_used, plan.results_per_month),
        entries=[(e, from_millis(e.amount_millis)) for e in entries],
    )


@router.post("/billing/overage")
async def overage_action(
    request: Request, viewer: CsrfDep, enabled: Annotated[str, Form()] = ""
) -> Response:
    on = enabled == "1"
    response = redirect(request, "/billing")
    async with session_scope() as session:
        workspace = await workspace_of(session, viewer)
        update_workspace(workspace, overage=on)
    if on:
        flash(response, "success", "Overage is on: lead results beyond the quota are billed.")
    else:
        flash(response, "success", "Overage is off: searches stop at the monthly quota.")
    return response


@router.post("/billing/spend-cap")
async def spend_cap_action(
    request: Request,
    viewer: CsrfDep,
    spend_cap: Annotated[str, Form()] = "",
    clear: Annotated[str, Form()] = "",
) -> Response:
    response = redirect(request, "/billing")
    if clear:
        async with session_scope() as session:
            workspace = await workspace_of(session, viewer)
            update_workspace(workspace, clear_spend_cap=True)
        flash(response, "success", "Removed the hourly spend cap.")
        return response
    try:
        amount = Decimal(spend_cap.strip())
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or amount < 0 or amount > MAX_SPEND_CAP:
        flash(response, "error", "Enter the cap as a number of credits per hour, e.g. 50.")
        return response
    async with session_scope() as session:
        workspace = await workspace_of(session, viewer)
        update_workspace(workspace, spend_cap=float(amount))
        stored = from_millis(workspace.spend_cap_millis or 0)
    flash(
        response, "success", f"Spending is now capped at {format_credits(stored)} credits per hour."
    )
    return response
