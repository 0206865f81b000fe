"""Plans (seed 000's table) and the monthly credit allowance of each.

Lead searches and results are monthly quotas (seed 000). Credit-priced operations
(seeds 002, 003, 004) draw on a credit ledger that receives the plan's monthly
allowance as a grant at the start of each billing period; unused credits carry over.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SUBSCRIPTION_STATUSES = ("active", "trialing", "past_due")


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    searches_per_month: int | None  # None = unlimited
    results_per_month: int | None
    overage_cents_per_result: int | None  # None = overage not available
    monthly_credits: Decimal
    batch_api: bool  # seed 004: batch enrichment is not on Free


PLANS: dict[str, Plan] = {
    "free": Plan("free", 3, 25, None, Decimal(50), batch_api=False),
    "pro": Plan("pro", 25, 500, 5, Decimal(2_000), batch_api=True),
    "max": Plan("max", 100, 5_000, 5, Decimal(10_000), batch_api=True),
    "enterprise": Plan("enterprise", None, None, None, Decimal(100_000), batch_api=True),
}


def effective_plan(plan: str, subscription_status: str) -> Plan:
    """Trialing and past-due subscriptions follow Free limits (seed 000)."""
    if subscription_status != "active":
        return PLANS["free"]
    return PLANS.get(plan, PLANS["free"])


def overage_rate_text(plan: Plan) -> str | None:
    if plan.overage_cents_per_result is None:
        return None
    return f"${plan.overage_cents_per_result / 100:.2f} / result"
