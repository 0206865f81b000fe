"""Per mail-server admission: a concurrency cap that shrinks and pauses on 421 replies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class HostGate:
    """At most `limit` sessions to one server; after a 421 the cap drops and new ones wait.

    The cap returns to its configured value once the server has been quiet for
    `recover_after` seconds, so a long-lived verifier does not stay timid forever.
    """

    def __init__(self, limit: int, *, recover_after: float = 60.0) -> None:
        self.configured_limit = max(1, limit)
        self.limit = self.configured_limit
        self.active = 0
        self.peak = 0
        self._blocked_until = 0.0
        self._throttled_at = 0.0
        self._strikes = 0
        self._recover_after = recover_after
        self._waiters: list[asyncio.Future[None]] = []

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one session slot for the body of the `async with`."""
        await self._acquire()
        try:
            yield
        finally:
            self._release()

    def throttle(self, backoff: float) -> float:
        """Record a 421: lower the cap below the sessions that were open, pause new ones.

        Returns the pause in seconds (doubling with consecutive 421s).
        """
        loop = asyncio.get_running_loop()
        self._strikes += 1
        pause = backoff * (2 ** min(self._strikes - 1, 5))
        # The server refused while `active` sessions (this one included) were open.
        self.limit = max(1, min(self.limit, self.active - 1))
        self._throttled_at = loop.time()
        self._blocked_until = max(self._blocked_until, loop.time() + pause)
        return pause

    def succeeded(self) -> None:
        """A session was admitted: consecutive-421 count starts again."""
        self._strikes = 0

    async def _acquire(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            if (
                self.limit < self.configured_limit
                and now - self._throttled_at > self._recover_after
            ):
                self.limit = self.configured_limit
            wait = self._blocked_until - now
            if wait <= 0 and self.active < self.limit:
                self.active += 1
                self.peak = max(self.peak, self.active)
                return
            # Wake when a slot frees up, or at the end of the pause.
            waiter: asyncio.Future[None] = loop.create_future()
            self._waiters.append(waiter)
            try:
                await asyncio.wait({waiter}, timeout=wait if wait > 0 else None)
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def _release(self) -> None:
        self.active -= 1
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
