"""How the prober talks to servers: session reuse, reconnects, TLS, politeness."""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from collections.abc import AsyncIterator

import pytest

from leadsmith.config import Settings
from leadsmith.emails.smtp_probe import ProbePolicy
from leadsmith.emails.verifier import EmailVerifier
from tests.fakes.mailworld import MailWorld, SmtpBehaviour, SmtpEvent

FAST = {"throttle_backoff": 0.05}


def sessions_of(events: list[SmtpEvent]) -> dict[int, list[str]]:
    by_session: dict[int, list[str]] = defaultdict(list)
    for event in events:
        by_session[event.session].append(event.command)
    return dict(by_session)


async def test_one_session_for_many_addresses_of_a_domain(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    emails = ["john@acme.com", "jane@acme.com", "nobody@acme.com", "sales@acme.com", "x@acme.com"]
    await verifier.verify_many(emails)
    server = mail_world.server("mx1.acme.com")
    assert server.sessions == 1
    commands = mail_world.commands("mx1.acme.com")
    assert sum(c.startswith("MAIL") for c in commands) == 1
    assert sum(c.startswith("RCPT") for c in commands) == len(emails) + 1  # + catch-all canary
    assert commands[-1] == "QUIT"


async def test_helo_name_and_mail_from_come_from_settings(
    mail_world: MailWorld,
) -> None:
    settings = Settings(
        **mail_world.settings_overrides(
            smtp_timeout=0.5, helo_name="probe.example.net", mail_from="bounce@example.net"
        )
    )
    async with EmailVerifier(settings) as verifier:
        await verifier.verify("john@acme.com")
    commands = mail_world.commands("mx1.acme.com")
    assert commands[0] == "EHLO probe.example.net"
    assert commands[1] == "MAIL FROM:<bounce@example.net>"


async def test_helo_when_ehlo_is_refused(verifier: EmailVerifier, mail_world: MailWorld) -> None:
    result = await verifier.verify("john@oldserver.com")
    assert result.status == "valid"
    commands = mail_world.commands("mx.oldserver.com")
    assert commands[:3] == [
        "EHLO verify.leadsmith.local",
        "HELO verify.leadsmith.local",
        "MAIL FROM:<verify@leadsmith.local>",
    ]


async def test_starttls_when_demanded(verifier: EmailVerifier, mail_world: MailWorld) -> None:
    result = await verifier.verify("john@tlsonly.com")
    assert result.status == "valid"
    assert result.checks["smtp"]["tls"] is True
    events = mail_world.events("mx.tlsonly.com")
    assert [e.command for e in events][:2] == ["EHLO verify.leadsmith.local", "STARTTLS"]
    mail_and_rcpt = [e for e in events if e.command.startswith(("MAIL", "RCPT"))]
    assert mail_and_rcpt and all(e.tls for e in mail_and_rcpt)


async def test_fresh_session_when_second_rcpt_is_refused(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    results = await verifier.verify_many(
        ["john@onercpt.com", "jane@onercpt.com", "zed@onercpt.com"]
    )
    assert [r.status for r in results] == ["valid", "valid", "invalid"]
    sessions = sessions_of(mail_world.events("mx.onercpt.com"))
    first, *rest = sessions.values()
    assert sum(c.startswith("RCPT") for c in first) == 2  # canary, then 452 4.5.3
    # Having learnt the limit, every later session asks one RCPT only.
    assert [sum(c.startswith("RCPT") for c in s) for s in rest] == [1, 1, 1]


async def test_reconnect_after_server_drops_session(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    emails = ["nobody@dropper.com", "john@dropper.com", "ghost@dropper.com", "jane@dropper.com"]
    results = await verifier.verify_many(emails)
    assert [r.status for r in results] == ["invalid", "valid", "invalid", "valid"]
    # The server hangs up after each 550 (canary, nobody, ghost): four sessions in all.
    assert mail_world.server("mx.dropper.com").sessions == 4


async def test_per_mx_limit_is_never_exceeded(mail_world: MailWorld) -> None:
    settings = Settings(**mail_world.settings_overrides(smtp_timeout=2, smtp_per_mx_limit=5))
    policy = ProbePolicy(max_rcpts_per_session=3, **FAST)
    emails = [f"user{i}@acme.com" for i in range(40)]
    async with EmailVerifier(settings, per_mx_limit=2, policy=policy) as verifier:
        results = await verifier.verify_many(emails)
        ours = max(verifier.prober.peak_sessions.values())
    assert {r.reason for r in results} == {"user_unknown"}
    server = mail_world.server("mx1.acme.com")
    assert server.sessions >= 14  # 41 RCPTs, 3 per session
    assert server.peak == 2  # parallel, and never above the limit
    assert ours == 2


async def test_per_mx_limit_from_settings(mail_world: MailWorld) -> None:
    settings = Settings(**mail_world.settings_overrides(smtp_timeout=2, smtp_per_mx_limit=1))
    policy = ProbePolicy(max_rcpts_per_session=2, **FAST)
    async with EmailVerifier(settings, policy=policy) as verifier:
        await verifier.verify_many([f"user{i}@acme.com" for i in range(10)])
    assert mail_world.server("mx1.acme.com").peak == 1


async def test_backs_off_a_host_that_answers_421(mail_world: MailWorld) -> None:
    # The server admits one session at a time; we start out allowed three.
    settings = Settings(**mail_world.settings_overrides(smtp_timeout=2))
    policy = ProbePolicy(max_rcpts_per_session=2, **FAST)
    emails = [f"user{i}@onesession.com" for i in range(12)]
    async with EmailVerifier(settings, per_mx_limit=3, policy=policy) as verifier:
        results = await verifier.verify_many(emails)
    assert {r.status for r in results} == {"valid"}
    server = mail_world.server("mx.onesession.com")
    assert server.refused_sessions >= 1  # it did say 421 ...
    assert server.peak == 1  # ... and we slowed down and got everything through


async def test_global_limit_bounds_sessions_across_hosts(mail_world: MailWorld) -> None:
    settings = Settings(**mail_world.settings_overrides(smtp_timeout=2))
    domains = ["acme.com", "catchall.com", "gmail.com", "oldserver.com", "multiline.com"]
    async with EmailVerifier(settings, global_limit=1) as verifier:
        await verifier.verify_many([f"john@{d}" for d in domains])
    spans = []
    for session in {(e.host, e.session) for e in mail_world.events()}:
        times = [e.at for e in mail_world.events(session[0]) if e.session == session[1]]
        spans.append((min(times), max(times)))
    spans.sort()
    assert len(spans) == len(domains)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


@pytest.fixture
async def custom_world() -> AsyncIterator[MailWorld]:
    """A two-host world built in the test: shows how to script new behaviours."""
    world = MailWorld()
    world.add_host(
        "mx.errors.net",
        SmtpBehaviour(rcpt_reply=(421, "4.7.0 Too many errors from your IP, closing connection")),
    )
    world.add_domain("errors.net", mx=["mx.errors.net"], users=["john"])
    world.add_host(
        "mx.vague.net", SmtpBehaviour(unknown_user_reply=(550, "Requested action not taken"))
    )
    world.add_domain("vague.net", mx=["mx.vague.net"], users=["john"])
    await asyncio.to_thread(world.start)
    yield world
    await asyncio.to_thread(world.stop)


async def test_421_mid_session_is_unknown_after_bounded_retries(custom_world: MailWorld) -> None:
    settings = Settings(**custom_world.settings_overrides(smtp_timeout=1))
    async with EmailVerifier(settings, policy=ProbePolicy(**FAST)) as verifier:
        result = await verifier.verify("john@errors.net")
    assert (result.status, result.reason, result.smtp_code) == ("unknown", "throttled", 421)
    assert result.retry_after


async def test_unexplained_550_is_not_called_invalid(custom_world: MailWorld) -> None:
    settings = Settings(**custom_world.settings_overrides(smtp_timeout=1))
    async with EmailVerifier(settings) as verifier:
        good, vague = await verifier.verify_many(["john@vague.net", "who@vague.net"])
    assert good.status == "valid"
    assert (vague.status, vague.reason) == ("unknown", "rejected")
