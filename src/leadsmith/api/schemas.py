"""Response pieces several contracts share."""

from __future__ import annotations

from typing import Any

from fastapi import Request


def meta(request: Request, credits_used: float | int = 0, **extra: Any) -> dict[str, Any]:
    """Seed 004's `meta` object."""
    out: dict[str, Any] = {"request_id": request.state.request_id, "credits_used": credits_used}
    out.update(extra)
    return out


def iso(dt: Any) -> str | None:
    """RFC 3339 UTC with a Z, as the documents show timestamps."""
    if dt is None:
        return None
    return dt.isoformat().replace("+00:00", "Z")
