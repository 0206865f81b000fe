"""Email verification throughput on the simulated mail world.

2,000 addresses across 200 domains whose MX hosts (50 of them, four domains each)
take 20-60 ms per SMTP reply and answer 421 beyond 3 concurrent sessions. The
EmailVerifier runs with a per-MX limit of 3; a naive verifier (one connection per
address, MX looked up each time, strictly sequential) runs on a sample and its rate
is extrapolated to the whole list. The world runs in a child process.

    python3 bench/verify_throughput.py [--domains 200] [--per-domain 10] [--hosts 50]
                                       [--naive-sample 40]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import multiprocessing as mp
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import aiosmtplib
import dns.asyncresolver
import dns.nameserver

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.fakes.mailworld

from tests.fakes.mailworld import MailWorld, SmtpBehaviour

from leadsmith.config import Settings
from leadsmith.emails.verifier import EmailVerifier

PER_MX_LIMIT = 3
REPLY_DELAY = (0.020, 0.060)


def expected_statuses(domains: int, per_domain: int) -> dict[str, str]:
    """The status every bench address should get."""
    expected: dict[str, str] = {}
    for d in range(domains):
        for k in range(per_domain):
            address = f"person{k}@bench{d:03d}.com"
            if d % 10 == 9:  # one domain in ten accepts everyone
                expected[address] = "risky"
            else:
                expected[address] = "invalid" if k % 4 == 3 else "valid"
    return expected


def build_world(domains: int, per_domain: int, hosts: int) -> MailWorld:
    """The bench world: `hosts` slow MX hosts, each serving domains round-robin."""
    world = MailWorld(seed=7)
    behaviour = SmtpBehaviour(reply_delay=REPLY_DELAY, max_sessions=PER_MX_LIMIT)
    for h in range(hosts):
        world.add_host(f"mx{h}.benchmail.net", behaviour)
    for d in range(domains):
        world.add_domain(
            f"bench{d:03d}.com",
            mx=[f"mx{d % hosts}.benchmail.net"],
            users=[f"person{k}" for k in range(per_domain) if k % 4 != 3],
            catch_all=d % 10 == 9,
        )
    return world


def serve_world(conn: Connection, domains: int, per_domain: int, hosts: int) -> None:
    """Child process: run the world and answer "stats", "reset" and "stop" requests.

    A process of its own, so the servers do not share a GIL with the verifier: with
    both in one process the measurement is mostly thread contention.
    """
    with build_world(domains, per_domain, hosts) as world:
        conn.send({"env": world.settings_overrides()})
        while (request := conn.recv()) != "stop":
            if request == "reset":
                world.reset()
                conn.send(None)
            elif request == "stats":
                servers = [h.server for h in world.hosts.values() if h.server is not None]
                conn.send(
                    {
                        "peak": max(s.peak for s in servers),
                        "refused": sum(s.refused_sessions for s in servers),
                        "sessions": sum(s.sessions for s in servers),
                        "data": sum(
                            e.command.upper().startswith("DATA") for s in servers for e in s.events
                        ),
                    }
                )


def ask(conn: Connection, request: str) -> Any:
    conn.send(request)
    return conn.recv()


async def naive_verify(address: str, settings: Settings) -> int:
    """One fresh DNS lookup and one SMTP connection per address, as a simple script would."""
    resolver = dns.asyncresolver.Resolver(configure=False)
    resolver.nameservers = [dns.nameserver.Do53Nameserver(h, p) for h, p in settings.dns_servers()]
    domain = address.rsplit("@", 1)[1]
    mx = sorted(await resolver.resolve(domain, "MX"), key=lambda r: r.preference)[0]
    ip = (await resolver.resolve(mx.exchange, "A"))[0].to_text()
    smtp = aiosmtplib.SMTP(
        hostname=ip,
        port=settings.smtp_port,
        local_hostname=settings.helo_name,
        start_tls=False,
        timeout=settings.smtp_timeout,
    )
    await smtp.connect()
    try:
        await smtp.ehlo()
        await smtp.execute_command(b"MAIL", f"FROM:<{settings.mail_from}>".encode())
        reply = await smtp.execute_command(b"RCPT", f"TO:<{address}>".encode())
        return reply.code
    finally:
        await smtp.quit()


async def run(args: argparse.Namespace) -> None:
    expected = expected_statuses(args.domains, args.per_domain)
    emails = list(expected)
    conn, child_conn = mp.get_context("spawn").Pipe()
    world = mp.get_context("spawn").Process(
        target=serve_world,
        args=(child_conn, args.domains, args.per_domain, args.hosts),
        daemon=True,
    )
    world.start()
    try:
        overrides = conn.recv()["env"]
        settings = Settings(**overrides, smtp_timeout=10, dns_timeout=5)

        verifier = EmailVerifier(settings, per_mx_limit=PER_MX_LIMIT)
        started = time.perf_counter()
        results = await verifier.verify_many(emails)
        elapsed = time.perf_counter() - started
        await verifier.aclose()
        stats = ask(conn, "stats")
        our_peak = max(verifier.prober.peak_sessions.values())
        rate = len(emails) / elapsed
        wrong = sum(r.status != expected[r.email] for r in results)
        statuses = collections.Counter(r.status for r in results)

        ask(conn, "reset")
        sample = emails[: args.naive_sample]
        started = time.perf_counter()
        for address in sample:
            await naive_verify(address, settings)
        naive_elapsed = time.perf_counter() - started
        naive_rate = len(sample) / naive_elapsed
    finally:
        conn.send("stop")
        world.join(timeout=30)

    print(f"world: {args.domains} domains x {args.per_domain} addresses on {args.hosts} MX hosts")
    print(f"  reply delay {REPLY_DELAY[0] * 1000:.0f}-{REPLY_DELAY[1] * 1000:.0f} ms,", end=" ")
    print(f"servers answer 421 beyond {PER_MX_LIMIT} sessions; per-MX limit {PER_MX_LIMIT}")
    print(f"EmailVerifier: {len(emails)} addresses in {elapsed:.2f} s = {rate:,.0f} addresses/s")
    print(f"  verdicts: {dict(statuses)}; wrong verdicts: {wrong}")
    print(f"  SMTP sessions: {stats['sessions']}; refused with 421: {stats['refused']};", end=" ")
    print(f"DATA commands: {stats['data']}")
    print(f"  peak concurrent sessions per MX: {stats['peak']} seen by servers, {our_peak} by us")
    print(
        f"naive sequential: {len(sample)} addresses in {naive_elapsed:.2f} s"
        f" = {naive_rate:.1f} addresses/s (extrapolated to {len(emails)}:"
        f" {len(emails) / naive_rate:,.0f} s)"
    )
    print(f"speed-up over naive: {rate / naive_rate:,.0f}x")
    ok = (
        rate >= 300
        and rate / naive_rate >= 50
        and stats["peak"] <= PER_MX_LIMIT
        and not wrong
        and not stats["data"]
    )
    print("goal (>= 300/s, >= 50x, peak <= limit, all verdicts right):", "met" if ok else "MISSED")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--per-domain", type=int, default=10)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--naive-sample", type=int, default=40)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
