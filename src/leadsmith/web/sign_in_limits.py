"""Sign-in throttling: failed attempts per email and per client address.

Only failures count, so a team signing in from one office address is never locked
out by its own successes; once either limit is reached every attempt is refused
(even with the right password) until the window moves on.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.aio.strategies import MovingWindowRateLimiter

from leadsmith.api.rate_limit import make_storage

PER_EMAIL_PER_MINUTE = 5
PER_ADDRESS_PER_MINUTE = 20


@dataclass(frozen=True, slots=True)
class Refusal:
    retry_after: int  # seconds


class SignInThrottle:
    """Counts failed sign-ins in the `limits` storage (memory, or Redis when configured)."""

    def __init__(
        self,
        redis_url: str | None,
        *,
        per_email: int = PER_EMAIL_PER_MINUTE,
        per_address: int = PER_ADDRESS_PER_MINUTE,
    ) -> None:
        self._limiter = MovingWindowRateLimiter(make_storage(redis_url))
        self._email = RateLimitItemPerMinute(per_email)
        self._address = RateLimitItemPerMinute(per_address)

    async def check(self, email: str, address: str) -> Refusal | None:
        """A refusal when this email or address has used up its failed attempts."""
        for item, ident in ((self._email, email), (self._address, address)):
            if not await self._limiter.test(item, "sign-in", ident):
                stats = await self._limiter.get_window_stats(item, "sign-in", ident)
                return Refusal(max(1, math.ceil(stats.reset_time - time.time())))
        return None

    async def failed(self, email: str, address: str) -> None:
        """Count one failed attempt against both the email and the address."""
        await self._limiter.hit(self._email, "sign-in", email)
        await self._limiter.hit(self._address, "sign-in", address)
