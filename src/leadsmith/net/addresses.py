"""Which IP addresses an outbound request may reach.

Python's `ipaddress` flags lag behind the IANA registries (3.11 calls 192.0.0.8 and
fec0::/10 global), so the ranges are listed here explicitly and `is_global` is only a
last net: an address is public only when every test agrees.
"""

from __future__ import annotations

import ipaddress
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

IPAddress = IPv4Address | IPv6Address

_V4_BLOCKED: tuple[tuple[IPv4Network, str], ...] = tuple(
    (IPv4Network(net), why)
    for net, why in (
        ("0.0.0.0/8", "a 'this network' address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a carrier-grade NAT address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.88.99.0/24", "a 6to4 relay address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("255.255.255.255/32", "the broadcast address"),
    )
)

_V6_BLOCKED: tuple[tuple[IPv6Network, str], ...] = tuple(
    (IPv6Network(net), why)
    for net, why in (
        ("::/128", "the unspecified address"),
        ("::1/128", "a loopback address"),
        ("::/96", "an IPv4-compatible address"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
        ("100::/64", "a discard address"),
        ("2001::/32", "a Teredo tunnel address"),
        ("2001::/23", "an IETF protocol address"),
        ("2001:db8::/32", "a documentation address"),
        ("3fff::/20", "a documentation address"),
        ("5f00::/16", "a segment-routing address"),
        ("fc00::/7", "a unique-local (private) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    )
)

# Prefixes that carry an IPv4 address inside; the embedded address decides.
_NAT64 = IPv6Network("64:ff9b::/96")


def parse_ip(text: str) -> IPAddress | None:
    """The IP address written in `text` (brackets and zone ids allowed), else None."""
    text = text.strip().strip("[]")
    text = text.split("%", 1)[0]  # fe80::1%eth0: the zone does not change the range
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def embedded_ipv4(ip: IPv6Address) -> IPv4Address | None:
    """The IPv4 address an IPv4-mapped, 6to4 or NAT64 address stands for."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Why `ip` must not be reached from the public-internet crawler, or None if public."""
    if isinstance(ip, IPv6Address):
        inner = embedded_ipv4(ip)
        if inner is not None:
            why = blocked_reason(inner)
            if why is None:
                return None
            return f"an IPv6 address wrapping {inner}, {why}"
        for net6, why in _V6_BLOCKED:
            if ip in net6:
                return why
    else:
        for net4, why in _V4_BLOCKED:
            if ip in net4:
                return why
    if ip.is_multicast:
        return "a multicast address"
    if not ip.is_global or ip.is_reserved:
        return "a non-public address"
    return None


def is_public_address(ip: IPAddress) -> bool:
    """True when `ip` is a routable public unicast address."""
    return blocked_reason(ip) is None
