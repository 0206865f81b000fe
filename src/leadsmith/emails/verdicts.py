"""From evidence (SMTP outcome, DNS route, flags) to a status, a reason and a score."""

from __future__ import annotations

from dataclasses import dataclass

from leadsmith.emails.models import Reason, Status
from leadsmith.emails.replies import Outcome

# Outcomes that prove the mailbox cannot receive mail.
_INVALID = {Outcome.USER_UNKNOWN: Reason.USER_UNKNOWN, Outcome.DISABLED: Reason.DISABLED}

# Scores: the chance, in percent, that mail to the address reaches a person.
_SCORES: dict[str, int] = {
    Reason.ACCEPTED: 95,
    Reason.ROLE: 70,
    Reason.CATCH_ALL: 50,
    Reason.FULL: 35,
    Reason.DISPOSABLE: 15,
    Reason.GREYLISTED: 45,
    Reason.UNVERIFIABLE: 40,
    Reason.THROTTLED: 35,
    Reason.SMTPUTF8_UNSUPPORTED: 35,
    Reason.TIMEOUT: 30,
    Reason.BLOCKED: 30,
    Reason.REVERSE_DNS: 30,
    Reason.POLICY: 30,
    Reason.MAIL_FROM_REFUSED: 30,
    Reason.REJECTED: 25,
    Reason.DNS_ERROR: 20,
    Reason.USER_UNKNOWN: 2,
    Reason.DISABLED: 3,
    Reason.NO_MX: 1,
    Reason.NULL_MX: 0,
    Reason.NXDOMAIN: 0,
    Reason.SYNTAX: 0,
}
_DEFAULT_UNKNOWN_SCORE = 25


@dataclass(frozen=True)
class Verdict:
    """Status, reason and score of one address."""

    status: Status
    reason: Reason
    score: int


def dns_verdict(route_kind: str) -> Verdict | None:
    """Verdict decided by DNS alone, or None when SMTP has to be asked."""
    if route_kind == "nxdomain":
        return _verdict("invalid", Reason.NXDOMAIN)
    if route_kind == "null_mx":
        return _verdict("invalid", Reason.NULL_MX)
    if route_kind == "no_mx":
        return _verdict("invalid", Reason.NO_MX)
    if route_kind == "error":
        return _verdict("unknown", Reason.DNS_ERROR)
    return None


def smtp_verdict(
    outcome: Outcome, *, catch_all: bool | None, disposable: bool, role: bool
) -> Verdict:
    """Combine the RCPT outcome with the domain's catch-all fact and the address flags."""
    if outcome in _INVALID:
        return _verdict("invalid", _INVALID[outcome])
    if disposable:
        # Throwaway inboxes accept anything; whatever SMTP says, they are a risk.
        return _verdict("risky", Reason.DISPOSABLE)
    if outcome is Outcome.FULL:
        return _verdict("risky", Reason.FULL)
    if outcome is not Outcome.ACCEPTED:
        return _verdict("unknown", Reason(outcome.value))
    if catch_all:
        return _verdict("risky", Reason.CATCH_ALL)
    if role:
        return _verdict("risky", Reason.ROLE)
    verdict = _verdict("valid", Reason.ACCEPTED)
    if catch_all is None:
        # Accepted, but we could not rule out a server that accepts everyone.
        return Verdict(verdict.status, verdict.reason, verdict.score - 10)
    return verdict


def syntax_verdict() -> Verdict:
    """Verdict for an address that is not an address."""
    return _verdict("invalid", Reason.SYNTAX)


def _verdict(status: Status, reason: Reason) -> Verdict:
    return Verdict(status, reason, _SCORES.get(reason, _DEFAULT_UNKNOWN_SCORE))
