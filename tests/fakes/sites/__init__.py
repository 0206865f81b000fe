"""Fake company websites served on 127.0.0.1, one HTTP server for many host names.

Each site is a folder of files beside this module (`acme/`, `mueller/`, `quirks/`)
plus an optional `site.json` with redirects, statuses and generated pages. `FakeWeb`
serves them by Host header, resolves their names to 127.0.0.1 for the SSRF-safe
fetcher, and records every request so tests can check what was (not) fetched.

    web = FakeWeb.start()                       # or the `fake_web` fixture
    web.add("acme.test", "acme")
    crawler = web.crawler()                     # a WebCrawler wired to the fake web
    result = await crawler.crawl("acme.test")

Sites:
- acme: US robotics SaaS; JSON-LD @graph Organization, team cards, microdata Person,
  mailto/tel, obfuscated and Cloudflare emails, robots.txt disallowing /private,
  careers with JobPosting and a Greenhouse link, blog with a dated Series B post.
- mueller: German Mittelstand (lang de-DE); imprint with "Geschäftsführer: A, B" and a
  label line, people in a table, local phone numbers, "info(at)..." addresses.
- quirks: homepage behind a redirect chain, team page moved by redirect, people as
  "Name — Title" list items and a dl, a huge page, a PDF, a 500, a redirect loop,
  and broken JSON-LD.
- slowpoke: six linked pages that each take 0.15 s (per-host concurrency checks).
- closed: robots.txt that disallows LeadsmithBot everywhere (but allows others).
- robots-error: robots.txt answers 503, which means "crawl nothing" (RFC 9309).
- moved: the homepage redirects to another domain (serve "newco.test" too).

A redirect's Location may contain "{port}", replaced by the server's port.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from leadsmith.config import Settings
from leadsmith.net.safe_http import SafeFetcher
from leadsmith.sources.web.crawler import WebCrawler

SITES_DIR = Path(__file__).parent
LOOPBACK = IPv4Address("127.0.0.1")
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".xml": "application/xml",
}


def _huge_page(size: int = 3_000_000) -> Response:
    """A page far above the crawl's byte limit, streamed in chunks."""

    def body() -> Iterator[bytes]:
        yield b"<html><head><title>Huge</title></head><body><p>top@quirks.test</p>"
        chunk = b"<p>" + b"filler text " * 80 + b"</p>\n"
        sent = 0
        while sent < size:
            yield chunk
            sent += len(chunk)
        yield b"<p>bottom@quirks.test</p></body></html>"

    return Response(body(), status=200, content_type="text/html; charset=utf-8")


def _slow_page() -> Response:
    time.sleep(0.15)
    return Response("<html><body><p>slow</p></body></html>", content_type="text/html")


GENERATORS: dict[str, Callable[[], Response]] = {"huge_page": _huge_page, "slow_page": _slow_page}


@dataclass
class FakeSite:
    """One site: its files, and the behaviour its site.json describes."""

    name: str
    root: Path
    redirects: dict[str, tuple[int, str]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, name: str) -> FakeSite:
        root = SITES_DIR / name
        if not root.is_dir():
            raise ValueError(f"no fake site {name!r} in {SITES_DIR}")
        manifest: dict[str, Any] = {}
        if (root / "site.json").exists():
            manifest = json.loads((root / "site.json").read_text())
        return cls(
            name=name,
            root=root,
            redirects={k: (int(v[0]), str(v[1])) for k, v in manifest.get("redirects", {}).items()},
            statuses={k: int(v) for k, v in manifest.get("statuses", {}).items()},
            generated=dict(manifest.get("generated", {})),
        )

    def _file_for(self, path: str) -> Path | None:
        relative = path.strip("/")
        candidates = (
            [self.root / "index.html"]
            if not relative
            else [
                self.root / relative,
                self.root / f"{relative}.html",
                self.root / relative / "index.html",
            ]
        )
        if relative:
            # "/docs/press-kit" may be "docs/press-kit.pdf": served with the file's type.
            base = self.root / relative
            candidates += sorted(base.parent.glob(base.name + ".*")) if base.parent.is_dir() else []
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved.is_file() and self.root.resolve() in resolved.parents:
                return resolved
        return None

    def respond(self, path: str) -> Response:
        """The response for `path` (404 when the site has no such page)."""
        if path in self.redirects:
            status, location = self.redirects[path]
            return Response("", status=status, headers={"Location": location})
        if path in self.statuses:
            return Response("error", status=self.statuses[path], content_type="text/plain")
        if path in self.generated:
            return GENERATORS[self.generated[path]]()
        file = self._file_for(path)
        if file is None or file.name == "site.json":
            return Response("not found", status=404, content_type="text/plain")
        content_type = _TYPES.get(file.suffix, "application/octet-stream")
        return Response(file.read_bytes(), status=200, content_type=content_type)


