"""A whole simulated mail world: one DNS server plus SMTP servers on 127.x.y.z.

The world runs in its own thread and event loop, so sync tests (CLI), async
tests (any event loop) and benchmarks can all use it, and it can outlive a test.
Every SMTP server listens on the same port, each on its own loopback address;
the DNS A records of the MX hosts point at those addresses.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import idna

from .dns_server import FakeDnsServer, Zone
from .smtp_server import FakeSmtpServer, HostedDomain, Mailbox, SmtpBehaviour, SmtpEvent
from .tls import self_signed_context

DomainKind = Literal["mx", "a_only", "null_mx", "nxdomain", "servfail", "dns_timeout", "no_mail"]


@dataclass
class WorldHost:
    """An MX host: its name, loopback address and (unless dead) its server."""

    name: str
    address: str
    server: FakeSmtpServer | None  # None: nothing listens (connection refused)


@dataclass
class WorldDomain:
    """A mail domain as DNS publishes it."""

    name: str  # as given (may be Unicode)
    ascii_name: str
    kind: DomainKind
    mx: list[tuple[int, str]]
    ttl: int


def to_ascii(domain: str) -> str:
    """Punycode form of a (possibly Unicode) domain."""
    return domain.lower() if domain.isascii() else idna.encode(domain, uts46=True).decode()


class MailWorld:
    """Build with add_host/add_domain, then start(); use as a context manager."""

    def __init__(self, *, seed: int | None = None) -> None:
        rng = random.Random(seed)
        # A random 127.a.b.0/24-ish block keeps parallel worlds (other test runs) apart.
        self._prefix = (rng.randint(2, 250), rng.randint(0, 250))
        self._next_host = 1
        self.hosts: dict[str, WorldHost] = {}
        self.domains: dict[str, WorldDomain] = {}
        self.zone = Zone()
        self.greylist: dict[tuple[str, str, str], float] = {}
        self.dns: FakeDnsServer | None = None
        self.smtp_port = 0
        self._tmp = tempfile.TemporaryDirectory(prefix="mailworld-")
        self._tls = self_signed_context(Path(self._tmp.name))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # ----- building -------------------------------------------------------------------

    def add_host(
        self, name: str, behaviour: SmtpBehaviour | None = None, *, dead: bool = False
    ) -> WorldHost:
        """Add an MX host with its own loopback address; `dead` hosts refuse connections."""
        address = self._allocate_address()
        server = None
        if not dead:
            server = FakeSmtpServer(
                name,
                address,
                behaviour or SmtpBehaviour(),
                tls_context=self._tls,
                greylist=self.greylist,
                seed=len(self.hosts),
            )
        host = WorldHost(name.lower(), address, server)
        self.hosts[host.name] = host
        self.zone.add(f"{host.name}. 300 IN A {address}")
        return host

    def add_domain(
        self,
        name: str,
        *,
        mx: Iterable[str | tuple[int, str]] = (),
        kind: DomainKind = "mx",
        users: Mapping[str, Mailbox] | Iterable[str] = (),
        catch_all: bool = False,
        ttl: int = 300,
        a_host: str | None = None,
    ) -> WorldDomain:
        """Publish a domain; its users live on every listed MX host (or on `a_host`)."""
        ascii_name = to_ascii(name)
        pairs = [(10 * (i + 1), m) if isinstance(m, str) else m for i, m in enumerate(mx)]
        domain = WorldDomain(name, ascii_name, kind, [(p, h.lower()) for p, h in pairs], ttl)
        self.domains[ascii_name] = domain
        mailboxes: dict[str, Mailbox] = (
            {k.lower(): v for k, v in users.items()}
            if isinstance(users, Mapping)
            else dict.fromkeys((u.lower() for u in users), "ok")
        )
        hosted = HostedDomain(ascii_name, mailboxes, catch_all)
        if kind == "mx":
            for pref, host in domain.mx:
                self.zone.add(f"{ascii_name}. {ttl} IN MX {pref} {host}.")
                self._host_server(host, hosted)
        elif kind == "null_mx":
            self.zone.add(f"{ascii_name}. {ttl} IN MX 0 .")
        elif kind == "a_only":
            # No MX: mail goes to the domain's own address (RFC 5321 implicit MX).
            if a_host is None:
                raise ValueError("a_only domains need a_host")
            target = self.hosts[a_host.lower()]
            if target.name != ascii_name:
                self.zone.add(f"{ascii_name}. {ttl} IN A {target.address}")
            self._host_server(a_host, hosted)
        elif kind == "no_mail":
            self.zone.add(f'{ascii_name}. {ttl} IN TXT "v=spf1 -all"')
        elif kind == "servfail":
            self.zone.servfail.add(ascii_name)
        elif kind == "dns_timeout":
            self.zone.silent.add(ascii_name)
        return domain

    def _host_server(self, host_name: str, hosted: HostedDomain) -> None:
        host = self.hosts.get(host_name.lower())
        if host is not None and host.server is not None:
            host.server.domains[hosted.name] = hosted

    def _allocate_address(self) -> str:
        n = self._next_host
        self._next_host += 1
        a, b = self._prefix
        return f"127.{a}.{(b + (n - 1) // 250) % 256}.{(n - 1) % 250 + 1}"

    # ----- running --------------------------------------------------------------------

    def start(self) -> MailWorld:
        """Start DNS and every SMTP server; return self."""
        self.dns = FakeDnsServer(self.zone)
        self.dns.start()
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._run_loop, args=(ready,), name="mailworld", daemon=True
        )
        self._thread.start()
        ready.wait()
        asyncio.run_coroutine_threadsafe(self._start_servers(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        """Stop every server and the world's thread."""
        if self._loop is not None and self._thread is not None:
            asyncio.run_coroutine_threadsafe(self._stop_servers(), self._loop).result(timeout=30)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._loop = None
            self._thread = None
        if self.dns is not None:
            self.dns.stop()
            self.dns = None
        self._tmp.cleanup()

    def __enter__(self) -> MailWorld:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _run_loop(self, ready: threading.Event) -> None:
        assert self._loop is not None
        asyncio.set_event_loop(self._loop)
        self._loop.call_soon(ready.set)
        self._loop.run_forever()

    async def _start_servers(self) -> None:
        servers = self._servers()
        for _ in range(20):
            port = _free_port()
            try:
                for server in servers:
                    await server.start(port)
            except OSError:
                for server in servers:
                    await server.stop()
                continue
            self.smtp_port = port
            return
        raise RuntimeError("no port free on every world address")

    async def _stop_servers(self) -> None:
        for server in self._servers():
            await server.stop()

    def _servers(self) -> list[FakeSmtpServer]:
        return [h.server for h in self.hosts.values() if h.server is not None]

    # ----- observing ------------------------------------------------------------------

    @property
    def dns_nameservers(self) -> str:
        """Value for LEADSMITH_DNS_NAMESERVERS."""
        assert self.dns is not None, "world not started"
        return f"{self.dns.address}:{self.dns.port}"

    def env(self) -> dict[str, str]:
        """Environment variables that point Leadsmith at this world."""
        return {
            "LEADSMITH_DNS_NAMESERVERS": self.dns_nameservers,
            "LEADSMITH_SMTP_PORT": str(self.smtp_port),
        }

    def settings_overrides(self, **extra: Any) -> dict[str, Any]:
        """Keyword arguments for leadsmith.config.Settings aimed at this world."""
        return {"dns_nameservers": self.dns_nameservers, "smtp_port": self.smtp_port, **extra}

    def server(self, host: str) -> FakeSmtpServer:
        """The server of an MX host (KeyError for dead hosts)."""
        server = self.hosts[host.lower()].server
        if server is None:
            raise KeyError(f"{host} is a dead host")
        return server

    def events(self, host: str | None = None) -> list[SmtpEvent]:
        """Commands received, by one host or by all, in arrival order."""
        servers = [self.server(host)] if host else self._servers()
        return sorted((e for s in servers for e in s.events), key=lambda e: e.at)

    def commands(self, host: str | None = None) -> list[str]:
        """Just the command lines of `events`."""
        return [e.command for e in self.events(host)]

    def peak_sessions(self) -> dict[str, int]:
        """Highest concurrent admitted sessions, per host."""
        return {s.hostname: s.peak for s in self._servers()}

    @property
    def dns_queries(self) -> list[tuple[str, str]]:
        """Every DNS (name, type) asked so far."""
        return [] if self.dns is None else self.dns.queries

    def reset(self) -> None:
        """Forget recorded commands, DNS queries, counters and greylist memory."""
        for server in self._servers():
            server.reset()
        if self.dns is not None:
            self.dns.queries.clear()
        self.greylist.clear()


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
