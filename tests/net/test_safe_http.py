"""The SSRF-safe fetcher: what it refuses (before any connection), what it pins, and
how it follows redirects and caps bodies. No traffic leaves 127.0.0.0/8: "public"
names resolve through fake resolvers, and their connections go to in-memory streams
or httpx's MockTransport."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv6Address
from typing import Any

import httpcore
import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from leadsmith.config import Settings
from leadsmith.net import (
    BlockedAddress,
    FetchError,
    HostNotFound,
    Resolver,
    SafeFetcher,
    TooManyRedirects,
    blocked_reason,
    check_url_allowed,
    check_url_shape,
    resolve_and_check,
    resolve_host,
)
from leadsmith.net.safe_http import FetchResult
from tests.fakes.mailworld.dns_server import FakeDnsServer, Zone
from tests.fakes.sites import FakeWeb

PUBLIC_IP = "93.184.216.34"  # never contacted: connections go to in-memory streams

IP = IPv4Address | IPv6Address


def closed(**overrides: Any) -> Settings:
    """Production policy: private networks refused."""
    values: dict[str, Any] = {"allow_private_networks": False, "dns_nameservers": None}
    values.update(overrides)
    return Settings(**values)


def opened(**overrides: Any) -> Settings:
    return closed(allow_private_networks=True, **overrides)


def fake_dns(table: dict[str, list[str]]) -> tuple[list[str], Resolver]:
    """A resolver over `table`, and the list of names it was asked."""
    asked: list[str] = []

    async def resolve(host: str) -> list[IP]:
        asked.append(host)
        return [ipaddress.ip_address(a) for a in table.get(host, [])]

    return asked, resolve


class _Stream(httpcore.AsyncNetworkStream):
    def __init__(self, chunks: Iterable[bytes]) -> None:
        self.chunks = list(chunks)
        self.written = bytearray()

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.chunks.pop(0) if self.chunks else b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.written += buffer

    async def aclose(self) -> None:
        return None

    def get_extra_info(self, info: str) -> object:
        return None


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Records every connection attempt; answers with a canned HTTP response."""

    def __init__(self, response: bytes = b"") -> None:
        self.response = response or (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n\r\n"
            b"<p>hello</p>\n"
        )
        self.connects: list[tuple[str, int]] = []
        self.streams: list[_Stream] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: object = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append((host, port))
        stream = _Stream([self.response])
        self.streams.append(stream)
        return stream

    async def sleep(self, seconds: float) -> None:
        return None


# --- address policy ------------------------------------------------------------------

BLOCKED_IPS = [
    "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
    "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
    "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.0.8", "192.0.2.1",
    "198.18.0.1", "198.51.100.7", "203.0.113.9", "::", "::1", "fe80::1", "fc00::1",
    "fd12:3456::1", "fec0::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1",
    "2002:7f00:1::", "2002:c0a8:101::", "2001:db8::1", "2001::1", "100::1",
]  # fmt: skip
PUBLIC_IPS = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8",
              "64:ff9b::808:808", "2002:808:808::"]  # fmt: skip


@pytest.mark.parametrize("address", BLOCKED_IPS)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", PUBLIC_IPS)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


def test_reasons_name_the_kind_of_address() -> None:
    assert "loopback" in (blocked_reason(ipaddress.ip_address("127.0.0.1")) or "")
    assert "metadata" in (blocked_reason(ipaddress.ip_address("169.254.169.254")) or "")
    assert "carrier-grade" in (blocked_reason(ipaddress.ip_address("100.64.0.1")) or "")
    mapped = blocked_reason(ipaddress.ip_address("::ffff:127.0.0.1")) or ""
    assert "127.0.0.1" in mapped and "loopback" in mapped


@pytest.mark.parametrize(
    "url", ["ftp://example.test/x", "file:///etc/passwd", "gopher://example.test/",
            "javascript:alert(1)", "data:text/html,hi", "//example.test/", "http:///nohost"]
)  # fmt: skip
def test_only_http_and_https_with_a_host(url: str) -> None:
    with pytest.raises(BlockedAddress):
        check_url_shape(url, opened())


