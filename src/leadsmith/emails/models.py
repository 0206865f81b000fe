"""Result types of email verification (plain dataclasses; no database tables here)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

Status = Literal["valid", "invalid", "risky", "unknown"]
STATUSES: tuple[Status, ...] = ("valid", "invalid", "risky", "unknown")


class Reason(StrEnum):
    """Why a verdict was given; the value is what API clients see."""

    ACCEPTED = "accepted"
    SYNTAX = "syntax"
    NXDOMAIN = "nxdomain"
    NULL_MX = "null_mx"
    NO_MX = "no_mx"
    DNS_ERROR = "dns_error"
    USER_UNKNOWN = "user_unknown"
    DISABLED = "disabled"
    FULL = "full"
    CATCH_ALL = "catch_all"
    ROLE = "role"
    DISPOSABLE = "disposable"
    GREYLISTED = "greylisted"
    BLOCKED = "blocked"
    REVERSE_DNS = "reverse_dns"
    POLICY = "policy"
    THROTTLED = "throttled"
    MAIL_FROM_REFUSED = "mail_from_refused"
    HELO_REFUSED = "helo_refused"
    TLS_REQUIRED = "tls_required"
    TLS_FAILED = "tls_failed"
    TEMPORARY_FAILURE = "temporary_failure"
    TOO_MANY_RECIPIENTS = "too_many_recipients"
    REJECTED = "rejected"
    UNVERIFIABLE = "unverifiable"
    PROTOCOL_ERROR = "protocol_error"
    TIMEOUT = "timeout"
    CONNECTION_REFUSED = "connection_refused"
    CONNECTION_DROPPED = "connection_dropped"
    SMTPUTF8_UNSUPPORTED = "smtputf8_unsupported"


@dataclass
class Verification:
    """The verdict on one address, with the evidence that decided it."""

    email: str  # as given by the caller
    normalized: str | None
    status: Status
    reason: str | None
    score: int  # 0-100: how likely a message to this address is delivered to a person
    checks: dict[str, Any] = field(default_factory=dict)
    smtp_code: int | None = None
    smtp_message: str | None = None
    mx_host: str | None = None
    retry_after: int | None = None  # seconds; set when trying again later may help
    cached: bool = False
    checked_at: float = field(default_factory=time.time)  # epoch seconds of the probe

    @property
    def verified(self) -> bool:
        """True only for a `valid` verdict."""
        return self.status == "valid"

    @property
    def deliverable(self) -> bool | None:
        """True for valid, False for invalid, None when we cannot tell."""
        if self.status == "valid":
            return True
        if self.status == "invalid":
            return False
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict with every field plus `verified` and `deliverable`."""
        data = asdict(self)
        data["reason"] = None if self.reason is None else str(self.reason)
        data["verified"] = self.verified
        data["deliverable"] = self.deliverable
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verification:
        """Rebuild from `to_dict()` output (for caches that store JSON)."""
        names = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in names})
