"""Sign-in, sign-out and the sandbox/live switch."""

from __future__ import annotations

import asyncio
import hmac
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import delete, select

from leadsmith.accounts.models import DashboardSession, User
from leadsmith.accounts.secrets import token_hash
from leadsmith.accounts.service import hash_password, verify_password
from leadsmith.api.authenticate import SESSION_COOKIE
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.web.deps import (
    LIVE,
    MODE_COOKIE,
    SANDBOX,
    CsrfDep,
    PageError,
    csrf_refused,
    load_viewer,
)
from leadsmith.web.render import flash, is_https, redirect, render, safe_next
from leadsmith.web.sign_in_limits import SignInThrottle

router = APIRouter()

SESSION_DAYS = 14
LOGIN_CSRF_COOKIE = "ls_login_csrf"
# Checked when the email matches no user, so a miss costs as long as a wrong password.
_DUMMY_HASH = hash_password("not-a-real-password-0123456789")


def _login_csrf(request: Request) -> tuple[str, bool]:
    """The sign-in form's CSRF token (double-submit cookie) and whether it is new."""
    existing = request.cookies.get(LOGIN_CSRF_COOKIE)
    if existing and 20 <= len(existing) <= 100:
        return existing, False
    return secrets.token_urlsafe(32), True


def _login_page(
    request: Request, *, email: str = "", next_path: str = "/", status: int = 200
) -> Response:
    token, new = _login_csrf(request)
    request.state.login_csrf = token
    response = render(request, None, "login.html", status=status, email=email, next_path=next_path)
    if new:
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            token,
            max_age=3600,
            httponly=True,
            samesite="lax",
            secure=is_https(request),
            path="/login",
        )
    return response


@router.get("/login")
async def login_form(request: Request, next: str | None = None) -> Response:
    if await load_viewer(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_path=safe_next(next))


@router.post("/login")
async def login(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not csrf_token or not hmac.compare_digest(cookie, csrf_token):
        raise csrf_refused()
    email = email.strip().lower()
    address = request.client.host if request.client else "unknown"
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    refusal = await throttle.check(email, address)
    if refusal is not None:
        raise PageError(
            429,
            "Too many sign-in attempts",
            f"There were too many failed sign-in attempts. Wait {refusal.retry_after} seconds,"
            " then try again.",
            headers={"Retry-After": str(refusal.retry_after)},
        )
    async with read_scope() as session:
        user = (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()
    # argon2 is deliberately slow: keep it off the event loop.
    ok = await asyncio.to_thread(
        verify_password, user.password_hash if user else _DUMMY_HASH, password
    )
    if user is None or not ok:
        await throttle.failed(email, address)
        flash(request, "error", "That email and password do not match. Try again.")
        return _login_page(request, email=email, next_path=safe_next(next), status=400)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    async with session_scope() as session:
        # Expired sessions of this user are of no use to anyone.
        await session.execute(
            delete(DashboardSession).where(
                DashboardSession.user_id == user.id, DashboardSession.expires_at <= now
            )
        )
        session.add(
            DashboardSession(
                token_hash=token_hash(token),
                csrf_token=secrets.token_urlsafe(32),
                user_id=user.id,
                workspace_id=user.workspace_id,
                expires_at=now + timedelta(days=SESSION_DAYS),
            )
        )
    response = redirect(request, safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, viewer: CsrfDep) -> Response:
    async with session_scope() as session:
        await session.execute(
            delete(DashboardSession).where(DashboardSession.id == viewer.session_id)
        )
    response = redirect(request, "/login")
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    flash(response, "info", "You are signed out.")
    return response


@router.post("/mode")
async def switch_mode(
    request: Request,
    viewer: CsrfDep,
    mode: Annotated[str, Form()] = SANDBOX,
    next: Annotated[str, Form()] = "/",
) -> Response:
    mode = LIVE if mode == LIVE else SANDBOX
    response = redirect(request, safe_next(next))
    response.set_cookie(
        MODE_COOKIE,
        mode,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
        path="/",
    )
    if mode == LIVE:
        flash(
            response,
            "warning",
            "Live mode: searches and look-ups now use real sources and spend credits.",
        )
    else:
        flash(response, "info", "Sandbox mode: synthetic data, nothing is charged.")
    return response


@router.get("/dashboard/{rest:path}")
async def old_dashboard_paths(rest: str) -> Response:
    """The API's error envelope links to /dashboard/billing; the pages live at the root."""
    return RedirectResponse(safe_next("/" + rest.lstrip("/")), status_code=308)