def test_ports_other_than_80_and_443_need_private_networks() -> None:
    with pytest.raises(BlockedAddress, match="port 8080"):
        check_url_shape("http://example.test:8080/", closed())
    assert check_url_shape("https://example.test:443/", closed()).port == 443
    assert check_url_shape("http://example.test:8080/", opened()).port == 8080


def test_message_says_how_to_allow_private_networks() -> None:
    with pytest.raises(BlockedAddress) as caught:
        check_url_shape("http://127.0.0.1/", closed())
    assert "loopback" in str(caught.value)
    assert "LEADSMITH_ALLOW_PRIVATE_NETWORKS" in str(caught.value)


# --- refused before connecting ----------------------------------------------------------

LITERAL_PRIVATE_URLS = [
    "http://127.0.0.1/", "http://10.0.0.5/admin", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/",
    "http://100.64.1.1/", "http://0.0.0.0/", "http://[fe80::1]/", "https://192.168.0.1/",
]  # fmt: skip


@pytest.mark.parametrize("url", LITERAL_PRIVATE_URLS)
async def test_private_literals_are_refused_before_connecting(url: str) -> None:
    backend = RecordingBackend()
    async with SafeFetcher(settings=closed(), network_backend=backend) as fetcher:
        with pytest.raises(BlockedAddress):
            await fetcher.fetch(url)
    assert backend.connects == []


@pytest.mark.parametrize(
    ("host", "addresses"),
    [
        ("evil.test", ["127.0.0.1"]),
        ("metadata.test", ["169.254.169.254"]),
        ("v6.test", ["::1"]),
        ("mapped.test", ["::ffff:127.0.0.1"]),
        ("mixed.test", [PUBLIC_IP, "10.0.0.1"]),  # one bad answer spoils the name
    ],
)
async def test_names_resolving_to_private_addresses_are_refused(
    host: str, addresses: list[str]
) -> None:
    _, resolver = fake_dns({host: addresses})
    backend = RecordingBackend()
    async with SafeFetcher(settings=closed(), resolver=resolver, network_backend=backend) as f:
        with pytest.raises(BlockedAddress, match=host):
            await f.fetch(f"http://{host}/")
    assert backend.connects == []


@pytest.mark.parametrize(
    "url", ["http://localhost/", "http://2130706433/", "http://0x7f000001/", "http://127.1/"]
)
async def test_system_resolver_tricks_are_refused(url: str) -> None:
    # Resolved by the machine's own resolver (hosts file / numeric parsing, no traffic).
    backend = RecordingBackend()
    async with SafeFetcher(settings=closed(), network_backend=backend) as fetcher:
        with pytest.raises(BlockedAddress):
            await fetcher.fetch(url)
    assert backend.connects == []


