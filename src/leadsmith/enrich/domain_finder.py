"""Company name -> domain, with a 0-100 confidence.

Sources that resolve names (the workspace index, the sandbox, providers) answer first;
when none is confident, candidate domains built from the cleaned name are checked: the
name must resolve in DNS (dnspython via `settings.dns_servers`), and the homepage,
fetched through the SSRF-safe fetcher, must carry the company's name.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from leadsmith.companies.clean_names import clean_company_name
from leadsmith.config import Settings, get_settings
from leadsmith.enrich.finder import fold
from leadsmith.enrich.waterfall import Waterfall
from leadsmith.net import FetchError, SafeFetcher, resolve_host
from leadsmith.net.resolver import ResolutionError
from leadsmith.sources.web.html_page import parse_html

TLDS = ("com", "io", "co", "ai", "net", "org", "app")
CONFIDENT = 80
RESOLVES = 35  # a registered name proves little: many are parked
NAME_ON_HOMEPAGE = 60  # added in proportion to how well the homepage names the company

Resolve = Callable[[str], Awaitable[bool]]
FetchTitle = Callable[[str], Awaitable[str | None]]


@dataclass(slots=True)
class DomainFound:
    domain: str | None
    confidence: int
    source: str | None
    candidates: list[tuple[str, int, str]] = field(default_factory=list)


def candidate_domains(company_name: str, tlds: tuple[str, ...] = TLDS) -> list[str]:
    """Domains a company of this name plausibly uses ("Acme Robotics Inc." -> acmerobotics.com,
    acme-robotics.com, acme.com, ...)."""
    cleaned = clean_company_name(company_name) or company_name
    words = [fold(w) for w in re.split(r"[\s&+,./-]+", cleaned) if fold(w)]
    if not words:
        return []
    labels = ["".join(words)]
    if len(words) > 1:
        labels += ["-".join(words), words[0]]
    out: dict[str, None] = {}
    for tld in tlds:  # every spelling on .com before any on .io: .com is the likeliest
        for label in labels:
            out.setdefault(f"{label}.{tld}", None)
    return list(out)


class DomainFinder:
    """Resolves company names to domains; see the module docstring."""

    def __init__(
        self,
        waterfall: Waterfall,
        *,
        network: bool = True,
        resolve: Resolve | None = None,
        fetch_title: FetchTitle | None = None,
        settings: Settings | None = None,
        max_candidates: int = 10,
    ) -> None:
        self.waterfall = waterfall
        self.network = network
        self.settings = settings or get_settings()
        self._resolve = resolve or self._dns_resolves
        self._fetch_title = fetch_title or self._homepage_title
        self.max_candidates = max_candidates

    async def find(self, company_name: str) -> DomainFound:
        """The best domain for a name (None when nothing fits) and the candidates weighed."""
        answer = await self.waterfall.domain_for_company(company_name)
        scored: dict[str, tuple[int, str]] = {d: (c, s) for d, c, s in answer.candidates}
        best = max(scored.items(), key=lambda kv: kv[1][0], default=None)
        if self.network and (best is None or best[1][0] < CONFIDENT):
            for domain, confidence in await self._check_candidates(company_name):
                if confidence > scored.get(domain, (0, ""))[0]:
                    scored[domain] = (confidence, "dns")
        ranked = sorted(((d, c, s) for d, (c, s) in scored.items()), key=lambda t: -t[1])
        if not ranked:
            return DomainFound(None, 0, None, [])
        top = ranked[0]
        return DomainFound(top[0], top[1], top[2], ranked)

    async def _check_candidates(self, company_name: str) -> list[tuple[str, int]]:
        candidates = candidate_domains(company_name)[: self.max_candidates]
        resolved = await asyncio.gather(*(self._resolve(d) for d in candidates))
        live = [d for d, ok in zip(candidates, resolved, strict=True) if ok]
        titles = await asyncio.gather(*(self._fetch_title(d) for d in live))
        wanted = clean_company_name(company_name) or company_name
        out: list[tuple[str, int]] = []
        for domain, title in zip(live, titles, strict=True):
            match = fuzz.token_set_ratio(fold_words(wanted), fold_words(title or "")) / 100
            out.append((domain, round(RESOLVES + NAME_ON_HOMEPAGE * match) if title else RESOLVES))
        return out

    async def _dns_resolves(self, domain: str) -> bool:
        try:
            return bool(await resolve_host(domain, self.settings))
        except (ResolutionError, OSError, ValueError):
            return False

    async def _homepage_title(self, domain: str) -> str | None:
        """The homepage's title and site name, or None when it does not answer."""
        try:
            async with SafeFetcher(settings=self.settings, max_bytes=200_000) as fetcher:
                result = await fetcher.fetch(f"https://{domain}/", accept=("text/html",))
        except (FetchError, OSError):
            try:
                async with SafeFetcher(settings=self.settings, max_bytes=200_000) as fetcher:
                    result = await fetcher.fetch(f"http://{domain}/", accept=("text/html",))
            except (FetchError, OSError):
                return None
        if not result.ok or not result.is_html:
            return None
        page = parse_html(result.final_url, result.text)
        site = page.meta_value("og:site_name", "application-name") or ""
        return f"{page.title} {site}".strip() or None


def fold_words(text: str) -> str:
    """Lower-case ASCII words, for fuzzy name comparison."""
    return " ".join(fold(w) for w in text.split() if fold(w))
