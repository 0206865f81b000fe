"""robots.txt for the crawler (protego), one fetch per origin, RFC 9309 semantics.

A 4xx answer means no rules (crawl freely); a 5xx answer means "disallow everything"
for this crawl, as RFC 9309 asks; an origin that cannot be reached at all raises the
fetch error to the crawler.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from leadsmith.net.safe_http import FetchResult

ROBOT_NAME = "LeadsmithBot"
MAX_ROBOTS_BYTES = 500 * 1024  # the size RFC 9309 says crawlers must read at least
MAX_CRAWL_DELAY = 5.0  # seconds; a longer Crawl-delay is capped rather than obeyed


@dataclass(slots=True)
class RobotsRules:
    """What robots.txt of one origin allows LeadsmithBot."""

    parser: Protego | None
    allow_all: bool = False
    disallow_all: bool = False

    def allows(self, url: str) -> bool:
        """True when LeadsmithBot may fetch `url`."""
        if self.disallow_all:
            return False
        if self.allow_all or self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, ROBOT_NAME))

    @property
    def crawl_delay(self) -> float:
        """Seconds to wait between requests to this origin (capped)."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(ROBOT_NAME)
        if delay is None:
            rate = self.parser.request_rate(ROBOT_NAME)
            if rate is not None and rate.requests:
                delay = rate.seconds / rate.requests
        return min(float(delay or 0.0), MAX_CRAWL_DELAY)


def origin_of(url: str) -> str:
    """The scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


# Fetches one URL with a byte limit (the crawler's host-gated fetch).
RobotsFetch = Callable[[str, int], Awaitable[FetchResult]]


class RobotsCache:
    """robots.txt rules per origin, fetched once with the given fetch function."""

    def __init__(self, fetch: RobotsFetch) -> None:
        self._fetch = fetch
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        """The rules that apply to `url` (fetched on first use of its origin)."""
        origin = origin_of(url)
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin)
            return self._rules[origin]

    async def allows(self, url: str) -> bool:
        """True when LeadsmithBot may fetch `url`."""
        return (await self.rules_for(url)).allows(url)

    async def _load(self, origin: str) -> RobotsRules:
        # A fetch error (refused, unresolvable, unreachable) propagates: the origin
        # cannot be crawled at all, and the caller records why.
        result = await self._fetch(f"{origin}/robots.txt", MAX_ROBOTS_BYTES)
        if 400 <= result.status < 500:
            return RobotsRules(parser=None, allow_all=True)
        if result.status >= 500:
            return RobotsRules(parser=None, disallow_all=True)
        if not result.ok:
            return RobotsRules(parser=None, allow_all=True)
        return RobotsRules(parser=Protego.parse(result.text))
