"""Mounting the dashboard on the API's FastAPI app: pages, static files, HTML errors."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from leadsmith.config import get_settings
from leadsmith.errors import LeadsmithError
from leadsmith.web.deps import LoginRequired, PageError, load_viewer
from leadsmith.web.render import STATIC_DIR, render
from leadsmith.web.sign_in_limits import SignInThrottle

log = logging.getLogger(__name__)

ROUTE_MODULES = (
    "auth",
    "overview",
    "keys",
    "webhooks",
    "billing",
    "providers",
    "history",
    "search",
    "lists",
    "enrich",
    "verify",
)
# Paths that belong to the API, its documents and agents: they keep the JSON envelope.
NOT_DASHBOARD = ("/api/", "/v1/", "/mcp", "/skills", "/docs", "/redoc", "/openapi.json")

# No dashboard form needs more (the largest upload is 5 MB, sent twice at most as a preview);
# enforced while reading, so a body without a true Content-Length is cut off too.
MAX_PAGE_BODY = 16 * 1024 * 1024

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
    " frame-ancestors 'none'; form-action 'self'"
)
_SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def is_dashboard_path(path: str) -> bool:
    return not path.startswith(NOT_DASHBOARD)


class DashboardHeaders:
    """Security headers on every dashboard response; pages are never cached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        if scope["type"] != "http" or not is_dashboard_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        started = False
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_PAGE_BODY:
                    raise _too_large()
            return message

        async def wrapped(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        try:
            declared = _content_length(scope)
            if declared is not None and declared > MAX_PAGE_BODY:
                raise _too_large()
            await self.app(scope, limited, wrapped)
        except LeadsmithError as err:
            if started:
                raise
            page = html_error_page(Request(scope), err) or error_page(
                Request(scope), err.status, *_FRIENDLY[500]
            )
            await page(scope, receive, wrapped)
        except Exception:
            if started:
                raise
            # A person gets a page, not the API's JSON envelope (which the gateway would send).
            log.exception("unhandled error on %s %s", scope["method"], scope["path"])
            title, message = _FRIENDLY[500]
            await error_page(Request(scope), 500, title, message)(scope, receive, wrapped)


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key.lower() == b"content-length":
            return int(value) if value.isdigit() else None
    return None


def _too_large() -> LeadsmithError:
    return LeadsmithError(
        f"The upload is larger than {MAX_PAGE_BODY // (1024 * 1024)} MB; split the file and"
        " upload the parts one by one.",
        code="invalid_input",
        status=413,
        summary="Upload too large",
    )


_FRIENDLY = {
    400: ("Something in the form was not right", "Go back, check the fields and try again."),
    403: ("Not allowed", "You do not have access to this."),
    404: (
        "Page not found",
        "There is nothing at this address. Check the link, or start again from the overview.",
    ),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("Upload too large", "The file is larger than the dashboard accepts."),
    429: ("Too many requests", "Wait a minute, then try again."),
    500: ("Something went wrong", "Something went wrong on our side. Try again in a moment."),
}


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    viewer = getattr(request.state, "viewer", None)
    context = {"status_code": status, "title": title, "message": message}
    return render(request, viewer, "error.html", status=status, **context)


def html_error_page(request: Request, err: LeadsmithError) -> Response | None:
    """An HTML error page for dashboard paths; None leaves API paths to the JSON envelope."""
    if not is_dashboard_path(request.url.path):
        return None
    title, default = _FRIENDLY.get(err.status, ("Something went wrong", "Try again."))
    # Route-not-found messages point at /openapi.json: meant for API clients, not people.
    message = default if err.status in (404, 405, 500) else err.message or default
    response = error_page(request, err.status, title, message)
    if err.headers:
        response.headers.update(err.headers)
    return response


def install_dashboard(app: FastAPI) -> None:
    """Mount the dashboard's static files and pages on `app`; call once, after the API."""
    app.state.sign_in_throttle = SignInThrottle(get_settings().redis_url)
    app.state.html_error_page = html_error_page
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"leadsmith.web.routes.{name}")
        app.include_router(module.router, include_in_schema=False)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        if getattr(request.state, "viewer", None) is None and exc.status == 404:
            request.state.viewer = await load_viewer(request)
        response = error_page(request, exc.status, exc.title, exc.message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    app.add_middleware(DashboardHeaders)
