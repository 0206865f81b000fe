"""Company name -> domain, with a 0-100 confidence.

Sources that resolve names (the workspace index, the sandbox, providers) answer first;
when none is confident, Leadsmith checks candidate domains built from the cleaned name
itself (acme.com, acme.io, acmehq.com, getacme.com, acme.de for a German company, ...).
This needs no provider key and no `web` source: a candidate must exist in DNS (A/AAAA
through `leadsmith.net.resolver`, or MX through the mail resolver), and its homepage,
fetched through the SSRF-safe fetcher, is compared with the company's name. The
confidence says how much was seen: a name that only resolves is weak evidence (many
are parked or belong to a namesake), a parked page is weaker still, and a homepage
that names the company is strong in proportion to how well it does.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from dns.exception import DNSException
from rapidfuzz import fuzz

from leadsmith.companies.clean_names import clean_company_name
from leadsmith.config import Settings, get_settings
from leadsmith.emails.dns import MailRouteResolver
from leadsmith.enrich.finder import fold
from leadsmith.enrich.waterfall import Waterfall
from leadsmith.net import FetchError, SafeFetcher, resolve_host
from leadsmith.net.resolver import ResolutionError
from leadsmith.sources.http_provider import country_code
from leadsmith.sources.web.crawler import HomepageURLs, default_homepage_urls
from leadsmith.sources.web.html_page import parse_html
from leadsmith.sources.web.site_links import registrable_domain

TLDS = ("com", "io", "co", "ai", "net", "org", "app")
# Country code -> the domains its companies register under, most common first ("acme.de";
# "acme.co.uk" rather than "acme.gb").
_COUNTRY_TLDS: dict[str, tuple[str, ...]] = {
    "GB": ("co.uk", "uk"),
    "AU": ("com.au",),
    "NZ": ("co.nz",),
    "JP": ("co.jp", "jp"),
    "ZA": ("co.za",),
    "BR": ("com.br",),
    "MX": ("com.mx", "mx"),
    "AR": ("com.ar",),
    "IL": ("co.il",),
    "KR": ("co.kr", "kr"),
    "TR": ("com.tr",),
    "IN": ("in", "co.in"),
}
# Where "ü" is usually written "ue" in a domain (Müller -> mueller.de).
_UMLAUT_COUNTRIES = frozenset({"DE", "AT", "CH", "LI", "LU"})
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Words a domain-parking page uses; such a page proves the name is not the company's site.
_PARKED = re.compile(
    r"domain (?:name )?(?:is |may be )?for sale|buy this domain|this domain is parked"
    r"|parked (?:free|domain)|domain parking|is available for purchase",
    re.I,
)

CONFIDENT = 80
RESOLVES = 35  # exists in DNS but no homepage names the company: many names are parked
PARKED = 10  # a parking page: registered, but not the company's site
NAME_ON_HOMEPAGE = 60  # added in proportion to how well the homepage names the company
MIN_CONFIDENCE = 20  # below this nothing is found (and nothing charged): only parked names
MAX_CANDIDATES = 16
HOMEPAGE_TIMEOUT = 5.0
HOMEPAGE_BYTES = 200_000

Resolve = Callable[[str], Awaitable[bool]]
FetchTitle = Callable[[str], Awaitable[str | None]]


@dataclass(slots=True)
class DomainFound:
    domain: str | None
    confidence: int
    source: str | None
    candidates: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class Homepage:
    """What a candidate's homepage said: its names (title, site name), where it lives."""

    title: str | None
    parked: bool = False
    site: str | None = None  # registrable domain it ended on, when a redirect moved it


def _labels(company_name: str, *, umlauts: bool) -> list[str]:
    cleaned = clean_company_name(company_name) or company_name
    if umlauts:
        cleaned = cleaned.lower().translate(_UMLAUTS)
    words = [fold(w) for w in re.split(r"[\s&+,./-]+", cleaned) if fold(w)]
    if not words:
        return []
    labels = ["".join(words)]
    if len(words) > 1:
        labels += ["-".join(words), words[0]]
    return labels


def country_tlds(country: str | None) -> tuple[str, ...]:
    """The domain endings companies of a country (code or name) register under."""
    code = country_code(country)
    if code is None:
        return ()
    return _COUNTRY_TLDS.get(code, (code.lower(),))


def candidate_domains(
    company_name: str, tlds: tuple[str, ...] = TLDS, *, country: str | None = None
) -> list[str]:
    """Domains a company of this name plausibly uses, likeliest first.

    "Acme Robotics Inc." -> acmerobotics.com, acme-robotics.com, acme.com, then the
    country's endings when it is known (acmerobotics.de), then acmerobotics.io,
    acmeroboticshq.com, getacmerobotics.com and the other endings.
    """
    spellings = [_labels(company_name, umlauts=False)]
    if country_code(country) in _UMLAUT_COUNTRIES:
        spellings.insert(0, _labels(company_name, umlauts=True))
    labels = list(dict.fromkeys(label for group in spellings for label in group))
    if not labels:
        return []
    joined = labels[0]
    first, *others = tlds
    local = [t for t in country_tlds(country) if t not in tlds]
    out: dict[str, None] = {}
    for group in spellings:  # .com and the country's endings first: the likeliest
        for tld in (first, *local):
            for label in group:
                out.setdefault(f"{label}.{tld}", None)
    for tld in others[:1]:
        out.setdefault(f"{joined}.{tld}", None)
    # Startups whose name was taken on .com: acmehq.com, getacme.com.
    out.setdefault(f"{joined}hq.{first}", None)
    out.setdefault(f"get{joined}.{first}", None)
    for tld in others:
        for label in labels:
            out.setdefault(f"{label}.{tld}", None)
    # DNS allows 63 characters a label: a long name cannot be anyone's domain.
    return [d for d in out if all(len(part) <= 63 for part in d.split("."))]