@dataclass
class SeenRequest:
    """A request the fake web answered."""

    host: str
    path: str
    headers: dict[str, str]
    status: int


class FakeWeb:
    """Many fake sites behind one threaded HTTP server on 127.0.0.1."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.sites: dict[str, FakeSite] = {}
        self.requests: list[SeenRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        server.expect_request(re.compile(r"^/.*")).respond_with_handler(self._handle)

    @classmethod
    def start(cls) -> FakeWeb:
        """A new server on 127.0.0.1 (a free port), threaded so crawls run concurrently."""
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        return cls(server)

    def reset(self) -> None:
        """Forget all sites and logged requests (between tests)."""
        with self._lock:
            self.sites.clear()
            self.requests.clear()
            self.in_flight = 0
            self.max_in_flight = 0

    def stop(self) -> None:
        """Stop the server."""
        self.server.clear()
        if self.server.is_running():
            self.server.stop()

    @property
    def port(self) -> int:
        return int(self.server.port)

    def add(self, host: str, site: str) -> str:
        """Serve fake site `site` as `host`; returns its base URL."""
        self.sites[host.lower()] = FakeSite.load(site)
        return self.base_url(host)

    def base_url(self, host: str) -> str:
        return f"http://{host}:{self.port}"

    def homepage_urls(self, host: str) -> list[str]:
        """Where the crawler should look for `host`'s homepage on the fake web."""
        return [f"{self.base_url(host)}/"]

    async def resolve(self, host: str) -> list[IPv4Address | IPv6Address]:
        """The fake DNS: registered hosts (and their www.) are 127.0.0.1, others unknown."""
        host = host.lower().rstrip(".")
        if host in self.sites or host.removeprefix("www.") in self.sites:
            return [LOOPBACK]
        return []

    def settings(self, **overrides: Any) -> Settings:
        """Settings for fetching from the fake web (private networks allowed)."""
        values: dict[str, Any] = {
            "allow_private_networks": True,
            "dns_nameservers": None,
            "http_timeout": 5.0,
        }
        values.update(overrides)
        return Settings(**values)

    def fetcher(self, settings: Settings | None = None) -> SafeFetcher:
        """A SafeFetcher that resolves through the fake DNS."""
        return SafeFetcher(settings=settings or self.settings(), resolver=self.resolve)

    def crawler(self, settings: Settings | None = None, **kwargs: Any) -> WebCrawler:
        """A WebCrawler whose homepages and DNS are the fake web's."""
        settings = settings or self.settings()
        return WebCrawler(
            self.fetcher(settings), settings=settings, homepage_urls=self.homepage_urls, **kwargs
        )

    def paths_requested(self, host: str) -> list[str]:
        """Paths requested from `host`, in order."""
        return [r.path for r in self.requests if r.host == host.lower()]

    def _handle(self, request: Request) -> Response:
        host = (request.host or "").rsplit(":", 1)[0].lower()
        site = self.sites.get(host) or self.sites.get(host.removeprefix("www."))
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if site is None:
                response = Response("unknown host", status=421, content_type="text/plain")
            else:
                response = site.respond(request.path)
                if "location" in response.headers:  # cross-host redirects name the port
                    location = response.headers["location"].replace("{port}", str(self.port))
                    response.headers["location"] = location
        finally:
            with self._lock:
                self.in_flight -= 1
        with self._lock:
            self.requests.append(
                SeenRequest(host, request.path, dict(request.headers), response.status_code)
            )
        return response
