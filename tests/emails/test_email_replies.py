"""Classification of SMTP replies: what is about the mailbox, what is about us."""

from __future__ import annotations

import pytest

from leadsmith.emails.replies import (
    DEFAULT_GREYLIST_RETRY,
    Outcome,
    SmtpReply,
    classify_rcpt,
    classify_refusal,
    retry_after_hint,
)

RCPT_CASES = [
    (250, "2.1.5 Ok", Outcome.ACCEPTED),
    (251, "User not local; will forward", Outcome.ACCEPTED),
    (252, "2.0.0 Cannot VRFY user", Outcome.UNVERIFIABLE),
    (550, "5.1.1 <x@a.com>: Recipient address rejected: User unknown", Outcome.USER_UNKNOWN),
    (550, "5.1.1 The email account that you tried to reach does not exist.", Outcome.USER_UNKNOWN),
    (550, "No such user here", Outcome.USER_UNKNOWN),
    (553, "sorry, that domain isn't in my list of allowed rcpthosts", Outcome.POLICY),
    (550, "5.2.1 The email account that you tried to reach is disabled.", Outcome.DISABLED),
    (550, "Account has been suspended", Outcome.DISABLED),
    (552, "5.2.2 The email account that you tried to reach is over quota.", Outcome.FULL),
    (452, "4.2.2 Mailbox full", Outcome.FULL),
    (450, "4.2.0 <x@a.com>: Recipient address rejected: Greylisted", Outcome.GREYLISTED),
    (451, "4.7.1 Recipient address rejected: please try again later", Outcome.GREYLISTED),
    (450, "4.1.1 <x@a.com>: Recipient address rejected: User unknown", Outcome.GREYLISTED),
    (554, "5.7.1 Client host [1.2.3.4] blocked using zen.spamhaus.org", Outcome.BLOCKED),
    (550, "5.7.1 Your IP is listed on our block list (S3150)", Outcome.BLOCKED),
    (
        550,
        "5.7.25 The IP address sending this message does not have a PTR record",
        Outcome.REVERSE_DNS,
    ),
    (450, "4.7.1 Client host rejected: cannot find your reverse hostname", Outcome.REVERSE_DNS),
    (554, "5.7.1 <x@a.com>: Relay access denied", Outcome.POLICY),
    (550, "5.7.1 Message rejected by local policy", Outcome.POLICY),
    (421, "4.7.0 Too many connections", Outcome.THROTTLED),
    (452, "4.5.3 Error: too many recipients", Outcome.TOO_MANY_RECIPIENTS),
    (530, "5.7.0 Must issue a STARTTLS command first", Outcome.TLS_REQUIRED),
    (503, "5.5.1 Error: need MAIL command", Outcome.PROTOCOL_ERROR),
    (550, "Requested action not taken", Outcome.REJECTED),
]


@pytest.mark.parametrize(("code", "text", "expected"), RCPT_CASES)
def test_classify_rcpt(code: int, text: str, expected: Outcome) -> None:
    assert classify_rcpt(SmtpReply(code, text)) is expected


@pytest.mark.parametrize(
    "reply",
    [
        SmtpReply(450, "4.1.1 <x@a.com>: Recipient address rejected: unverified address"),
        SmtpReply(451, "4.3.0 Temporary lookup failure, user unknown"),
        SmtpReply(554, "5.7.1 Client host blocked using bl.spamcop.net"),
        SmtpReply(550, "5.7.1 rejected: no reverse DNS for your IP"),
        SmtpReply(421, "4.7.0 Try again later, closing connection"),
    ],
)
def test_temporary_or_our_fault_is_never_invalid(reply: SmtpReply) -> None:
    assert classify_rcpt(reply) not in (Outcome.USER_UNKNOWN, Outcome.DISABLED)


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        (421, "4.7.0 mx Too many connections, try later", Outcome.THROTTLED),
        (554, "5.7.1 Your IP 1.2.3.4 is listed on our block list", Outcome.BLOCKED),
        (550, "5.7.25 no PTR record for your IP", Outcome.REVERSE_DNS),
        (530, "5.7.0 Must issue a STARTTLS command first", Outcome.TLS_REQUIRED),
        (553, "5.7.1 Sender not permitted", Outcome.POLICY),
        (451, "4.3.0 local error", Outcome.TEMPORARY_FAILURE),
    ],
)
def test_classify_refusal(code: int, text: str, expected: Outcome) -> None:
    assert classify_refusal(SmtpReply(code, text)) is expected


def test_enhanced_code_parsing() -> None:
    assert SmtpReply(550, "5.1.1 nope").enhanced == (5, 1, 1)
    assert SmtpReply(550, "nope").enhanced is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("Greylisted, please try again in 90 seconds", 90),
        ("Greylisted for 5 minutes; try again in 5 minutes", 300),
        ("try again after 1 hour", 3600),
        ("Greylisted, see http://postgrey.schweikert.ch/help/a.com.html", DEFAULT_GREYLIST_RETRY),
    ],
)
def test_retry_after_hint(text: str, seconds: int) -> None:
    assert retry_after_hint(SmtpReply(450, text)) == seconds
