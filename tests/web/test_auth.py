"""Signing in and out: passwords, session cookies, throttling, the sign-in page itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from leadsmith.accounts.models import DashboardSession
from leadsmith.accounts.secrets import token_hash
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.web.sign_in_limits import (
    PER_ADDRESS_PER_MINUTE,
    PER_EMAIL_PER_MINUTE,
    SignInThrottle,
)
from tests.web.conftest import (
    DashboardUser,
    DashboardUserFactory,
    _client,
    csrf_from,
    open_page,
    sign_in,
)


async def _attempt(client: httpx.AsyncClient, email: str, password: str, **extra: str) -> Any:
    form = await client.get("/login")
    data = {"email": email, "password": password, "csrf_token": csrf_from(form.text), **extra}
    return await client.post("/login", data=data)


async def _sessions_of(user_id: str) -> list[DashboardSession]:
    async with read_scope() as session:
        rows = await session.execute(
            select(DashboardSession).where(DashboardSession.user_id == user_id)
        )
        return list(rows.scalars())


async def test_wrong_password_is_refused_without_a_session(
    anon_client: httpx.AsyncClient, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    r = await _attempt(anon_client, user.email, "not the password")
    assert r.status_code == 400
    assert "That email and password do not match" in r.text
    assert "ls_session" not in r.headers.get("set-cookie", "")
    assert await _sessions_of(user.user_id) == []
    # An unknown email gets the very same answer.
    r = await _attempt(anon_client, "nobody@example.com", "whatever123")
    assert r.status_code == 400 and "do not match" in r.text


async def test_sign_in_sets_a_strict_session_cookie_and_goes_to_next(
    anon_client: httpx.AsyncClient, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    r = await _attempt(anon_client, user.email.upper(), user.password, next="/billing")
    assert r.status_code == 303 and r.headers["location"] == "/billing"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("ls_session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    assert "secure" not in flags  # served over plain http here
    assert f"max-age={14 * 24 * 3600}" in flags
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    (stored,) = await _sessions_of(user.user_id)
    # Only the HMAC of the cookie is stored, and the session lasts 14 days.
    assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    assert timedelta(days=13, hours=23) < stored.expires_at - utcnow() <= timedelta(days=14)


async def test_cookie_is_secure_over_https(
    web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    transport = httpx.ASGITransport(app=web_app, client=("10.9.9.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        r = await _attempt(c, user.email, user.password)
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("ls_session="))
    assert "secure" in {part.strip().lower() for part in cookie.split(";")}


async def test_next_never_leaves_the_site(
    anon_client: httpx.AsyncClient, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        anon_client.cookies.clear()
        r = await _attempt(anon_client, user.email, user.password, next=target)
        assert r.status_code == 303 and r.headers["location"] == "/"


async def test_unauthenticated_pages_redirect_to_sign_in(anon_client: httpx.AsyncClient) -> None:
    r = await anon_client.get("/keys")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/keys"
    r = await anon_client.get("/history?status=4xx")
    assert r.headers["location"] == "/login?next=/history%3Fstatus%3D4xx"
    r = await anon_client.get("/")
    assert r.status_code == 303 and r.headers["location"] == "/login"
    r = await anon_client.post("/keys", data={"name": "x"})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    page = await anon_client.get("/login")
    assert page.status_code == 200 and "<form" in page.text and 'type="password"' in page.text


async def test_sign_out_deletes_the_session(
    web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    async with _client(web_app) as c:
        csrf = await sign_in(c, user)
        cookie = c.cookies["ls_session"]
        assert (await c.get("/api/v1/me")).status_code == 200  # the cookie is an API credential
        r = await c.post("/logout", data={"csrf_token": csrf})
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert "You are signed out" in (await c.get("/login")).text
    assert await _sessions_of(user.user_id) == []
    # The old cookie, replayed, opens nothing: neither pages nor the API.
    async with _client(web_app) as stale:
        stale.cookies.set("ls_session", cookie)
        r = await stale.get("/keys")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")
        assert (await stale.get("/api/v1/me")).status_code == 401


async def test_expired_session_is_signed_out(
    web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    async with _client(web_app) as c:
        await sign_in(c, user)
        async with session_scope() as session:
            await session.execute(
                update(DashboardSession)
                .where(DashboardSession.user_id == user.user_id)
                .values(expires_at=utcnow() - timedelta(seconds=1))
            )
        r = await c.get("/billing")
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/billing"


@pytest.fixture
def small_throttle(web_app: FastAPI) -> Iterator[None]:
    """Limits of 3 per email and 4 per address, so the tests need few slow password checks."""
    real = web_app.state.sign_in_throttle
    web_app.state.sign_in_throttle = SignInThrottle(None, per_email=3, per_address=4)
    yield
    web_app.state.sign_in_throttle = real


def test_default_limits_are_five_per_email_and_twenty_per_address(web_app: FastAPI) -> None:
    assert (PER_EMAIL_PER_MINUTE, PER_ADDRESS_PER_MINUTE) == (5, 20)
    assert isinstance(web_app.state.sign_in_throttle, SignInThrottle)


@pytest.mark.usefixtures("small_throttle")
async def test_sign_in_is_throttled_per_email(
    anon_client: httpx.AsyncClient, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    for _ in range(3):
        assert (await _attempt(anon_client, user.email, "wrong-password")).status_code == 400
    # Now even the right password waits: the limit is on attempts, not on luck.
    r = await _attempt(anon_client, user.email, user.password)
    assert r.status_code == 429
    assert r.headers["content-type"].startswith("text/html")
    assert "Too many sign-in attempts" in r.text and int(r.headers["retry-after"]) > 0
    assert await _sessions_of(user.user_id) == []


@pytest.mark.usefixtures("small_throttle")
async def test_sign_in_is_throttled_per_address(
    anon_client: httpx.AsyncClient, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    for n in range(4):
        r = await _attempt(anon_client, f"guess-{n}@example.com", "wrong-password")
        assert r.status_code == 400
    r = await _attempt(anon_client, user.email, user.password)
    assert r.status_code == 429 and "Wait" in r.text


async def test_sign_in_form_needs_its_csrf_token(
    anon_client: httpx.AsyncClient, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user()
    await anon_client.get("/login")
    r = await anon_client.post("/login", data={"email": user.email, "password": user.password})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert await _sessions_of(user.user_id) == []


async def test_mode_switch_between_sandbox_and_live(web_client: httpx.AsyncClient) -> None:
    page = await web_client.get("/")
    assert "Sandbox data — nothing is charged" in page.text
    r = await web_client.post(
        "/mode",
        data={"csrf_token": web_client.csrf, "mode": "live", "next": "/billing"},  # type: ignore[attr-defined]
    )
    assert r.status_code == 303 and r.headers["location"] == "/billing"
    page = await web_client.get("/billing")
    assert "Live mode." in page.text and "Sandbox data" not in page.text
    await web_client.post("/mode", data={"csrf_token": web_client.csrf, "mode": "sandbox"})  # type: ignore[attr-defined]
    assert "Sandbox data — nothing is charged" in (await web_client.get("/")).text


def test_sign_in_and_out_in_the_browser(
    browser: Any, live_server: str, browser_user: DashboardUser
) -> None:
    problems: list[str] = []
    context, page = open_page(browser, live_server, problems, width=375, height=740)
    try:
        page.goto("/history")
        assert page.url == f"{live_server}/login?next=/history"
        page.get_by_label("Email").fill(browser_user.email)
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_role("alert").inner_text().startswith("That email and password")
        # The refused sign-in is a 400 page, which Chromium notes in the console; that one
        # message is expected, anything else is a fault.
        assert problems == [
            "console error: Failed to load resource:"
            " the server responded with a status of 400 (Bad Request)"
        ]
        problems.clear()
        page.get_by_label("Password").fill(browser_user.password)
        page.get_by_label("Password").press("Enter")
        page.wait_for_url(f"{live_server}/history")
        assert page.get_by_role("heading", name="History").is_visible()
        # Keyboard first: the first Tab lands on the skip link, which moves focus to the page.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        # At phone width (375 px) the navigation wraps: nothing spills sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.get_by_role("link", name="Webhooks").is_visible()
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{live_server}/login")
        assert page.get_by_text("You are signed out").is_visible()
        page.goto("/keys")
        assert page.url.startswith(f"{live_server}/login")
    finally:
        context.close()
    assert not problems, problems
