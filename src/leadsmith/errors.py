"""Errors with a machine code and an HTTP status, raised by services and routers alike.

Codes are seed 003's vocabulary; each contract family's router translates them into
its own words and statuses (see leadsmith.api.dialects).
"""

from __future__ import annotations

from typing import Any


class LeadsmithError(Exception):
    """An error a client can act on."""

    status: int = 400
    code: str = "invalid_input"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        summary: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.summary = summary
        self.headers = headers or {}
        self.extra = extra or {}


class InvalidInput(LeadsmithError):
    status, code = 400, "invalid_input"


class NotFound(LeadsmithError):
    status, code = 404, "not_found"


class Conflict(LeadsmithError):
    status, code = 409, "conflict"


class InsufficientCredits(LeadsmithError):
    status, code = 402, "insufficient_credits"


class SpendCapReached(LeadsmithError):
    status, code = 429, "spend_cap_reached"


class QuotaExceeded(LeadsmithError):
    status, code = 429, "quota_exceeded"


class ScopeDenied(LeadsmithError):
    status, code = 403, "scope_denied"


class AuthError(LeadsmithError):
    status, code = 401, "invalid_key"


class RateLimited(LeadsmithError):
    status, code = 429, "rate_limited"
