"""Caches of verification results (per address) and of domain facts (catch-all)."""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar, runtime_checkable

from leadsmith.emails.models import Verification

V = TypeVar("V")


@runtime_checkable
class VerificationCache(Protocol):
    """Where verdicts are kept between calls; keyed by normalised address."""

    async def get(self, address: str) -> Verification | None:
        """The live cached verdict for the address, or None."""
        ...

    async def put(self, address: str, result: Verification, ttl_seconds: float) -> None:
        """Keep the verdict for `ttl_seconds`."""
        ...


class TtlStore(Generic[V]):
    """A bounded in-process map whose entries expire; oldest entries go first when full."""

    def __init__(
        self, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._max = max_entries
        self._clock = clock

    def get(self, key: str) -> V | None:
        """The value if present and not expired."""
        item = self._items.get(key)
        if item is None:
            return None
        expires, value = item
        if expires <= self._clock():
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: str, value: V, ttl_seconds: float) -> None:
        """Store the value for `ttl_seconds` (non-positive TTLs store nothing)."""
        if ttl_seconds <= 0:
            return
        self._items[key] = (self._clock() + ttl_seconds, value)
        self._items.move_to_end(key)
        while len(self._items) > self._max:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class InMemoryVerificationCache:
    """VerificationCache kept in this process (the default; lost on restart)."""

    def __init__(
        self, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._store: TtlStore[Verification] = TtlStore(max_entries, clock)

    async def get(self, address: str) -> Verification | None:
        """The cached verdict, marked `cached=True`, or None."""
        found = self._store.get(address)
        return None if found is None else dataclasses.replace(found, cached=True)

    async def put(self, address: str, result: Verification, ttl_seconds: float) -> None:
        """Keep an independent copy so later edits by the caller do not leak in."""
        copy = dataclasses.replace(result, checks=dict(result.checks), cached=False)
        self._store.put(address, copy, ttl_seconds)
