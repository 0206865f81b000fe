"""A stand-in for asyncio.sleep that records waits, so back-off is asserted, not waited."""

from __future__ import annotations


class RecordedSleep:
    """Pass as a client's `sleep=`: remembers each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
