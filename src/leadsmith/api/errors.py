"""Exception handlers: every error, expected or not, leaves as the one envelope."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from leadsmith.api.envelope import error_body
from leadsmith.errors import LeadsmithError

log = logging.getLogger(__name__)


def _respond(request: Request, err: LeadsmithError) -> Response:
    # The dashboard (installed by leadsmith.web) answers people on its own paths with HTML.
    html_page = getattr(request.app.state, "html_error_page", None)
    if html_page is not None:
        page: Response | None = html_page(request, err)
        if page is not None:
            return page
    status, body = error_body(request.scope, err)
    return JSONResponse(body, status_code=status, headers=err.headers or None)


def describe_validation(exc: RequestValidationError) -> str:
    """One readable sentence per failing field, naming the field."""
    parts = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body", "query", "path", "header")]
        field = ".".join(loc) or "body"
        msg = e.get("msg", "is invalid")
        if e.get("type") == "missing":
            msg = "is required"
        elif e.get("type") == "json_invalid":
            field, msg = "body", "is not valid JSON"
        parts.append(f"{field}: {msg}")
    return "; ".join(parts) or "The request body is invalid."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LeadsmithError)
    async def _leadsmith(request: Request, exc: LeadsmithError) -> Response:
        return _respond(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        message = describe_validation(exc)
        return _respond(
            request,
            LeadsmithError(
                message, code="invalid_input", status=400, summary=f"Invalid request: {message}"
            ),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            err = LeadsmithError(
                f"No route {request.method} {request.url.path}; see /openapi.json.",
                code="not_found",
                status=404,
                summary="Not found",
            )
        elif exc.status_code == 405:
            err = LeadsmithError(
                f"{request.method} is not allowed on {request.url.path}.",
                code="method_not_allowed",
                status=405,
                summary="Method not allowed",
            )
        else:
            err = LeadsmithError(str(exc.detail), code="invalid_input", status=exc.status_code)
        response = _respond(request, err)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _respond(
            request,
            LeadsmithError(
                "Something went wrong on our side. Retry; an Idempotency-Key keeps it safe.",
                code="internal",
                status=500,
                summary="Internal error",
            ),
        )
