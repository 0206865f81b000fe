"""Rendering dashboard pages: the Jinja environment, its filters, and flash messages.

Flash messages (and secrets shown once, such as a new API key) travel from a POST to
the GET it redirects to in a short-lived cookie sealed with AES-GCM under a key derived
from the server secret: HttpOnly, never readable or forgeable by the page, and deleted
by the first page that shows it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from leadsmith import __version__
from leadsmith.accounts.secrets import server_secret
from leadsmith.web.deps import Viewer

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"
FLASH_COOKIE = "ls_flash"
FLASH_MAX_AGE = 120  # seconds: long enough for one redirect, short enough to forget
FLASH_KINDS = frozenset({"success", "error", "info", "warning"})

# (label, path, nav key): the order of the navigation.
NAV: tuple[tuple[str, str, str], ...] = (
    ("Overview", "/", "overview"),
    ("Search", "/search", "search"),
    ("Lists", "/lists", "lists"),
    ("Enrich CSV", "/enrich", "enrich"),
    ("Verify", "/verify", "verify"),
    ("API keys", "/keys", "keys"),
    ("Webhooks", "/webhooks", "webhooks"),
    ("Billing", "/billing", "billing"),
    ("Providers", "/providers", "providers"),
    ("History", "/history", "history"),
)
_NAV_BY_SEGMENT = {path.strip("/"): key for _, path, key in NAV}
_NAV_BY_SEGMENT["contacts"] = "lists"
_NAV_BY_SEGMENT["suppression"] = "lists"


@dataclass(frozen=True, slots=True)
class Flash:
    kind: str  # success | error | info | warning
    text: str


@dataclass(frozen=True, slots=True)
class Reveal:
    """A secret shown once, right after it was made (an API key, a webhook secret)."""

    label: str
    value: str


# -- filters --


def format_datetime(value: datetime | date | None) -> str:
    """UTC, minutes: 2026-11-22 18:40; an em dash for nothing."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def format_credits(value: Decimal | int | float | str | None) -> str:
    """Credits exactly as the ledger holds them: 1,234.5 (no float rounding)."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return f"{amount.quantize(Decimal(1)):,}"
    text = f"{amount.normalize():,f}"
    return text


def format_number(value: int | float | Decimal | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


# -- the environment --


@lru_cache(maxsize=1)
def _asset_version() -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_mtime_ns).encode())
    return digest.hexdigest()[:10]


def asset(path: str) -> str:
    """URL of a static file, versioned so browsers fetch a new release's copy."""
    return f"/static/{path}?v={_asset_version()}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=os.environ.get("LEADSMITH_ENV", "development") == "development",
    )
    env.filters["datetime"] = format_datetime
    env.filters["credits"] = format_credits
    env.filters["number"] = format_number
    env.globals["asset"] = asset
    env.globals["NAV"] = NAV
    env.globals["version"] = __version__
    return env


# -- flash messages --


def _flash_key() -> bytes:
    return hmac.new(server_secret(), b"leadsmith/dashboard-flash", hashlib.sha256).digest()


def _seal(payload: dict[str, Any]) -> str:
    nonce = os.urandom(12)
    data = AESGCM(_flash_key()).encrypt(nonce, json.dumps(payload).encode(), b"flash")
    return base64.urlsafe_b64encode(nonce + data).decode("ascii").rstrip("=")


def _open(value: str) -> dict[str, Any] | None:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = AESGCM(_flash_key()).decrypt(raw[:12], raw[12:], b"flash")
        payload = json.loads(data)
    except (ValueError, InvalidTag):
        return None
    return payload if isinstance(payload, dict) else None


def _pending(target: Response) -> dict[str, Any]:
    payload: dict[str, Any] | None = getattr(target, "_leadsmith_flash", None)
    if payload is None:
        payload = {"messages": [], "reveal": None}
        target._leadsmith_flash = payload  # type: ignore[attr-defined]
    return payload


def _store(target: Response, payload: dict[str, Any], *, secure: bool) -> None:
    # Replace the cookie this response already sets, if any: one Set-Cookie per name.
    target.raw_headers = [
        (k, v)
        for k, v in target.raw_headers
        if not (k == b"set-cookie" and v.startswith(FLASH_COOKIE.encode() + b"="))
    ]
    target.set_cookie(
        FLASH_COOKIE,
        _seal(payload),
        max_age=FLASH_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def flash(target: Response | Request, kind: str, text: str) -> None:
    """Queue a message: on a redirect for the next page, on a request for this page."""
    if kind not in FLASH_KINDS:
        raise ValueError(f"unknown flash kind {kind!r}")
    if isinstance(target, Request):
        messages: list[Flash] = getattr(target.state, "flashes", [])
        messages.append(Flash(kind, text))
        target.state.flashes = messages
        return
    payload = _pending(target)
    payload["messages"].append([kind, text])
    _store(target, payload, secure=getattr(target, "_leadsmith_secure", False))


def reveal_once(target: Response, label: str, value: str) -> None:
    """Show `value` (a new key or secret) on the next page only."""
    payload = _pending(target)
    payload["reveal"] = [label, value]
    _store(target, payload, secure=getattr(target, "_leadsmith_secure", False))


def is_https(request: Request) -> bool:
    """Whether the browser reached us over https (cookies then get the Secure flag)."""
    # No trusted-proxy setting exists, so X-Forwarded-Proto is not believed here; uvicorn's
    # --proxy-headers (trusted addresses only) already rewrites the scheme it reports.
    return request.url.scheme == "https"


def redirect(request: Request, url: str) -> RedirectResponse:
    """A 303 to `url` (post/redirect/get); flash() onto it for the next page."""
    response = RedirectResponse(url, status_code=303)
    response._leadsmith_secure = is_https(request)  # type: ignore[attr-defined]
    return response


def safe_next(target: str | None) -> str:
    """A same-site path to go back to after sign-in; anything else becomes /."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(c in target for c in "\r\n\t") or "://" in target.split("?", 1)[0]:
        return "/"
    return target


def _read_flash(request: Request) -> tuple[list[Flash], Reveal | None, bool]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return [], None, False
    payload = _open(raw) or {}
    messages = [
        Flash(str(k), str(t)) for k, t in payload.get("messages") or [] if str(k) in FLASH_KINDS
    ]
    found = payload.get("reveal")
    reveal = Reveal(str(found[0]), str(found[1])) if found else None
    return messages, reveal, True


FRAGMENT_HEADER = "x-leadsmith-fragment"


def layout_for(request: Request) -> str:
    """`{% extends layout %}` in a fragment template: bare for app.js's polling, else a page."""
    return "_fragment.html" if request.headers.get(FRAGMENT_HEADER) == "1" else "base.html"


def active_nav_for(path: str) -> str:
    segment = path.strip("/").split("/", 1)[0]
    return _NAV_BY_SEGMENT.get(segment, "overview" if not segment else "")


def render(
    request: Request,
    viewer: Viewer | None,
    template: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render `template` with the viewer, CSRF token, navigation state and flash messages."""
    messages, reveal, had_cookie = _read_flash(request)
    messages += list(getattr(request.state, "flashes", []))
    csrf = viewer.csrf_token if viewer else getattr(request.state, "login_csrf", "")
    values: dict[str, Any] = {
        "request": request,
        "viewer": viewer,
        "csrf_token": csrf,
        "active_nav": active_nav_for(request.url.path),
        "flashes": messages,
        "reveal": reveal,
    }
    values.update(context)
    html = environment().get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    if had_cookie:
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax")
    return response