async def test_a_real_local_server_gets_no_request(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/").respond_with_data("should not be served")
    async with SafeFetcher(settings=closed()) as fetcher:
        for url in (httpserver.url_for("/"), f"http://localhost:{httpserver.port}/"):
            with pytest.raises(BlockedAddress):
                await fetcher.fetch(url)
    assert len(httpserver.log) == 0


async def test_unresolvable_names_are_host_not_found() -> None:
    _, resolver = fake_dns({})
    async with SafeFetcher(settings=closed(), resolver=resolver) as fetcher:
        with pytest.raises(HostNotFound):
            await fetcher.fetch("https://nowhere.test/")


# --- allowed, and pinned ---------------------------------------------------------------


async def test_private_networks_allowed_when_configured(httpserver: HTTPServer) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response("<h1>hi</h1>", content_type="text/html; charset=utf-8")

    httpserver.expect_request("/hello").respond_with_handler(handler)
    _, resolver = fake_dns({"site.test": ["127.0.0.1"]})
    async with SafeFetcher(settings=opened(), resolver=resolver) as fetcher:
        result = await fetcher.fetch(f"http://site.test:{httpserver.port}/hello")
    assert result.status == 200 and result.text == "<h1>hi</h1>"
    assert result.is_html and result.final_url.startswith("http://site.test:")
    # Connected to the checked IP, yet the server saw the name the URL used.
    assert seen[0].headers["Host"] == f"site.test:{httpserver.port}"
    assert "LeadsmithBot" in seen[0].headers["User-Agent"]


async def test_connection_is_pinned_to_the_checked_address() -> None:
    answers = iter([[PUBLIC_IP], ["127.0.0.1"], ["127.0.0.1"]])
    asked: list[str] = []

    async def rebinding(host: str) -> list[IP]:
        asked.append(host)
        return [ipaddress.ip_address(a) for a in next(answers)]

    backend = RecordingBackend()
    async with SafeFetcher(settings=closed(), resolver=rebinding, network_backend=backend) as f:
        result = await f.fetch("http://rebind.test/")
    assert result.status == 200
    assert backend.connects == [(PUBLIC_IP, 80)]  # not a second lookup's 127.0.0.1
    assert asked == ["rebind.test"]
    assert b"Host: rebind.test\r\n" in bytes(backend.streams[0].written)


# --- redirects -------------------------------------------------------------------------


def _mock(routes: dict[str, httpx.Response], log: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        log.append(request)
        return routes.get(str(request.url), httpx.Response(404))

    return httpx.MockTransport(handle)


@pytest.mark.parametrize(
    "location",
    ["http://169.254.169.254/latest/meta-data/", "http://inside.test/admin",
     "http://[::1]:80/", "file:///etc/passwd", "http://public.test:8080/"],
)  # fmt: skip
async def test_every_redirect_hop_is_checked(location: str) -> None:
    _, resolver = fake_dns({"public.test": [PUBLIC_IP], "inside.test": ["10.0.0.7"]})
    log: list[httpx.Request] = []
    transport = _mock(
        {"http://public.test/": httpx.Response(302, headers={"Location": location})}, log
    )
    async with SafeFetcher(settings=closed(), resolver=resolver, transport=transport) as f:
        with pytest.raises(BlockedAddress):
            await f.fetch("http://public.test/")
    assert [str(r.url) for r in log] == ["http://public.test/"]  # the bad hop never went out


async def test_redirects_are_capped(fake_web: FakeWeb) -> None:
    fake_web.add("quirks.test", "quirks")
    async with fake_web.fetcher() as fetcher:
        done = await fetcher.fetch(f"{fake_web.base_url('quirks.test')}/chain/1")
        assert done.status == 200 and done.final_url.endswith("/welcome")
        assert len(done.redirects) == 5
        with pytest.raises(TooManyRedirects):
            await fetcher.fetch(f"{fake_web.base_url('quirks.test')}/loop/1")
    assert fake_web.paths_requested("quirks.test").count("/loop/1") == 1
    assert len([p for p in fake_web.paths_requested("quirks.test") if p.startswith("/loop")]) == 6


async def test_credentials_do_not_follow_a_redirect_to_another_origin() -> None:
    _, resolver = fake_dns({"a.test": [PUBLIC_IP], "b.test": ["8.8.8.8"]})
    log: list[httpx.Request] = []
    routes = {
        "http://a.test/": httpx.Response(302, headers={"Location": "/same"}),
        "http://a.test/same": httpx.Response(302, headers={"Location": "http://b.test/x"}),
        "http://b.test/x": httpx.Response(200, text="ok"),
    }
    async with SafeFetcher(settings=closed(), resolver=resolver, transport=_mock(routes, log)) as f:
        await f.fetch("http://a.test/", headers={"Authorization": "Bearer s3cret"})
    assert log[1].headers.get("authorization") == "Bearer s3cret"
    assert "authorization" not in log[2].headers


async def test_303_turns_a_post_into_a_get() -> None:
    _, resolver = fake_dns({"hook.test": [PUBLIC_IP]})
    log: list[httpx.Request] = []
    routes = {
        "https://hook.test/in": httpx.Response(303, headers={"Location": "/done"}),
        "https://hook.test/done": httpx.Response(200, text="thanks"),
    }
    async with SafeFetcher(settings=closed(), resolver=resolver, transport=_mock(routes, log)) as f:
        result = await f.request("POST", "https://hook.test/in", content=b'{"a": 1}')
    assert result.text == "thanks"
    assert [r.method for r in log] == ["POST", "GET"] and log[1].content == b""


async def test_redirects_can_be_left_unfollowed() -> None:
    _, resolver = fake_dns({"hook.test": [PUBLIC_IP]})
    log: list[httpx.Request] = []
    routes = {"https://hook.test/in": httpx.Response(301, headers={"Location": "/else"})}
    async with SafeFetcher(settings=closed(), resolver=resolver, transport=_mock(routes, log)) as f:
        result = await f.request("POST", "https://hook.test/in", follow_redirects=False)
    assert result.status == 301 and len(log) == 1


# --- bodies ----------------------------------------------------------------------------


async def test_bodies_stop_at_the_byte_limit(fake_web: FakeWeb) -> None:
    fake_web.add("quirks.test", "quirks")
    async with fake_web.fetcher() as fetcher:
        result = await fetcher.fetch(
            f"{fake_web.base_url('quirks.test')}/company", max_bytes=50_000
        )
    assert result.truncated and len(result.content) == 50_000
    assert "top@quirks.test" in result.text and "bottom@quirks.test" not in result.text


async def test_the_settings_byte_limit_applies_by_default(fake_web: FakeWeb) -> None:
    fake_web.add("quirks.test", "quirks")
    async with fake_web.fetcher(fake_web.settings(crawl_max_bytes=10_000)) as fetcher:
        result = await fetcher.fetch(f"{fake_web.base_url('quirks.test')}/company")
    assert result.truncated and len(result.content) == 10_000


async def test_unaccepted_media_types_are_not_read(fake_web: FakeWeb) -> None:
    fake_web.add("quirks.test", "quirks")
    async with fake_web.fetcher() as fetcher:
        result = await fetcher.fetch(
            f"{fake_web.base_url('quirks.test')}/docs/press-kit", accept=("text/html",)
        )
    assert result.body_skipped and result.content == b""
    assert result.content_type == "application/pdf"


def test_text_uses_the_declared_or_sniffed_charset() -> None:
    def result(content: bytes, charset: str | None) -> FetchResult:
        return FetchResult("u", "u", 200, {}, content, "text/html", charset=charset)

    assert result("Café".encode("cp1252"), "iso-8859-1").text == "Café"
    sniffed = b'<meta charset="windows-1252"><p>\x93quoted\x94</p>'
    assert "“quoted”" in result(sniffed, None).text
    assert result("Zoë".encode(), None).text == "Zoë"
    assert result(b"\x80abc", "no-such-codec").text == "\ufffdabc"  # replaced, never raises


# --- errors and validation ---------------------------------------------------------------


async def test_network_errors_become_fetch_errors() -> None:
    _, resolver = fake_dns({"down.test": [PUBLIC_IP]})

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    transport = httpx.MockTransport(refuse)
    async with SafeFetcher(settings=closed(), resolver=resolver, transport=transport) as f:
        with pytest.raises(FetchError) as caught:
            await f.fetch("https://down.test/")
    assert not isinstance(caught.value, BlockedAddress)


async def test_check_url_allowed_for_user_given_urls() -> None:
    _, resolver = fake_dns({"hooks.test": [PUBLIC_IP], "intranet.test": ["192.168.10.4"]})
    await check_url_allowed("https://hooks.test/leadsmith", settings=closed(), resolver=resolver)
    with pytest.raises(BlockedAddress, match="private"):
        await check_url_allowed("https://intranet.test/", settings=closed(), resolver=resolver)
    with pytest.raises(HostNotFound):
        await check_url_allowed("https://gone.test/", settings=closed(), resolver=resolver)
    with pytest.raises(BlockedAddress, match="only http and https"):
        await check_url_allowed("ftp://hooks.test/", settings=closed(), resolver=resolver)
    await check_url_allowed("http://intranet.test:8080/", settings=opened(), resolver=resolver)


async def test_resolve_and_check_through_configured_nameservers() -> None:
    zone = Zone()
    zone.add("public.test. 60 IN A 93.184.216.34")
    zone.add("rebound.test. 60 IN A 127.0.0.1")
    server = FakeDnsServer(zone)
    server.start()
    try:
        settings = closed(dns_nameservers=f"127.0.0.1:{server.port}", dns_timeout=2.0)
        assert await resolve_host("public.test", settings) == [ipaddress.ip_address(PUBLIC_IP)]
        assert await resolve_and_check("public.test", 443, settings=settings)
        with pytest.raises(BlockedAddress):
            await resolve_and_check("rebound.test", 80, settings=settings)
        with pytest.raises(HostNotFound):
            await resolve_and_check("missing.test", 80, settings=settings)
    finally:
        server.stop()
