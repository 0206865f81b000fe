"""Fake web search engines: SearXNG's JSON API and the Brave Search API.

Both search one small index of pages (`add_page`): a page matches a query when it
satisfies the query's `site:` operator and contains at least one of its other terms,
best matches first; `set_results` pins the exact answer for one query and page.
"""

from __future__ import annotations

import re
import shlex
import uuid
from dataclasses import dataclass
from typing import Any

from tests.fakes.providers.server import Call, FakeProviderServer, Reply

DEFAULT_BRAVE_KEY = "brave-test-key"


@dataclass(frozen=True)
class Page:
    """One indexed page: what an engine would show for it."""

    url: str
    title: str
    snippet: str = ""


def _terms(query: str) -> tuple[list[str], list[str]]:
    """(site constraints, other terms) of a query; quoted phrases stay whole."""
    try:
        tokens = shlex.split(query)
    except ValueError:
        tokens = query.split()
    sites, terms = [], []
    for token in tokens:
        token = token.strip("()")
        if not token or token == "OR":
            continue
        if token.lower().startswith("site:"):
            sites.append(token[5:].lower())
        else:
            terms.append(token.lower())
    return sites, terms


def _on_site(url: str, site: str) -> bool:
    """Whether `url` is under `site:` (a host, optionally with a path; subdomains count)."""
    host, _, path = url.split("://", 1)[-1].lower().partition("/")
    site_host, _, site_path = site.partition("/")
    on_host = host == site_host or host.endswith("." + site_host)
    return on_host and f"/{path}".startswith(f"/{site_path}")


