"""Turn a host name into IP addresses for outbound HTTP.

With `LEADSMITH_DNS_NAMESERVERS` set (the simulated world in tests, or an operator's
own resolver) the names are asked of those servers with dnspython; otherwise the
system resolver answers, so /etc/hosts and the host's DNS setup apply.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable

import dns.asyncresolver
import dns.exception
import dns.nameserver
import dns.rdatatype
import dns.resolver

from leadsmith.config import Settings, get_settings
from leadsmith.net.addresses import IPAddress, parse_ip

# A resolver answers a host name with its addresses (empty when it has none).
Resolver = Callable[[str], Awaitable[list[IPAddress]]]


class ResolutionError(Exception):
    """The name could not be looked up (timeout, server failure)."""


async def resolve_host(host: str, settings: Settings | None = None) -> list[IPAddress]:
    """All A/AAAA addresses of `host`, IPv4 first; an IP literal answers itself."""
    literal = parse_ip(host)
    if literal is not None:
        return [literal]
    settings = settings or get_settings()
    if settings.dns_servers():
        return await _resolve_with_dnspython(host, settings)
    return await _resolve_with_system(host, settings.dns_timeout)


async def _resolve_with_system(host: str, timeout: float) -> list[IPAddress]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        if exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
            return []
        raise ResolutionError(f"cannot resolve {host}: {exc}") from exc
    except TimeoutError as exc:
        raise ResolutionError(f"resolving {host} timed out") from exc
    found: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = parse_ip(str(sockaddr[0]))
        if ip is not None and ip not in found:
            found.append(ip)
    return sorted(found, key=lambda ip: ip.version)


async def _resolve_with_dnspython(host: str, settings: Settings) -> list[IPAddress]:
    resolver = dns.asyncresolver.Resolver(configure=False)
    resolver.nameservers = [
        dns.nameserver.Do53Nameserver(address, port) for address, port in settings.dns_servers()
    ]
    resolver.lifetime = settings.dns_timeout
    found: list[IPAddress] = []
    for rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        try:
            answer = await resolver.resolve(host, rdtype, search=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            continue
        except (dns.resolver.NoNameservers, dns.exception.Timeout) as exc:
            raise ResolutionError(f"cannot resolve {host}: {exc}") from exc
        for rdata in answer:
            ip = parse_ip(rdata.to_text())
            if ip is not None and ip not in found:
                found.append(ip)
    return found
