"""Billing periods are calendar months in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True, slots=True)
class BillingPeriod:
    key: str  # "YYYY-MM"
    start: datetime
    end: datetime  # last second of the month
    next_start: datetime


def period_of(moment: datetime | None = None) -> BillingPeriod:
    """The calendar month (UTC) containing `moment` (now by default)."""
    now = (moment or datetime.now(UTC)).astimezone(UTC)
    start = datetime(now.year, now.month, 1, tzinfo=UTC)
    nxt = datetime(now.year + (now.month == 12), now.month % 12 + 1, 1, tzinfo=UTC)
    return BillingPeriod(
        key=f"{now.year:04d}-{now.month:02d}",
        start=start,
        end=nxt - timedelta(seconds=1),
        next_start=nxt,
    )