class SearchIndex:
    """The pages both fake engines search, and the answers pinned per query."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.pinned: dict[tuple[str, int], list[Page]] = {}
        self.failures: dict[str, int] = {}

    def add_page(self, url: str, title: str, snippet: str = "") -> Page:
        """Index a page."""
        page = Page(url, title, snippet)
        self.pages.append(page)
        return page

    def set_results(self, query: str, pages: list[Page], page: int = 1) -> None:
        """Answer exactly `pages` for `query` on result page `page`."""
        self.pinned[(query, page)] = pages

    def fail(self, query: str, status: int = 503) -> None:
        """Make every engine answer `status` for `query` (other queries still work)."""
        self.failures[query] = status

    def search(self, query: str, page: int, size: int) -> tuple[list[Page], int]:
        """One page of results and the total number of matches."""
        if (query, page) in self.pinned:
            pinned = self.pinned[(query, page)]
            return pinned, len(pinned)
        sites, terms = _terms(query)
        scored = []
        for position, item in enumerate(self.pages):
            if sites and not any(_on_site(item.url, site) for site in sites):
                continue
            text = f"{item.title} {item.snippet}".lower()
            hits = sum(term in text for term in terms)
            if terms and not hits:
                continue
            scored.append((-hits, position, item))
        matches = [item for *_, item in sorted(scored, key=lambda s: (s[0], s[1]))]
        start = (page - 1) * size
        return matches[start : start + size], len(matches)


class FakeSearxng(FakeProviderServer):
    """A SearXNG instance: `GET /search?q=&format=json&pageno=`."""

    base_path = ""

    def __init__(
        self, index: SearchIndex | None = None, host: str = "127.0.0.1", page_size: int = 10
    ) -> None:
        super().__init__(host)
        self.index = index or SearchIndex()
        self.page_size = page_size
        self.json_enabled = True
        self.unresponsive: list[list[str]] = []  # [["google", "CAPTCHA"], ...]

    def handle(self, call: Call) -> Reply:
        if call.path != "/search":
            return Reply(404, body=b"Not Found", headers={"Content-Type": "text/html"})
        if call.params.get("format") != "json" or not self.json_enabled:
            # SearXNG refuses output formats not listed in search.formats.
            return Reply(403, body=b"Forbidden", headers={"Content-Type": "text/html"})
        query = call.params.get("q", "")
        if query in self.index.failures:
            return Reply(self.index.failures[query], body=b"upstream failure")
        page = int(call.params.get("pageno", 1))
        pages, total = (
            ([], 0) if self.unresponsive else self.index.search(query, page, self.page_size)
        )
        return Reply(
            200,
            json={
                "query": query,
                "number_of_results": total,
                "results": [
                    {
                        "url": p.url,
                        "title": p.title,
                        "content": p.snippet,
                        "engine": "google",
                        "engines": ["google", "duckduckgo"],
                        "score": 1.0 / (i + 1),
                        "category": "general",
                        "parsed_url": ["https", p.url.split("/")[2], "/", "", "", ""],
                        "positions": [i + 1],
                    }
                    for i, p in enumerate(pages)
                ],
                "answers": [],
                "corrections": [],
                "infoboxes": [],
                "suggestions": [],
                "unresponsive_engines": self.unresponsive,
            },
        )


class FakeBrave(FakeProviderServer):
    """The Brave Search API: `GET /res/v1/web/search` with `X-Subscription-Token`."""

    base_path = "/res/v1"

    def __init__(
        self,
        api_key: str = DEFAULT_BRAVE_KEY,
        index: SearchIndex | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        super().__init__(host)
        self.api_key = api_key
        self.index = index or SearchIndex()

    @staticmethod
    def error(status: int, code: str, detail: str, **headers: str) -> Reply:
        """Brave's `{"type": "ErrorResponse", "error": {...}}` with `status`."""
        return Reply(
            status,
            json={
                "type": "ErrorResponse",
                "error": {
                    "id": str(uuid.uuid4()),
                    "status": status,
                    "code": code,
                    "detail": detail,
                    "meta": {},
                },
                "time": 1700000000,
            },
            headers={k.replace("_", "-"): v for k, v in headers.items()},
        )

    @classmethod
    def rate_limited(
        cls, reset_second: int = 1, reset_month: int = 1_419_704, *, monthly: bool = False
    ) -> Reply:
        """429 with Brave's two-window headers; `monthly` spends the month's quota."""
        remaining = "1, 0" if monthly else "0, 1000"
        return cls.error(
            429,
            "RATE_LIMITED",
            "Request rate limit exceeded for plan.",
            X_RateLimit_Limit="1, 2000",
            X_RateLimit_Policy="1;w=1, 2000;w=2592000",
            X_RateLimit_Remaining=remaining,
            X_RateLimit_Reset=f"{reset_second}, {reset_month}",
        )

    def authorize(self, call: Call) -> Reply | None:
        if call.header("X-Subscription-Token") != self.api_key:
            return self.error(
                401, "SUBSCRIPTION_TOKEN_INVALID", "The provided subscription token is invalid."
            )
        return None

    def handle(self, call: Call) -> Reply:
        if call.path != "/web/search":
            return self.error(404, "NOT_FOUND", "Unknown endpoint")
        query = call.params.get("q", "")
        if query in self.index.failures:
            status = self.index.failures[query]
            return self.error(status, "INTERNAL", "Upstream failure")
        count = int(call.params.get("count", 20))
        offset = int(call.params.get("offset", 0))
        if not query or not 1 <= count <= 20 or not 0 <= offset <= 9:
            return self.error(422, "VALIDATION", "Unable to validate request parameter(s)")
        pages, total = self.index.search(query, offset + 1, count)
        _, terms = _terms(query)
        headers = {
            "X-RateLimit-Limit": "1, 2000",
            "X-RateLimit-Remaining": "1, 1999",
            "X-RateLimit-Reset": "1, 1419704",
        }
        body: dict[str, Any] = {
            "type": "search",
            "query": {"original": query, "more_results_available": total > (offset + 1) * count},
            "mixed": {"type": "mixed", "main": [], "top": [], "side": []},
        }
        if pages:
            body["web"] = {
                "type": "search",
                "family_friendly": True,
                "results": [
                    {
                        "type": "search_result",
                        "subtype": "generic",
                        "title": p.title,
                        "url": p.url,
                        "description": _highlight(p.snippet, terms),
                        "is_source_local": False,
                        "is_source_both": False,
                        "language": "en",
                        "family_friendly": True,
                        "profile": {"name": "LinkedIn", "url": p.url},
                        "meta_url": {"scheme": "https", "netloc": p.url.split("/")[2]},
                    }
                    for p in pages
                ],
            }
        return Reply(200, json=body, headers=headers)


def _highlight(text: str, terms: list[str]) -> str:
    """Brave wraps matched words in <strong>; clients must strip it."""
    for term in terms:
        text = re.sub(f"({re.escape(term)})", r"<strong>\1</strong>", text, flags=re.IGNORECASE)
    return text
