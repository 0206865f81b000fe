"""A short-lived in-process cache of API key facts.

Key lookups are on every request's path, so the gateway caches them for a few
seconds. A key revoked in this process is dropped at once; in other processes it
stops working within KEY_CACHE_TTL seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

KEY_CACHE_TTL = 5.0
_MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class KeyFacts:
    """What authentication needs to know of a key."""

    id: str
    workspace_id: str
    prefix: str
    scopes: frozenset[str]
    test: bool
    allowed_ips: tuple[str, ...]
    expires_at: datetime | None
    revoked_at: datetime | None


_cache: dict[str, tuple[float, KeyFacts | None]] = {}


def cached(key: str) -> tuple[bool, KeyFacts | None]:
    """(hit, facts) for a presented key; facts None on a hit means "no such key"."""
    entry = _cache.get(key)
    if entry is not None and time.monotonic() - entry[0] < KEY_CACHE_TTL:
        return True, entry[1]
    return False, None


def remember(key: str, facts: KeyFacts | None) -> None:
    if len(_cache) >= _MAX_ENTRIES:
        _cache.clear()
    _cache[key] = (time.monotonic(), facts)


def forget_cached_keys() -> None:
    """Drop every cached key (after a revocation or a scope change)."""
    _cache.clear()
