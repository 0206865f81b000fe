"""SSRF-safe outbound HTTP: every hop resolved, checked and pinned before connecting.

A URL passes when its scheme is http/https, its port 80/443 and every address its host
resolves to is public (see `leadsmith.net.addresses`). The connection then goes to one
of exactly those checked addresses: the pool's network backend never resolves names
itself, so a DNS answer that changes between check and connect (rebinding) cannot
steer it. TLS still uses the original host name for SNI and certificate checks because
the request URL keeps the name; only the socket is pinned.

`LEADSMITH_ALLOW_PRIVATE_NETWORKS=1` lifts the address and port rules (tests, labs),
never the scheme rule.
"""

from __future__ import annotations

import asyncio
import codecs
import re
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self
from urllib.parse import urljoin

import httpcore
import httpx

from leadsmith import __version__
from leadsmith.config import Settings, get_settings
from leadsmith.net.addresses import IPAddress, blocked_reason, parse_ip
from leadsmith.net.resolver import ResolutionError, Resolver, resolve_host

USER_AGENT = f"Mozilla/5.0 (compatible; LeadsmithBot/{__version__}; self-hosted lead research)"
ALLOWED_SCHEMES = frozenset({"http", "https"})
PUBLIC_PORTS = frozenset({80, 443})
MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Headers that must not follow a redirect to another origin.
_CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Hosts whose checked addresses are kept for connecting; an evicted host is simply
# resolved and checked again at connect time.
_MAX_PINS = 1024


