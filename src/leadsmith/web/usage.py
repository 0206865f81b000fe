"""What the overview draws: credits spent and requests made per day, as SVG bar charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.billing.models import LedgerEntry
from leadsmith.billing.prices import from_millis
from leadsmith.db.base import utcnow
from leadsmith.history.models import RequestLog


@dataclass(frozen=True, slots=True)
class DailyUsage:
    day: date
    credits_spent: Decimal
    requests: int


def _day_of(session: AsyncSession, column: Any) -> Any:
    """The UTC calendar day of a timestamp column, as SQL."""
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


async def daily_usage(session: AsyncSession, workspace_id: str, days: int = 30) -> list[DailyUsage]:
    """One entry per UTC day for the last `days` days (today last), zeros included."""
    today = utcnow().date()
    first = today - timedelta(days=days - 1)
    since = datetime(first.year, first.month, first.day, tzinfo=utcnow().tzinfo)
    ledger_day = _day_of(session, LedgerEntry.created_at)
    spent_rows = await session.execute(
        select(ledger_day, func.sum(LedgerEntry.amount_millis))
        .where(
            LedgerEntry.workspace_id == workspace_id,
            LedgerEntry.created_at >= since,
            LedgerEntry.kind == "charge",
        )
        .group_by(ledger_day)
    )
    spent = {_as_date(d): -int(total or 0) for d, total in spent_rows}
    request_day = _day_of(session, RequestLog.at)
    request_rows = await session.execute(
        select(request_day, func.count())
        .where(RequestLog.workspace_id == workspace_id, RequestLog.at >= since)
        .group_by(request_day)
    )
    requests = {_as_date(d): int(n) for d, n in request_rows}
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        out.append(DailyUsage(day, from_millis(max(spent.get(day, 0), 0)), requests.get(day, 0)))
    return out


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # shown on hover (<title>) and read by screen readers


@dataclass(frozen=True, slots=True)
class BarChart:
    """Geometry for an inline SVG bar chart; the template only places shapes."""

    width: int
    height: int
    bars: list[Bar]
    max_label: str
    first_label: str
    last_label: str
    baseline: float
    top: float
    summary: str
    empty: bool


def bar_chart(
    points: list[tuple[date, float]],
    *,
    unit: str,
    value_text: Any = str,
    width: int = 640,
    height: int = 170,
) -> BarChart:
    """Bars for (day, value) points; `value_text` formats a value for labels."""
    left, right, top, bottom = 44.0, 8.0, 12.0, 22.0
    plot_w = width - left - right
    plot_h = height - top - bottom
    peak = max((v for _, v in points), default=0.0)
    scale_max = peak if peak > 0 else 1.0
    slot = plot_w / max(len(points), 1)
    bar_w = max(slot * 0.7, 1.0)
    bars = []
    for i, (day, value) in enumerate(points):
        h = plot_h * (value / scale_max) if value > 0 else 0.0
        if 0 < h < 1.5:
            h = 1.5  # a tiny non-zero day stays visible
        bars.append(
            Bar(
                x=round(left + i * slot + (slot - bar_w) / 2, 2),
                y=round(top + plot_h - h, 2),
                width=round(bar_w, 2),
                height=round(h, 2),
                label=f"{day.isoformat()}: {value_text(value)} {unit}",
            )
        )
    total = sum(v for _, v in points)
    summary = (
        f"{value_text(total)} {unit} over the last {len(points)} days;"
        f" the busiest day had {value_text(peak)}."
    )
    return BarChart(
        width=width,
        height=height,
        bars=bars,
        max_label=value_text(peak),
        first_label=points[0][0].strftime("%b %d") if points else "",
        last_label=points[-1][0].strftime("%b %d") if points else "",
        baseline=top + plot_h,
        top=top,
        summary=summary,
        empty=peak <= 0,
    )
