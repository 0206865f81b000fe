"""The sandbox verdict in the shape the email verifier returns (for test keys)."""

from __future__ import annotations

from leadsmith.emails.models import Verification
from leadsmith.sources.sandbox.answers import SandboxVerdict
from leadsmith.sources.sandbox.world import get_world


def verification_from_verdict(email: str, verdict: SandboxVerdict) -> Verification:
    """A `Verification` carrying a sandbox verdict; `checks` says it came from the sandbox."""
    syntax_ok = verdict["reason"] != "syntax"
    return Verification(
        email=email,
        normalized=verdict["email"] if syntax_ok else None,
        status=verdict["verdict"],
        reason=verdict["reason"],
        score=verdict["score"],
        checks={
            "sandbox": True,
            "syntax": syntax_ok,
            "domain": verdict["email"].rsplit("@", 1)[-1] if syntax_ok else None,
            "catch_all": verdict["catch_all"],
            "disposable": verdict["disposable"],
            "role": verdict["role"],
            "free": verdict["free"],
            "known": verdict["known"],
        },
    )


def sandbox_verification(email: str) -> Verification:
    """Verify an address against the sandbox world, without network (test keys).

    The first call in a process builds the world (a few seconds).
    """
    return verification_from_verdict(email, get_world().verify_email(email))