class FetchError(Exception):
    """An outbound request failed: refused by policy, unresolvable, or a network error."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class BlockedAddress(FetchError, ValueError):
    """The URL is refused by the SSRF policy (scheme, port or address); nothing was sent."""


class HostNotFound(FetchError):
    """The host name has no address."""


class TooManyRedirects(FetchError):
    """The redirect chain is longer than allowed."""


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that passed the static checks: scheme, host (IDNA-encoded) and port."""

    url: httpx.URL
    scheme: str
    host: str
    port: int


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One response after redirects, its body capped at the fetcher's byte limit."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    content_type: str  # media type only, lower-case, e.g. "text/html"; "" when absent
    charset: str | None = None
    truncated: bool = False  # the body was longer than the limit and was cut
    body_skipped: bool = False  # the media type was not accepted, so the body was not read
    redirects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True for a 2xx status."""
        return 200 <= self.status < 300

    @property
    def is_html(self) -> bool:
        """True when the server says the body is HTML (or XHTML)."""
        return self.content_type in ("text/html", "application/xhtml+xml")

    @property
    def text(self) -> str:
        """The body decoded with the declared or sniffed charset; bad bytes replaced."""
        return self.content.decode(_pick_encoding(self.charset, self.content), errors="replace")


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else get_settings()


def check_url_shape(url: str | httpx.URL, settings: Settings | None = None) -> Target:
    """Check what can be checked without DNS (scheme, host, port, literal IPs)."""
    settings = _settings(settings)
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise BlockedAddress(f"refused {url!s}: not a valid URL ({exc})", url=str(url)) from exc
    scheme = parsed.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedAddress(
            f"refused {url!s}: only http and https URLs are allowed, not {scheme or 'none'!r}",
            url=str(url),
        )
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    if not host:
        raise BlockedAddress(f"refused {url!s}: the URL has no host", url=str(url))
    port = parsed.port or _DEFAULT_PORTS[scheme]
    if not settings.allow_private_networks:
        if port not in PUBLIC_PORTS:
            raise BlockedAddress(
                f"refused {url!s}: port {port} is not allowed (only 80 and 443;"
                " set LEADSMITH_ALLOW_PRIVATE_NETWORKS=1 to allow any port)",
                url=str(url),
            )
        literal = parse_ip(host)
        if literal is not None:
            _raise_if_blocked(str(url), host, literal)
    return Target(url=parsed, scheme=scheme, host=host, port=port)


def _raise_if_blocked(url: str, host: str, ip: IPAddress) -> None:
    why = blocked_reason(ip)
    if why is None:
        return
    where = f"{host} is" if parse_ip(host) is not None else f"{host} resolves to {ip},"
    raise BlockedAddress(
        f"refused {url}: {where} {why}; outbound requests may only reach public addresses"
        " (set LEADSMITH_ALLOW_PRIVATE_NETWORKS=1 to allow private networks)",
        url=url,
    )


async def resolve_and_check(
    host: str,
    port: int,
    *,
    settings: Settings | None = None,
    resolver: Resolver | None = None,
    url: str | None = None,
) -> list[IPAddress]:
    """Resolve `host` and return its addresses if all may be reached, else raise.

    A host with any non-public address is refused whole: a name that mixes public and
    private answers is a rebinding attempt or a misconfiguration, neither worth a try.
    """
    settings = _settings(settings)
    shown = url or f"{host}:{port}"
    if not settings.allow_private_networks and port not in PUBLIC_PORTS:
        raise BlockedAddress(
            f"refused {shown}: port {port} is not allowed (only 80 and 443)", url=url
        )
    literal = parse_ip(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            if resolver is not None:
                addresses = await resolver(host)
            else:
                addresses = await resolve_host(host, settings)
        except ResolutionError as exc:
            raise HostNotFound(f"cannot resolve {host}: {exc}", url=url) from exc
    if not addresses:
        raise HostNotFound(f"{host} has no address", url=url)
    if not settings.allow_private_networks:
        for ip in addresses:
            _raise_if_blocked(shown, host, ip)
    return addresses


async def check_url_allowed(
    url: str, *, settings: Settings | None = None, resolver: Resolver | None = None
) -> None:
    """Raise `BlockedAddress` unless `url` may be fetched (DNS included), `HostNotFound`
    if its host does not resolve. For validating user-given URLs such as webhooks."""
    target = check_url_shape(url, settings)
    await resolve_and_check(
        target.host, target.port, settings=settings, resolver=resolver, url=str(url)
    )


class _PinnedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses the fetcher checked for that host; never resolves."""

    def __init__(
        self,
        addresses_for: Callable[[str, int], Awaitable[list[IPAddress]]],
        inner: httpcore.AsyncNetworkBackend,
    ) -> None:
        self._addresses_for = addresses_for
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.AsyncNetworkStream:
        last: Exception | None = None
        for ip in await self._addresses_for(host, port):
            try:
                return await self._inner.connect_tcp(
                    str(ip),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,  # type: ignore[arg-type]
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: object = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its pool rebuilt on the pinned network backend."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        # httpx has no public hook for the network backend; the pool it builds is
        # replaced with the same settings plus ours. Covered by the pinning tests.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


class SafeFetcher:
    """An async HTTP client that only reaches addresses the SSRF policy allows.

    Use as `async with SafeFetcher() as f: result = await f.fetch(url)`. `resolver`,
    `transport` and `network_backend` are for tests and the simulated world.
    """

    def __init__(
        self,
        *,
        settings: Settings | None = None,
        resolver: Resolver | None = None,
        user_agent: str = USER_AGENT,
        max_redirects: int = MAX_REDIRECTS,
        max_bytes: int | None = None,
        timeout: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        max_connections: int = 20,
    ) -> None:
        self.settings = _settings(settings)
        self._resolver = resolver
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes if max_bytes is not None else self.settings.crawl_max_bytes
        self.timeout = timeout if timeout is not None else self.settings.http_timeout
        # The last checked addresses per host; the backend connects only to these.
        self._pins: OrderedDict[str, list[IPAddress]] = OrderedDict()
        if transport is None:
            backend = _PinnedNetworkBackend(
                self._pinned_addresses, network_backend or httpcore.AnyIOBackend()
            )
            transport = _PinnedTransport(
                backend, httpx.Limits(max_connections=max_connections, keepalive_expiry=5.0)
            )
        self._client = httpx.AsyncClient(
            transport=transport,
            trust_env=False,  # an env proxy would resolve names itself and void the pinning
            follow_redirects=False,
            timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": user_agent},
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._client.aclose()

    def _pin(self, host: str, addresses: list[IPAddress]) -> None:
        self._pins[host] = addresses
        self._pins.move_to_end(host)
        while len(self._pins) > _MAX_PINS:
            self._pins.popitem(last=False)

    async def _pinned_addresses(self, host: str, port: int) -> list[IPAddress]:
        pinned = self._pins.get(host.lower().rstrip("."))
        if pinned is not None:
            return pinned
        # Not pinned (should not happen): check now rather than connect blind.
        return await resolve_and_check(host, port, settings=self.settings, resolver=self._resolver)

    async def fetch(
        self,
        url: str,
        *,
        accept: Collection[str] | None = None,
        max_bytes: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """GET `url`, following up to `max_redirects` checked redirects.

        `accept` lists media-type prefixes whose bodies are read (others are skipped).
        """
        return await self.request("GET", url, headers=headers, accept=accept, max_bytes=max_bytes)

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
        follow_redirects: bool = True,
        accept: Collection[str] | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """Send one request under the SSRF policy; raises `FetchError` subclasses."""
        try:
            async with asyncio.timeout(self.timeout * 3):
                return await self._request(
                    method, url, dict(headers or {}), content, follow_redirects, accept, max_bytes
                )
        except TimeoutError as exc:
            raise FetchError(f"{url}: timed out", url=url) from exc

    async def _request(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        content: bytes | None,
        follow_redirects: bool,
        accept: Collection[str] | None,
        max_bytes: int | None,
    ) -> FetchResult:
        limit = self.max_bytes if max_bytes is None else max_bytes
        redirects: list[str] = []
        current = url
        while True:
            target = check_url_shape(current, self.settings)
            self._pin(
                target.host,
                await resolve_and_check(
                    target.host, target.port, settings=self.settings,
                    resolver=self._resolver, url=current,
                ),
            )  # fmt: skip
            request = self._client.build_request(
                method, target.url, headers=headers, content=content
            )
            try:
                response = await self._client.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise FetchError(f"{current}: {type(exc).__name__}: {exc}", url=current) from exc
            try:
                location = response.headers.get("location")
                if follow_redirects and response.status_code in REDIRECT_STATUSES and location:
                    if len(redirects) >= self.max_redirects:
                        raise TooManyRedirects(
                            f"{url}: more than {self.max_redirects} redirects", url=url
                        )
                    following = urljoin(str(target.url), location.strip())
                    if _origin(following) != _origin(str(target.url)):
                        for name in _CREDENTIAL_HEADERS:
                            headers.pop(name, None)
                            headers.pop(name.title(), None)
                    if response.status_code == 303 or (
                        response.status_code in (301, 302) and method.upper() == "POST"
                    ):
                        method, content = "GET", None
                    redirects.append(current)
                    current = following
                    continue
                return await self._read(url, current, response, accept, limit, tuple(redirects))
            finally:
                await response.aclose()

    async def _read(
        self,
        url: str,
        final_url: str,
        response: httpx.Response,
        accept: Collection[str] | None,
        limit: int,
        redirects: tuple[str, ...],
    ) -> FetchResult:
        media_type, charset = parse_content_type(response.headers.get("content-type", ""))
        result_headers = {k.lower(): v for k, v in response.headers.items()}
        if accept is not None and not any(media_type.startswith(a) for a in accept):
            return FetchResult(
                url=url, final_url=final_url, status=response.status_code,
                headers=result_headers, content=b"", content_type=media_type,
                charset=charset, body_skipped=True, redirects=redirects,
            )  # fmt: skip
        chunks: list[bytes] = []
        size = 0
        truncated = False
        try:
            # Decoded bytes are counted, so a small gzip bomb stops at the limit too.
            async for chunk in response.aiter_bytes():
                if size + len(chunk) > limit:
                    chunks.append(chunk[: limit - size])
                    truncated = True
                    break
                chunks.append(chunk)
                size += len(chunk)
        except httpx.HTTPError as exc:
            raise FetchError(f"{final_url}: {type(exc).__name__}: {exc}", url=final_url) from exc
        return FetchResult(
            url=url, final_url=final_url, status=response.status_code, headers=result_headers,
            content=b"".join(chunks), content_type=media_type, charset=charset,
            truncated=truncated, redirects=redirects,
        )  # fmt: skip


def _origin(url: str) -> tuple[str, str, int | None]:
    parsed = httpx.URL(url)
    return parsed.scheme, parsed.host, parsed.port


def parse_content_type(value: str) -> tuple[str, str | None]:
    """Split a Content-Type header into (media type, charset or None)."""
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower(), charset


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


def _pick_encoding(declared: str | None, content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    candidates = [declared]
    match = _META_CHARSET.search(content[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii").lower())
    for name in candidates:
        if not name:
            continue
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        # Browsers read iso-8859-1 as windows-1252; so do we (curly quotes, euro sign).
        return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else name
    return "utf-8"
