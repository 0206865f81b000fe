"""Where mail for a domain goes: MX in preference order, A/AAAA fallback, null MX."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Literal

import dns.asyncresolver
import dns.exception
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.resolver

from leadsmith.config import Settings

RouteKind = Literal["mx", "a_fallback", "null_mx", "nxdomain", "no_mx", "error"]

# Bound on concurrent DNS queries of one resolver, so 10,000 domains do not flood it.
MAX_CONCURRENT_QUERIES = 64


@dataclass(frozen=True)
class MailHost:
    """One mail exchanger with the addresses we may connect to."""

    name: str
    preference: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class MailRoute:
    """The answer to "where does mail for this domain go?"."""

    domain: str  # ASCII (punycode)
    kind: RouteKind
    hosts: tuple[MailHost, ...] = ()
    error: str | None = None  # "servfail", "timeout", ... when kind == "error"
    exchanges: tuple[str, ...] = field(default=())  # MX names as published, in order

    @property
    def deliverable(self) -> bool:
        """True when there is at least one host to connect to."""
        return any(h.addresses for h in self.hosts)


class _Unresolvable(Exception):
    """The name definitively does not exist or has no address."""


class MailRouteResolver:
    """Resolves mail routes with dnspython's async resolver; answers cached per TTL."""

    def __init__(self, settings: Settings) -> None:
        servers = settings.dns_servers()
        if servers:
            resolver = dns.asyncresolver.Resolver(configure=False)
            resolver.nameservers = [dns.nameserver.Do53Nameserver(h, p) for h, p in servers]
        else:
            resolver = dns.asyncresolver.Resolver()
        resolver.timeout = settings.dns_timeout
        resolver.lifetime = settings.dns_timeout
        # dnspython's cache honours each answer's TTL, negative answers (SOA minimum) too.
        resolver.cache = dns.resolver.LRUCache(max_size=50_000)
        self._resolver = resolver
        self._limit = asyncio.Semaphore(MAX_CONCURRENT_QUERIES)

    async def mail_route(self, ascii_domain: str) -> MailRoute:
        """Resolve the domain's MX (or A/AAAA fallback); never raises for DNS failures."""
        domain = ascii_domain.rstrip(".").lower()
        try:
            answer = await self._query(domain, "MX")
        except dns.resolver.NXDOMAIN:
            return MailRoute(domain, "nxdomain")
        except dns.resolver.NoAnswer:
            return await self._implicit_route(domain)
        except dns.exception.Timeout:
            return MailRoute(domain, "error", error="timeout")
        except dns.exception.DNSException as exc:
            return MailRoute(domain, "error", error=_describe(exc))

        records = sorted(
            ((int(r.preference), r.exchange.to_text(omit_final_dot=True).lower()) for r in answer),
            key=lambda pr: pr,
        )
        real = [(pref, name) for pref, name in records if name not in ("", ".")]
        if not real:
            # RFC 7505: a lone "MX 0 ." says the domain accepts no mail at all.
            return MailRoute(domain, "null_mx")
        results = await asyncio.gather(
            *(self._host_addresses(name) for _, name in real), return_exceptions=True
        )
        hosts: list[MailHost] = []
        errors: list[str] = []
        for (pref, name), result in zip(real, results, strict=True):
            if isinstance(result, _Unresolvable):
                continue
            if isinstance(result, BaseException):
                errors.append(_describe(result))
                continue
            hosts.append(MailHost(name, pref, result))
        exchanges = tuple(name for _, name in real)
        if hosts:
            return MailRoute(domain, "mx", tuple(hosts), exchanges=exchanges)
        if errors:
            return MailRoute(domain, "error", error=errors[0], exchanges=exchanges)
        # Every exchanger name is dead: nothing can ever be delivered.
        return MailRoute(domain, "no_mx", exchanges=exchanges)

    async def _implicit_route(self, domain: str) -> MailRoute:
        # RFC 5321 5.1: without MX records the domain itself is the implicit exchanger.
        try:
            addresses = await self._host_addresses(domain)
        except _Unresolvable:
            return MailRoute(domain, "no_mx")
        except dns.exception.Timeout:
            return MailRoute(domain, "error", error="timeout")
        except dns.exception.DNSException as exc:
            return MailRoute(domain, "error", error=_describe(exc))
        return MailRoute(domain, "a_fallback", (MailHost(domain, 0, addresses),))

    async def _host_addresses(self, host: str) -> tuple[str, ...]:
        """A records first, AAAA when there is no A; _Unresolvable when neither exists."""
        found: list[str] = []
        for rdtype in ("A", "AAAA"):
            try:
                answer = await self._query(host, rdtype)
            except (dns.resolver.NoAnswer, dns.resolver.NXDOMAIN):
                continue
            found.extend(r.to_text() for r in answer)
            if found:
                break
        if not found:
            raise _Unresolvable(host)
        return tuple(found)

    async def _query(self, name: str, rdtype: str) -> dns.resolver.Answer:
        async with self._limit:
            return await self._resolver.resolve(
                dns.name.from_text(name), rdtype, search=False, raise_on_no_answer=True
            )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, dns.exception.Timeout):
        return "timeout"
    if isinstance(exc, dns.resolver.NoNameservers):
        return "servfail"
    return type(exc).__name__.lower()
