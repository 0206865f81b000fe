"""Crawl one company's website: the homepage, then team, about, contact, imprint,
careers and news pages, within a page budget, politely and through the SSRF guard.

Politeness: robots.txt per origin (user agent "LeadsmithBot"), its Crawl-delay (capped),
at most `crawl_per_host_limit` requests in flight per host across all crawls of this
crawler, at most `crawl_max_pages` page fetches per crawl (robots.txt not counted).
"""

from __future__ import annotations

import asyncio
import heapq
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import phonenumbers

from leadsmith.config import Settings, get_settings
from leadsmith.net.safe_http import BlockedAddress, FetchError, FetchResult, SafeFetcher
from leadsmith.sources.web.merge import merge_findings
from leadsmith.sources.web.page_extract import PageFindings, extract_page
from leadsmith.sources.web.result import CrawlResult
from leadsmith.sources.web.robots import RobotsCache
from leadsmith.sources.web.site_links import (
    COMMON_PATHS,
    PRIORITY,
    PageKind,
    is_crawlable,
    is_job_board,
    page_kind,
    registrable_domain,
    same_site,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Vanity ccTLDs used worldwide: they say nothing about where the company is.
_GENERIC_CCTLDS = frozenset(
    {"io", "co", "ai", "me", "tv", "ly", "fm", "gg", "to", "sh", "so", "cc", "ws", "app",
     "dev", "la"}
)  # fmt: skip
_DACH = frozenset({"DE", "AT", "CH", "LI"})
_HTML_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([a-zA-Z]{2})[-_]([a-zA-Z]{2})", re.I)
_MAX_PROFILES = 5
_MAX_POSTS = 3

HomepageURLs = Callable[[str], list[str]]


def default_homepage_urls(host: str) -> list[str]:
    """Where a company's homepage may be: https first, then www, then plain http."""
    urls = [f"https://{host}/"]
    if not host.startswith("www.") and registrable_domain(host) == host:
        urls.append(f"https://www.{host}/")
    urls.append(f"http://{host}/")
    return urls


def normalise_domain(domain: str) -> str:
    """The host of a domain or URL, without www: "https://www.Acme.com/x" -> "acme.com"."""
    text = domain.strip()
    if "://" not in text:
        text = "http://" + text
    host = urlsplit(text).netloc.rsplit("@", 1)[-1].lower().rstrip(".")
    return host.removeprefix("www.")


def country_hint(host: str, html: bytes = b"") -> str | None:
    """The country a site most likely lives in: its ccTLD, else its html lang region."""
    tld = host.rsplit(".", 1)[-1].lower()
    if len(tld) == 2 and tld not in _GENERIC_CCTLDS:
        region = "GB" if tld == "uk" else tld.upper()
        if region in phonenumbers.SUPPORTED_REGIONS:
            return region
    match = _HTML_LANG.search(html[:4096])
    if match:
        region = match.group(2).decode("ascii").upper()
        if region in phonenumbers.SUPPORTED_REGIONS:
            return region
    return None


@dataclass(slots=True)
class _HostGate:
    """Per-host politeness shared by every crawl: request slots and Crawl-delay."""

    slots: asyncio.Semaphore
    users: int = 0
    ready_at: float = 0.0  # monotonic time before which the next request must wait


@dataclass(order=True, slots=True)
class _Visit:
    priority: float
    order: int
    url: str = field(compare=False)
    kind: PageKind = field(compare=False)


@dataclass(slots=True)
class _CrawlState:
    result: CrawlResult
    site: str
    country: str | None
    budget: int
    queue: list[_Visit] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # queued or read
    read: set[str] = field(default_factory=set)
    order: int = 0
    findings: list[PageFindings] = field(default_factory=list)
    profiles: int = 0
    posts: int = 0

    def enqueue(self, url: str, kind: PageKind, bonus: float = 0.0) -> None:
        key = _visit_key(url)
        if key in self.seen:
            return
        if kind is PageKind.PROFILE:
            if self.profiles >= _MAX_PROFILES:
                return
            self.profiles += 1
        if kind is PageKind.POST:
            if self.posts >= _MAX_POSTS:
                return
            self.posts += 1
        self.seen.add(key)
        self.order += 1
        heapq.heappush(self.queue, _Visit(PRIORITY[kind] + bonus, self.order, url, kind))


def _visit_key(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    return f"{parts.netloc.lower().removeprefix('www.')}{path}?{parts.query}"


class WebCrawler:
    """Crawls company sites; one instance may serve many crawls (shared host limits)."""

    def __init__(
        self,
        fetcher: SafeFetcher | None = None,
        *,
        settings: Settings | None = None,
        homepage_urls: HomepageURLs | None = None,
        max_pages: int | None = None,
        per_host_limit: int | None = None,
        deadline: float | None = None,
    ) -> None:
        self.settings = settings or (fetcher.settings if fetcher else get_settings())
        self._owns_fetcher = fetcher is None
        self.fetcher = fetcher or SafeFetcher(settings=self.settings)
        self.homepage_urls = homepage_urls or default_homepage_urls
        self.max_pages = max_pages or self.settings.crawl_max_pages
        self.per_host_limit = max(1, per_host_limit or self.settings.crawl_per_host_limit)
        # Wall-clock budget of one crawl; pages not reached by then are left out.
        self.deadline = deadline if deadline is not None else self.settings.http_timeout * 4
        self._gates: dict[str, _HostGate] = {}

    async def aclose(self) -> None:
        """Close the fetcher if this crawler made it."""
        if self._owns_fetcher:
            await self.fetcher.aclose()

    async def crawl(self, domain: str) -> CrawlResult:
        """Crawl the site of `domain` and return what it says about the company."""
        host = normalise_domain(domain)
        result = CrawlResult(domain=host)
        robots = RobotsCache(self._fetch_robots)
        state = _CrawlState(result, registrable_domain(host), country_hint(host), self.max_pages)
        started = time.monotonic()
        home = await self._fetch_home(host, state, robots)
        if home is None:
            return result
        while state.queue and state.budget > 0:
            if time.monotonic() - started > self.deadline:
                result.errors.append(f"crawl stopped after {self.deadline:.0f}s")
                break
            wave: list[_Visit] = []
            while state.queue and len(wave) < min(self.per_host_limit, state.budget):
                wave.append(heapq.heappop(state.queue))
            state.budget -= len(wave)
            await asyncio.gather(*(self._visit(v, state, robots) for v in wave))
        merge_findings(result, state.findings, state.site, state.country)
        return result

    async def _fetch_home(
        self, host: str, state: _CrawlState, robots: RobotsCache
    ) -> FetchResult | None:
        result = state.result
        for url in self.homepage_urls(host):
            if state.budget <= 0:
                break
            try:
                if not await robots.allows(url):
                    result.disallowed.append(url)
                    continue
                state.budget -= 1
                fetched = await self._fetch(url, robots)
            except BlockedAddress as exc:
                result.errors.append(str(exc))
                continue
            except FetchError as exc:
                result.errors.append(f"{url}: {exc}")
                continue
            if not fetched.ok or not fetched.is_html:
                result.errors.append(f"{url}: HTTP {fetched.status} {fetched.content_type}")
                continue
            final_host = urlsplit(fetched.final_url).hostname or host
            site = registrable_domain(final_host)
            if site != state.site:
                result.redirected_to = site  # acquired or renamed: crawl where it lives now
                state.site = site
            result.home_url = fetched.final_url
            if state.country is None:
                state.country = country_hint(final_host, fetched.content)
            state.seen.add(_visit_key(url))
            self._read(fetched, PageKind.HOME, state)
            self._plan_common_paths(fetched.final_url, state)
            return fetched
        return None

    def _plan_common_paths(self, home_url: str, state: _CrawlState) -> None:
        """Queue well-known paths for the kinds no link on the homepage led to."""
        queued = {visit.kind for visit in state.queue}
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(home_url))
        for kind, paths in COMMON_PATHS.items():
            if kind in queued:
                continue
            if kind is PageKind.LEGAL and state.country not in _DACH:
                continue  # imprints are a German-speaking legal duty; elsewhere a 404
            tries = 2 if kind is PageKind.TEAM else 1
            for path in paths[:tries]:
                state.enqueue(origin + path, kind, bonus=0.5)

    async def _fetch(self, url: str, robots: RobotsCache) -> FetchResult:
        delay = (await robots.rules_for(url)).crawl_delay
        return await self._gated_fetch(url, delay=delay, accept=HTML_TYPES)

    async def _fetch_robots(self, url: str, max_bytes: int) -> FetchResult:
        return await self._gated_fetch(url, max_bytes=max_bytes)

    async def _gated_fetch(
        self,
        url: str,
        *,
        delay: float = 0.0,
        accept: tuple[str, ...] | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Fetch within the host's request slots (robots.txt included) and Crawl-delay."""
        host = (urlsplit(url).hostname or "").lower()
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(asyncio.Semaphore(self.per_host_limit))
        gate.users += 1
        try:
            async with gate.slots:
                if delay:
                    now = time.monotonic()
                    ready = max(gate.ready_at, now)
                    gate.ready_at = ready + delay
                    if ready > now:
                        await asyncio.sleep(ready - now)
                return await self.fetcher.fetch(url, accept=accept, max_bytes=max_bytes)
        finally:
            gate.users -= 1
            # Forget idle hosts so a long-lived crawler does not keep one gate per site.
            if gate.users == 0 and gate.ready_at <= time.monotonic():
                self._gates.pop(host, None)

    async def _visit(self, visit: _Visit, state: _CrawlState, robots: RobotsCache) -> None:
        result = state.result
        try:
            if not await robots.allows(visit.url):
                result.disallowed.append(visit.url)
                state.budget += 1  # nothing was fetched
                return
            fetched = await self._fetch(visit.url, robots)
        except FetchError as exc:
            result.errors.append(f"{visit.url}: {exc}")
            return
        if not same_site(fetched.final_url, state.site):
            if is_job_board(fetched.final_url):
                result.job_board_urls.append(fetched.final_url)
            return
        if not fetched.ok:
            result.errors.append(f"{visit.url}: HTTP {fetched.status}")
            return
        if fetched.body_skipped or not fetched.is_html:
            result.errors.append(f"{visit.url}: not HTML ({fetched.content_type or 'unknown'})")
            return
        if _visit_key(fetched.final_url) in state.read:
            return  # redirected to a page already read (/about-us -> /about)
        self._read(fetched, visit.kind, state)

    def _read(self, fetched: FetchResult, kind: PageKind, state: _CrawlState) -> None:
        findings = extract_page(
            fetched.final_url,
            fetched.text,
            country=state.country,
            kind=kind,
            truncated=fetched.truncated,
        )
        state.findings.append(findings)
        state.read.add(_visit_key(fetched.final_url))
        state.seen.add(_visit_key(fetched.final_url))
        state.result.pages.append(fetched.final_url)
        if kind in (PageKind.HOME, PageKind.TEAM, PageKind.ABOUT, PageKind.NEWS):
            for link in findings.links:
                if not is_crawlable(link.url) or not same_site(link.url, state.site):
                    continue
                link_kind = page_kind(link.url, link.text)
                if link_kind is PageKind.OTHER or link_kind is PageKind.HOME:
                    continue
                if link_kind is PageKind.PROFILE and kind is not PageKind.TEAM:
                    continue
                if link_kind is PageKind.POST and kind is not PageKind.NEWS:
                    continue
                state.enqueue(link.url, link_kind)
