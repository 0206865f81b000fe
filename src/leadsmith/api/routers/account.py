"""Health, me, usage and credit balances (seeds 000, 002, 004)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from leadsmith import __version__
from leadsmith.accounts.models import ApiKey
from leadsmith.api.deps import CurrentPrincipal, ReadSessionDep, ReadWorkspace
from leadsmith.api.routers import data_api_dialect  # noqa: F401  (registers 004 words)
from leadsmith.api.schemas import iso, meta
from leadsmith.billing import quotas
from leadsmith.billing.ledger import get_balance, grant_period_if_due
from leadsmith.billing.periods import period_of
from leadsmith.billing.plans import effective_plan, overage_rate_text
from leadsmith.billing.prices import credits_json
from leadsmith.config import get_settings
from leadsmith.db.engine import session_scope
from leadsmith.runtime import dataset_metadata, feature_flags, queue_status

router = APIRouter(tags=["account"])


@router.get("/api/health", summary="Service health, version, features and dataset")
async def health() -> dict[str, Any]:
    settings = get_settings()
    database: dict[str, Any] = {"backend": "sqlite" if settings.is_sqlite else "postgresql"}
    try:
        async with session_scope() as session:
            await session.execute(text("SELECT 1"))
        database["status"] = "ok"
    except Exception as exc:  # health reports, it does not fail
        database.update(status="error", detail=type(exc).__name__)
    queue = await queue_status()
    ok = database["status"] == "ok" and queue.get("status") == "ok"
    return {
        "status": "ok" if ok else "degraded",
        "version": __version__,
        "features": feature_flags(),
        "database": database,
        "queue": queue,
        "dataset": dataset_metadata(),
    }


@router.get("/api/v1/me", summary="Workspace plan and the calling key")
async def me(
    request: Request, principal: CurrentPrincipal, workspace: ReadWorkspace, session: ReadSessionDep
) -> dict[str, Any]:
    plan = effective_plan(workspace.plan, workspace.subscription_status)
    key: dict[str, Any] | None = None
    if principal.key_id is not None:
        record = await session.get(ApiKey, principal.key_id)
        if record is not None:
            key = {
                "id": record.id,
                "name": record.name,
                "prefix": record.prefix,
                "scopes": record.scopes,
                "test": record.test,
                "created_at": iso(record.created_at),
                "last_used_at": iso(record.last_used_at),
                "expires_at": iso(record.expires_at),
            }
    return {
        "success": True,
        "workspace": {
            "id": workspace.id,
            "name": workspace.name,
            "plan": workspace.plan,
            "effective_plan": plan.name,
            "status": workspace.subscription_status,
            "overage_enabled": workspace.overage_enabled,
        },
        "key": key,
        "meta": meta(request),
    }


@router.get("/api/v1/usage", summary="Credits, quotas and rate limit this billing period")
async def usage(
    request: Request, principal: CurrentPrincipal, workspace: ReadWorkspace, session: ReadSessionDep
) -> dict[str, Any]:
    period = period_of()
    await grant_period_if_due(workspace)
    balance = await get_balance(session, workspace.id)
    lead = await quotas.usage(session, workspace)
    rate = request.state.rate_limit
    return {
        "success": True,
        "period": {"key": period.key, "start": iso(period.start), "end": iso(period.end)},
        "credits": {
            "balance": credits_json(balance.balance),
            "earned": credits_json(balance.earned),
            "spent": credits_json(balance.spent),
            "monthly_allowance": credits_json(lead.plan.monthly_credits),
        },
        "searches": {"used": lead.searches_used, "limit": lead.plan.searches_per_month},
        "results": {"used": lead.results_used, "limit": lead.plan.results_per_month},
        "rate_limit": {"limit": rate.limit, "remaining": rate.remaining, "reset": rate.reset},
        "meta": meta(request),
    }


@router.get("/api/v1/credits", summary="Credit balance (seed 002)")
async def credits(workspace: ReadWorkspace, session: ReadSessionDep) -> dict[str, Any]:
    await grant_period_if_due(workspace)
    balance = await get_balance(session, workspace.id)
    return {
        "balance": credits_json(balance.balance),
        "totalEarned": credits_json(balance.earned),
        "totalSpent": credits_json(balance.spent),
    }


def _remaining(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(0, limit - used)


@router.get("/api/v1/leads/credits", summary="Remaining Lead Credits (seed 000)")
async def lead_credits(principal: CurrentPrincipal, session: ReadSessionDep) -> dict[str, Any]:
    view, overage_enabled = await quotas.usage_of(session, principal.workspace_id)
    period = period_of()
    plan = view.plan
    return {
        "success": True,
        "plan": plan.name,
        "billing_period": {"start": iso(period.start), "end": iso(period.end)},
        "searches": {
            "used": view.searches_used,
            "limit": plan.searches_per_month,
            "remaining": _remaining(plan.searches_per_month, view.searches_used),
        },
        "results": {
            "used": view.results_used,
            "limit": plan.results_per_month,
            "remaining": _remaining(plan.results_per_month, view.results_used),
            "overage_rate": overage_rate_text(plan),
            "overage_used": view.overage_results,
            "overage_amount": f"${view.overage_cents / 100:.2f}",
        },
        "overage_enabled": overage_enabled,
    }