def fold_words(text: str) -> str:
    """Lower-case ASCII words, for fuzzy name comparison."""
    return " ".join(fold(w) for w in text.split() if fold(w))


def name_match(company_name: str, page_names: str) -> float:
    """0-1: how well a homepage's title and site name name the company."""
    wanted = clean_company_name(company_name) or company_name
    return float(fuzz.token_set_ratio(fold_words(wanted), fold_words(page_names))) / 100


def homepage_confidence(company_name: str, homepage: Homepage | None) -> int:
    """The confidence a resolving candidate earns from what its homepage showed."""
    if homepage is None:
        return RESOLVES
    if homepage.parked:
        return PARKED
    if not homepage.title:
        return RESOLVES
    return round(RESOLVES + NAME_ON_HOMEPAGE * name_match(company_name, homepage.title))


class DomainFinder:
    """Resolves company names to domains; see the module docstring.

    `network=False` (test keys) asks the sources only. `resolve`, `fetch_title` and
    `homepage_urls` replace the DNS check, the homepage fetch, or only where the
    homepage is looked for (tests serve sites on a local port).
    """

    def __init__(
        self,
        waterfall: Waterfall,
        *,
        network: bool = True,
        resolve: Resolve | None = None,
        fetch_title: FetchTitle | None = None,
        homepage_urls: HomepageURLs | None = None,
        settings: Settings | None = None,
        max_candidates: int = MAX_CANDIDATES,
    ) -> None:
        self.waterfall = waterfall
        self.network = network
        self.settings = settings or get_settings()
        self._resolve = resolve or self._dns_resolves
        self._fetch_title = fetch_title
        self.homepage_urls = homepage_urls or default_homepage_urls
        self.max_candidates = max_candidates
        self._mail: MailRouteResolver | None = None

    async def find(self, company_name: str, *, country: str | None = None) -> DomainFound:
        """The best domain for a name (None when nothing fits) and the candidates weighed."""
        answer = await self.waterfall.domain_for_company(company_name)
        scored: dict[str, tuple[int, str]] = {d: (c, s) for d, c, s in answer.candidates}
        best = max(scored.items(), key=lambda kv: kv[1][0], default=None)
        if self.network and (best is None or best[1][0] < CONFIDENT):
            for domain, confidence in await self._check_candidates(company_name, country):
                if confidence > scored.get(domain, (0, ""))[0]:
                    scored[domain] = (confidence, "dns")
        ranked = sorted(((d, c, s) for d, (c, s) in scored.items()), key=lambda t: -t[1])
        if not ranked or ranked[0][1] < MIN_CONFIDENCE:
            return DomainFound(None, 0, None, ranked)
        top = ranked[0]
        return DomainFound(top[0], top[1], top[2], ranked)

    async def _check_candidates(
        self, company_name: str, country: str | None
    ) -> list[tuple[str, int]]:
        candidates = candidate_domains(company_name, country=country)[: self.max_candidates]
        resolved = await asyncio.gather(*(self._resolve(d) for d in candidates))
        live = [d for d, ok in zip(candidates, resolved, strict=True) if ok]
        if not live:
            return []
        if self._fetch_title is not None:
            fetch = self._fetch_title
            titles = await asyncio.gather(*(fetch(d) for d in live))
            pages = [
                Homepage(t, parked=bool(t and _PARKED.search(t))) if t else None for t in titles
            ]
        else:
            async with SafeFetcher(
                settings=self.settings,
                max_bytes=HOMEPAGE_BYTES,
                timeout=min(self.settings.http_timeout, HOMEPAGE_TIMEOUT),
            ) as fetcher:
                pages = list(await asyncio.gather(*(self._homepage(fetcher, d) for d in live)))
        best: dict[str, int] = {}
        for domain, page in zip(live, pages, strict=True):
            confidence = homepage_confidence(company_name, page)
            # A candidate that redirects to another domain (acme.io -> acme.com) is
            # evidence for where it ends up; the candidate itself only resolves.
            if page is not None and page.site and page.site != domain and not page.parked:
                best[page.site] = max(best.get(page.site, 0), confidence)
                confidence = RESOLVES
            best[domain] = max(best.get(domain, 0), confidence)
        return list(best.items())

    async def _dns_resolves(self, domain: str) -> bool:
        """The name exists: it has an address (a website) or an MX (it takes mail)."""
        try:
            if await resolve_host(domain, self.settings):
                return True
        except (ResolutionError, OSError, ValueError, DNSException):
            pass
        if self._mail is None:
            self._mail = MailRouteResolver(self.settings)
        route = await self._mail.mail_route(domain)
        return route.kind in ("mx", "a_fallback")

    async def _homepage(self, fetcher: SafeFetcher, domain: str) -> Homepage | None:
        """The homepage's names, or None when no homepage URL answers with HTML."""
        for url in self.homepage_urls(domain):
            try:
                result = await fetcher.fetch(url, accept=("text/html",))
            except (FetchError, OSError):
                continue
            if not result.ok or not result.is_html:
                continue
            page = parse_html(result.final_url, result.text)
            site_name = page.meta_value("og:site_name", "application-name") or ""
            names = f"{page.title} {site_name}".strip()
            head = f"{names} {result.text[:5000]}"
            final_host = urlsplit(result.final_url).hostname or domain
            return Homepage(
                names or None,
                parked=bool(_PARKED.search(head)),
                site=registrable_domain(final_host),
            )
        return None
