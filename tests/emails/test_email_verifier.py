"""Verdicts of EmailVerifier against the simulated mail world."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from leadsmith.emails.models import Verification
from leadsmith.emails.verifier import EmailVerifier
from tests.fakes.mailworld import GREYLIST_SECONDS, MailWorld

VERDICTS = [
    # address, status, reason
    ("john@acme.com", "valid", "accepted"),
    ("nobody@acme.com", "invalid", "user_unknown"),
    ("gone@acme.com", "invalid", "disabled"),
    ("fullbox@acme.com", "risky", "full"),
    ("info@acme.com", "risky", "role"),
    ("anyone@catchall.com", "risky", "catch_all"),
    ("someone@mailinator.com", "risky", "disposable"),
    ("john@greylist.com", "unknown", "greylisted"),
    ("john@blocked.com", "unknown", "blocked"),
    ("john@blockedgreeting.com", "unknown", "blocked"),
    ("john@nordns.com", "unknown", "reverse_dns"),
    ("john@nordns-soft.com", "unknown", "reverse_dns"),
    ("john@policy.com", "unknown", "policy"),
    ("john@relaydenied.com", "unknown", "policy"),
    ("john@mailfromrefused.com", "unknown", "mail_from_refused"),
    ("john@busy.com", "unknown", "throttled"),
    ("john@tarpit.com", "unknown", "timeout"),
    ("john@failover.com", "valid", "accepted"),
    ("nobody@multiline.com", "invalid", "user_unknown"),
    ("john@tlsonly.com", "valid", "accepted"),
    ("john@oldserver.com", "valid", "accepted"),
    ("josé@acme.com", "valid", "accepted"),
    ("josé@noutf8.com", "unknown", "smtputf8_unsupported"),
    ('"john doe"@acme.com', "valid", "accepted"),
    ("anna@bücher.com", "valid", "accepted"),
    ("john@aonly.com", "valid", "accepted"),
    ("alice@gmail.com", "valid", "accepted"),
    ("x@nullmx.com", "invalid", "null_mx"),
    ("x@nomail.com", "invalid", "no_mx"),
    ("x@nxdomain.com", "invalid", "nxdomain"),
    ("x@servfail.com", "unknown", "dns_error"),
    ("x@dnstimeout.com", "unknown", "dns_error"),
    ("not an address", "invalid", "syntax"),
]


@pytest.mark.parametrize(("address", "status", "reason"), VERDICTS)
async def test_verdict(verifier: EmailVerifier, address: str, status: str, reason: str) -> None:
    result = await verifier.verify(address)
    assert (result.status, result.reason) == (status, reason), result.to_dict()
    assert result.email == address
    assert 0 <= result.score <= 100
    assert result.cached is False


async def test_all_verdicts_at_once_never_send_data(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    started = time.monotonic()
    results = await verifier.verify_many([a for a, _, _ in VERDICTS])
    assert [(r.email, r.status, r.reason) for r in results] == VERDICTS
    commands = [c.split(" ")[0].upper() for c in mail_world.commands()]
    assert "DATA" not in commands
    assert {"EHLO", "MAIL", "RCPT", "QUIT"} <= set(commands)
    # Tarpit and DNS timeouts run concurrently with everything else.
    assert time.monotonic() - started < 5


async def test_scores_order_verdicts(verifier: EmailVerifier) -> None:
    valid, risky, unknown, invalid = await verifier.verify_many(
        ["john@acme.com", "anyone@catchall.com", "john@blocked.com", "nobody@acme.com"]
    )
    assert valid.score > risky.score > unknown.score > invalid.score


async def test_valid_result_carries_evidence(verifier: EmailVerifier) -> None:
    result = await verifier.verify("John@Acme.com")
    assert result.normalized == "john@acme.com"
    assert (result.smtp_code, result.smtp_message) == (250, "2.1.5 Ok")
    assert result.mx_host == "mx1.acme.com"
    assert result.verified and result.deliverable is True
    checks = result.checks
    assert checks["syntax"] is True
    assert checks["mx"]["kind"] == "mx" and checks["mx"]["hosts"] == ["mx1.acme.com"]
    assert checks["smtp"]["outcome"] == "accepted"
    assert checks["catch_all"] is False
    assert (checks["disposable"], checks["role"], checks["free"]) == (False, False, False)


async def test_invalid_result_keeps_the_deciding_reply(verifier: EmailVerifier) -> None:
    result = await verifier.verify("nobody@acme.com")
    assert result.smtp_code == 550
    assert "User unknown" in (result.smtp_message or "")
    assert not result.verified and result.deliverable is False


async def test_unknown_is_not_deliverable_either_way(verifier: EmailVerifier) -> None:
    result = await verifier.verify("john@blocked.com")
    assert result.deliverable is None and not result.verified


async def test_to_dict_is_json(verifier: EmailVerifier) -> None:
    result = await verifier.verify("anna@bücher.com")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["status"] == "valid" and data["verified"] is True
    assert data["checks"]["ascii_domain"] == "xn--bcher-kva.com"
    assert Verification.from_dict(data).status == "valid"


async def test_free_provider_is_flagged_but_valid(verifier: EmailVerifier) -> None:
    result = await verifier.verify("alice@gmail.com")
    assert result.status == "valid" and result.checks["free"] is True


async def test_plus_tag_is_reported(verifier: EmailVerifier, mail_world: MailWorld) -> None:
    result = await verifier.verify("John+Leads@acme.com")
    assert result.status == "valid"
    assert result.normalized == "john+leads@acme.com"
    assert result.checks["plus_tag"] == "leads"
    assert result.checks["base_address"] == "john@acme.com"
    assert "RCPT TO:<john+leads@acme.com>" in mail_world.commands("mx1.acme.com")


async def test_idn_domain_probed_as_punycode(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    await verifier.verify("anna@bücher.com")
    assert "RCPT TO:<anna@xn--bcher-kva.com>" in mail_world.commands("mx.xn--bcher-kva.com")


async def test_quoted_local_part_sent_quoted(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    await verifier.verify('"john doe"@acme.com')
    assert 'RCPT TO:<"john doe"@acme.com>' in mail_world.commands("mx1.acme.com")


async def test_utf8_local_part_uses_smtputf8(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    await verifier.verify("josé@acme.com")
    commands = mail_world.commands("mx1.acme.com")
    assert any(c.startswith("MAIL FROM:") and c.endswith(" SMTPUTF8") for c in commands)
    assert "RCPT TO:<josé@acme.com>" in commands


async def test_utf8_local_part_not_sent_without_smtputf8(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    result = await verifier.verify("josé@noutf8.com")
    assert result.status == "unknown"
    assert not any("josé" in c for c in mail_world.commands("mx.noutf8.com"))


async def test_greylisted_then_accepted_on_retry(verifier: EmailVerifier) -> None:
    first = await verifier.verify("john@greylist.com")
    assert (first.status, first.reason, first.smtp_code) == ("unknown", "greylisted", 450)
    assert "rejected" in (first.smtp_message or "")
    assert first.retry_after is not None and 1 <= first.retry_after <= 2
    await asyncio.sleep(max(first.retry_after, GREYLIST_SECONDS) + 0.1)
    second = await verifier.verify("john@greylist.com")
    assert second.cached is False  # an "unknown" is never served from cache
    assert (second.status, second.reason) == ("valid", "accepted")


async def test_catch_all_detected_with_a_random_local_part(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    result = await verifier.verify("john@catchall.com")
    assert (result.status, result.reason) == ("risky", "catch_all")
    assert result.checks["catch_all"] is True
    rcpts = [c for c in mail_world.commands("mx.catchall.com") if c.startswith("RCPT")]
    assert len(rcpts) == 2 and rcpts[1] == "RCPT TO:<john@catchall.com>"
    assert rcpts[0].startswith("RCPT TO:<ls-")  # the random canary goes first


async def test_catch_all_fact_is_remembered_per_domain(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    await verifier.verify("john@catchall.com")
    await verifier.verify("jane@catchall.com")
    rcpts = [c for c in mail_world.commands("mx.catchall.com") if c.startswith("RCPT")]
    assert len(rcpts) == 3  # one canary for both calls


async def test_blocked_is_never_invalid(verifier: EmailVerifier) -> None:
    results = await verifier.verify_many(
        ["john@blocked.com", "x@blocked.com", "john@blockedgreeting.com", "john@nordns.com"]
    )
    assert {r.status for r in results} == {"unknown"}


async def test_dead_primary_mx_falls_back(verifier: EmailVerifier, mail_world: MailWorld) -> None:
    result = await verifier.verify("john@failover.com")
    assert result.mx_host == "backup.failover.com"
    assert result.checks["mx"]["hosts"] == ["dead.failover.com", "backup.failover.com"]


async def test_busy_server_gets_bounded_retries(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    started = time.monotonic()
    result = await verifier.verify("john@busy.com")
    assert (result.status, result.reason, result.smtp_code) == ("unknown", "throttled", 421)
    assert result.retry_after is not None and result.retry_after > 0
    retries = verifier.prober.policy.throttle_retries
    assert mail_world.server("mx.busy.com").refused_sessions == retries + 1
    assert time.monotonic() - started < 3


async def test_tarpit_times_out_quickly(verifier: EmailVerifier) -> None:
    started = time.monotonic()
    result = await verifier.verify("john@tarpit.com")
    assert (result.status, result.reason) == ("unknown", "timeout")
    assert time.monotonic() - started < 2.5  # smtp_timeout is 0.5 s


async def test_verify_many_keeps_order_duplicates_and_reports_progress(
    verifier: EmailVerifier,
) -> None:
    emails = ["nobody@acme.com", "bad", "john@acme.com", "JOHN@acme.com", "john@catchall.com"]
    progress: list[tuple[int, int]] = []
    results = await verifier.verify_many(emails, on_progress=lambda d, t: progress.append((d, t)))
    assert [r.email for r in results] == emails
    assert [r.status for r in results] == ["invalid", "invalid", "valid", "valid", "risky"]
    assert progress[-1] == (5, 5)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


async def test_verify_many_empty(verifier: EmailVerifier) -> None:
    assert await verifier.verify_many([]) == []
