"""A scripted authoritative DNS server (dnslib, UDP + TCP on one loopback port)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from dnslib import QTYPE, RCODE, RR, DNSRecord
from dnslib.server import BaseResolver, DNSLogger, DNSServer


@dataclass
class Zone:
    """Records by owner name, plus names that answer SERVFAIL or never answer."""

    records: dict[str, list[RR]] = field(default_factory=dict)
    servfail: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)  # queries are swallowed: client times out
    negative_ttl: int = 300

    def add(self, zone_line: str) -> None:
        """Add records written in zone-file syntax, e.g. "acme.com. 300 IN MX 10 mx.acme.com."."""
        for rr in RR.fromZone(zone_line):
            self.records.setdefault(_key(str(rr.rname)), []).append(rr)


def _key(name: str) -> str:
    return name.rstrip(".").lower()


class _ZoneResolver(BaseResolver):  # type: ignore[misc]
    def __init__(self, zone: Zone, stopping: threading.Event) -> None:
        self.zone = zone
        self.queries: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._stopping = stopping

    def resolve(self, request: DNSRecord, handler: Any) -> DNSRecord:
        qname = _key(str(request.q.qname))
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.queries.append((qname, qtype))
        reply = request.reply()
        if qname in self.zone.silent:
            # Hold the answer past any sane client timeout, then give up quietly.
            self._stopping.wait(10)
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        if qname in self.zone.servfail:
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        records = self.zone.records.get(qname)
        if records is None:
            reply.header.rcode = RCODE.NXDOMAIN
            self._add_soa(reply, qname)
            return reply
        matching = [rr for rr in records if rr.rtype == request.q.qtype]
        for rr in matching:
            reply.add_answer(rr)
        if not matching:
            self._add_soa(reply, qname)  # NODATA: the name exists, not this type
        return reply

    def _add_soa(self, reply: DNSRecord, qname: str) -> None:
        # Negative answers carry the SOA so resolvers can cache them (RFC 2308).
        apex = qname.rsplit(".", 1)[-1] + "."
        ttl = self.zone.negative_ttl
        reply.add_auth(
            *RR.fromZone(f"{apex} {ttl} IN SOA ns.{apex} hostmaster.{apex} 1 3600 600 86400 {ttl}")
        )


class FakeDnsServer:
    """Serves a Zone on 127.0.0.1:<random port> over UDP and TCP."""

    def __init__(self, zone: Zone, address: str = "127.0.0.1") -> None:
        self.zone = zone
        self.address = address
        self.port = 0
        self._stopping = threading.Event()
        self.resolver = _ZoneResolver(zone, self._stopping)
        self._servers: list[DNSServer] = []

    @property
    def queries(self) -> list[tuple[str, str]]:
        """Every (name, type) asked, in order."""
        return self.resolver.queries

    def start(self) -> None:
        """Bind UDP on a free port, then TCP on the same port (retrying on collisions)."""
        logger = DNSLogger("-recv,-send,-request,-reply,-truncated,-error,-data", prefix=False)
        for _ in range(20):
            udp = DNSServer(self.resolver, port=0, address=self.address, logger=logger)
            port = udp.server.server_address[1]
            try:
                tcp = DNSServer(
                    self.resolver, port=port, address=self.address, tcp=True, logger=logger
                )
            except OSError:
                udp.server.server_close()
                continue
            self.port = port
            self._servers = [udp, tcp]
            for server in self._servers:
                server.start_thread()
            return
        raise RuntimeError("no free port for the fake DNS server")

    def stop(self) -> None:
        """Stop both listeners and wake any swallowed query."""
        self._stopping.set()
        for server in self._servers:
            server.stop()
            server.server.server_close()
        self._servers = []
