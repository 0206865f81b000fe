"""Reading SMTP replies: what a code plus its text says about a mailbox or about us."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

# Default wait before retrying a greylisted address when the server gives no hint.
DEFAULT_GREYLIST_RETRY = 300


class Outcome(StrEnum):
    """What a probe learned about one address (or why it could not learn it)."""

    ACCEPTED = "accepted"
    USER_UNKNOWN = "user_unknown"
    DISABLED = "disabled"
    FULL = "full"
    GREYLISTED = "greylisted"
    BLOCKED = "blocked"
    REVERSE_DNS = "reverse_dns"
    POLICY = "policy"
    THROTTLED = "throttled"
    TOO_MANY_RECIPIENTS = "too_many_recipients"
    MAIL_FROM_REFUSED = "mail_from_refused"
    HELO_REFUSED = "helo_refused"
    TLS_REQUIRED = "tls_required"
    TLS_FAILED = "tls_failed"
    TEMPORARY_FAILURE = "temporary_failure"
    REJECTED = "rejected"
    UNVERIFIABLE = "unverifiable"
    PROTOCOL_ERROR = "protocol_error"
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_DROPPED = "connection_dropped"
    SMTPUTF8_UNSUPPORTED = "smtputf8_unsupported"


_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")

# Refusals aimed at our sending IP or reputation: say nothing about the mailbox.
_BLOCK = re.compile(
    r"block ?list|black ?list|blocked|spamhaus|spamcop|barracuda|sorbs|dnsbl|\brbl\b"
    r"|(?<!not )\blisted\b|reputation|banned|denylist|\bcsi\b|abusix",
    re.I,
)
_REVERSE_DNS = re.compile(
    r"reverse|\bptr\b|rdns|cannot find your (host ?name|hostname)|"
    r"hostname (lookup|does not resolve)|helo.{0,40}(not|does not) resolve",
    re.I,
)
_TLS_REQUIRED = re.compile(r"starttls|must issue a starttls|tls required|encryption required", re.I)
_DISABLED = re.compile(
    r"disabled|deactivated|inactive|suspended|no longer (active|in use|available)"
    r"|account (has been )?(closed|locked|terminated|expired)",
    re.I,
)
_FULL = re.compile(
    r"mailbox (is )?full|over ?quota|quota (exceeded|exceed)|exceeded (storage|quota)"
    r"|insufficient storage|storage (limit|allocation)|mailbox size limit|out of storage",
    re.I,
)
_USER_UNKNOWN = re.compile(
    r"user unknown|unknown user|no such (user|mailbox|recipient|address|account)"
    r"|(does not|doesn't|did not) exist|not exist|unknown (recipient|mailbox|address)"
    r"|recipient (not found|unknown|invalid)|invalid (recipient|mailbox|address|user)"
    r"|mailbox (unavailable|not found|does not exist|not available|unknown)"
    r"|address (unknown|not found|invalid)|not listed in|no mailbox"
    r"|user (not found|invalid|doesn't)|unrouteable address|undeliverable address"
    r"|no longer valid|bad destination mailbox",
    re.I,
)
_TOO_MANY_RECIPIENTS = re.compile(r"too many recipients|recipient limit|too many rcpt", re.I)
_POLICY = re.compile(
    r"relay|policy|not permitted|denied|spam|authenticat|not allowed|prohibited"
    r"|refused|administrative|rate limit|rcpthosts",
    re.I,
)
_THROTTLE = re.compile(r"too many (connections|sessions|concurrent)|try (again )?later", re.I)
_RETRY_HINT = re.compile(
    r"(?:in|after|wait)\s+(\d+(?:\.\d+)?)\s*(seconds?|secs?|s\b|minutes?|mins?|m\b|hours?|h\b)",
    re.I,
)


@dataclass(frozen=True)
class SmtpReply:
    """One (possibly multi-line) reply: the code and its text lines joined by newlines."""

    code: int
    message: str

    @property
    def enhanced(self) -> tuple[int, int, int] | None:
        """The RFC 3463 enhanced status code, e.g. (5, 1, 1), when present."""
        match = _ENHANCED.match(self.message)
        if not match:
            return None
        return int(match[1]), int(match[2]), int(match[3])

    def __str__(self) -> str:
        return f"{self.code} {self.message}".strip()


def classify_rcpt(reply: SmtpReply) -> Outcome:
    """Classify the reply to RCPT TO. 4xx replies never make an address invalid."""
    code, text, enhanced = reply.code, reply.message, reply.enhanced
    if code in (250, 251):
        return Outcome.ACCEPTED
    if code == 252:
        return Outcome.UNVERIFIABLE
    if code == 421:
        return Outcome.THROTTLED
    if enhanced in ((4, 5, 3), (5, 5, 3)) or _TOO_MANY_RECIPIENTS.search(text):
        return Outcome.TOO_MANY_RECIPIENTS
    if 400 <= code < 500:
        return _classify_temporary(reply)
    if 500 <= code < 600:
        return _classify_permanent(reply)
    return Outcome.PROTOCOL_ERROR


def classify_refusal(reply: SmtpReply) -> Outcome:
    """Classify a refused greeting, EHLO/HELO or MAIL FROM: it is about us, not a mailbox."""
    code, text = reply.code, reply.message
    if code == 421 or _THROTTLE.search(text):
        return Outcome.THROTTLED
    if code == 530 or _TLS_REQUIRED.search(text):
        return Outcome.TLS_REQUIRED
    if _REVERSE_DNS.search(text) or reply.enhanced == (5, 7, 25):
        return Outcome.REVERSE_DNS
    if _BLOCK.search(text):
        return Outcome.BLOCKED
    if 400 <= code < 500:
        return Outcome.TEMPORARY_FAILURE
    return Outcome.POLICY


def retry_after_hint(reply: SmtpReply, default: int = DEFAULT_GREYLIST_RETRY) -> int:
    """Seconds to wait before retrying, from text like "try again in 5 minutes"."""
    match = _RETRY_HINT.search(reply.message)
    if not match:
        return default
    value, unit = float(match[1]), match[2].lower()
    if unit.startswith("m"):
        value *= 60
    elif unit.startswith("h"):
        value *= 3600
    return max(1, math.ceil(value))


def _classify_temporary(reply: SmtpReply) -> Outcome:
    text, enhanced = reply.message, reply.enhanced
    if enhanced == (4, 7, 25) or _REVERSE_DNS.search(text):
        return Outcome.REVERSE_DNS
    if _BLOCK.search(text):
        return Outcome.BLOCKED
    if enhanced == (4, 2, 2) or _FULL.search(text):
        return Outcome.FULL
    if reply.code == 530 or _TLS_REQUIRED.search(text):
        return Outcome.TLS_REQUIRED
    if _THROTTLE.search(text) and "greylist" not in text.lower():
        return Outcome.THROTTLED if "connection" in text.lower() else Outcome.GREYLISTED
    # 450/451 is how greylisting answers, whatever words follow ("rejected", "try later").
    if reply.code in (450, 451):
        return Outcome.GREYLISTED
    return Outcome.TEMPORARY_FAILURE


def _classify_permanent(reply: SmtpReply) -> Outcome:
    text, enhanced = reply.message, reply.enhanced
    if reply.code == 530 or _TLS_REQUIRED.search(text):
        return Outcome.TLS_REQUIRED
    if enhanced == (5, 7, 25) or _REVERSE_DNS.search(text):
        return Outcome.REVERSE_DNS
    if _BLOCK.search(text):
        return Outcome.BLOCKED
    if enhanced == (5, 2, 1) or _DISABLED.search(text):
        return Outcome.DISABLED
    if enhanced == (5, 2, 2) or _FULL.search(text):
        return Outcome.FULL
    if (enhanced is not None and enhanced[1] == 1 and enhanced[2] in (0, 1, 2, 3, 6, 10)) or (
        _USER_UNKNOWN.search(text)
    ):
        return Outcome.USER_UNKNOWN
    if (enhanced is not None and enhanced[1] == 7) or _POLICY.search(text):
        return Outcome.POLICY
    if reply.code in (500, 501, 502, 503, 504):
        return Outcome.PROTOCOL_ERROR
    # An unexplained 5xx could be a block worded oddly: never call that invalid.
    return Outcome.REJECTED
