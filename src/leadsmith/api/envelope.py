"""The one error envelope every error response uses (PRODUCT.md)."""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from http import HTTPStatus
from typing import Any

from leadsmith.api.dialects import dialect_for
from leadsmith.errors import LeadsmithError


def _summary(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(scope: MutableMapping[str, Any], err: LeadsmithError) -> tuple[int, dict[str, Any]]:
    """Status and JSON body for `err`, in the dialect of the request's contract."""
    code, status = dialect_for(scope).translate(err.code, err.status)
    body: dict[str, Any] = {
        "success": False,
        "error": err.summary or err.message or _summary(status),
        "code": code,
        "message": err.message,
        "request_id": scope.get("state", {}).get("request_id"),
    }
    if status == 402 or "cta_url" in err.extra:
        body.setdefault("cta_url", err.extra.get("cta_url", "/dashboard/billing"))
        body.setdefault("cta_label", err.extra.get("cta_label", "Top up"))
    for k, v in err.extra.items():
        body.setdefault(k, v)
    return status, body


def error_bytes(scope: MutableMapping[str, Any], err: LeadsmithError) -> tuple[int, bytes]:
    status, body = error_body(scope, err)
    return status, json.dumps(body, separators=(",", ":")).encode()
