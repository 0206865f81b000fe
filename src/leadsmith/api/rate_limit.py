"""Per-key rate limits: 60 requests a minute, one burst to 120 in a minute per hour.

Backed by the `limits` library: in-process memory on the embedded default, Redis when
LEADSMITH_REDIS_URL is set, so the limits hold across server processes.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerHour, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset: int  # unix seconds when the window frees a slot
    retry_after: int  # seconds; 0 when allowed

    def headers(self) -> dict[str, str]:
        out = {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }
        if not self.allowed:
            out["Retry-After"] = str(self.retry_after)
        return out


def make_storage(redis_url: str | None) -> Storage:
    if not redis_url:
        return MemoryStorage()
    uri = redis_url if redis_url.startswith("async+") else "async+" + redis_url
    store = storage_from_string(uri)
    assert isinstance(store, Storage)
    return store


class KeyRateLimiter:
    """Decides whether one more request of a key fits its limits."""

    def __init__(self, storage: Storage, per_minute: int = 60, burst_per_minute: int = 120) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._base = RateLimitItemPerMinute(per_minute)
        self._burst = RateLimitItemPerMinute(burst_per_minute)
        self._token = RateLimitItemPerHour(1)
        self.per_minute = per_minute
        self.burst_per_minute = burst_per_minute

    async def _burst_active(self, key: str) -> bool:
        stats = await self._limiter.get_window_stats(self._token, "burst", key)
        if stats.remaining > 0:
            return False
        started = stats.reset_time - 3600
        return time.time() - started < 60

    async def hit(self, key: str) -> RateDecision:
        """Count one request of `key` if it is allowed."""
        if await self._limiter.hit(self._base, key):
            await self._limiter.hit(self._burst, "b", key)
            stats = await self._limiter.get_window_stats(self._base, key)
            return RateDecision(
                True, self.per_minute, stats.remaining, math.ceil(stats.reset_time), 0
            )
        in_burst = await self._burst_active(key)
        if not in_burst and await self._limiter.hit(self._token, "burst", key):
            in_burst = True
        if in_burst and await self._limiter.hit(self._burst, "b", key):
            stats = await self._limiter.get_window_stats(self._burst, "b", key)
            return RateDecision(
                True, self.burst_per_minute, stats.remaining, math.ceil(stats.reset_time), 0
            )
        item, ids = (self._burst, ("b", key)) if in_burst else (self._base, (key,))
        stats = await self._limiter.get_window_stats(item, *ids)
        retry = max(1, math.ceil(stats.reset_time - time.time()))
        return RateDecision(False, item.amount, 0, math.ceil(stats.reset_time), retry)

    async def peek(self, key: str) -> RateDecision:
        """Current standing of `key` without counting a request."""
        stats = await self._limiter.get_window_stats(self._base, key)
        return RateDecision(True, self.per_minute, stats.remaining, math.ceil(stats.reset_time), 0)
