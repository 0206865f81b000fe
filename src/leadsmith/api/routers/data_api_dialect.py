"""Seed 004's error words: its document names its own codes and a 403 for quota."""

from __future__ import annotations

from leadsmith.api.dialects import ErrorDialect, register_dialect

DATA_API = ErrorDialect(
    "data_api",
    codes={
        "invalid_input": "invalid_request",
        "missing_key": "unauthorized",
        "invalid_key": "unauthorized",
        "revoked_key": "unauthorized",
        "expired_key": "unauthorized",
        "insufficient_credits": "quota_exceeded",
        "not_found": "no_match",
    },
    statuses={"insufficient_credits": 403, "quota_exceeded": 403},
)

# The routes seed 004 documents. POST /api/v1/enrich is shared with seed 002: its router
# switches to the default dialect when the body is a 002 bulk job.
register_dialect(r"/api/health|/api/v1/me|/api/v1/usage", DATA_API)
register_dialect(r"/api/v1/enrich(/batch)?", DATA_API, methods={"POST"})
register_dialect(r"/api/v1/search/.*", DATA_API)
