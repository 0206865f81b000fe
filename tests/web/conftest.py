"""Dashboard fixtures: signed-in HTTP clients, a live server and a real browser.

The browser is Playwright's *sync* API on Debian's Chromium. Between its calls Playwright
marks its own event loop as the thread's running loop, which would stop pytest-asyncio
from running any async fixture or test afterwards; so its loop is marked running only
while a browser fixture or a test that uses the browser runs (see `_browser_turn`).

The live server runs in a subprocess on the suite's database: it works its job queues
with a DBOS runtime of its own (its own SQLite system database), so it never clashes
with the runtimes other test modules start in this process.
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.accounts.models import User
from leadsmith.accounts.service import (
    create_user,
    get_or_create_workspace,
    hash_password,
    update_workspace,
)
from leadsmith.billing import ledger
from leadsmith.db.engine import dispose_engines, session_scope

# Debian's chromium (Playwright's own browser download does not work offline).
CHROMIUM = (
    os.environ.get("LEADSMITH_TEST_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
PASSWORD = "correct horse battery"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True, slots=True)
class DashboardUser:
    email: str
    password: str
    workspace_id: str
    workspace: str
    user_id: str


DashboardUserFactory = Callable[..., Awaitable[DashboardUser]]


async def make_dashboard_user(
    *,
    plan: str = "pro",
    password: str = PASSWORD,
    email: str | None = None,
    credits: Decimal | int | None = None,
) -> DashboardUser:
    """A fresh workspace with its period grant and one user who can sign in."""
    tag = uuid.uuid4().hex[:10]
    email = email or f"user-{tag}@example.com"
    async with session_scope() as session:
        ws = await get_or_create_workspace(session, f"web-{tag}")
        update_workspace(ws, plan=plan)
        await ledger.ensure_period_grant(session, ws)
        if credits is not None:
            current = await ledger.get_balance(session, ws.id)
            await ledger.grant(session, ws.id, Decimal(credits) - current.balance, operation="test")
        if password == PASSWORD:
            # The shared test password is hashed once per run: argon2 is slow on purpose.
            user = User(email=email, password_hash=_shared_hash(), workspace_id=ws.id)
            session.add(user)
            await session.flush()
        else:
            user = await create_user(session, email, password, ws)
        return DashboardUser(user.email, password, ws.id, ws.name, user.id)


@functools.lru_cache(maxsize=1)
def _shared_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def dashboard_user() -> DashboardUserFactory:
    """Async factory: `await dashboard_user()` makes a new workspace and user."""
    return make_dashboard_user


def csrf_from(html: str) -> str:
    """The first CSRF token in a page's forms."""
    found = _CSRF_FIELD.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


async def sign_in(client: httpx.AsyncClient, user: DashboardUser) -> str:
    """Sign `client` in through the real form; returns the session's CSRF token."""
    form = await client.get("/login")
    assert form.status_code == 200
    r = await client.post(
        "/login",
        data={"email": user.email, "password": user.password, "csrf_token": csrf_from(form.text)},
    )
    assert r.status_code == 303, r.text[:500]
    home = await client.get("/")
    assert home.status_code == 200, home.text[:500]
    return csrf_from(home.text)


@pytest.fixture(scope="session")
async def web_app() -> AsyncIterator[FastAPI]:
    """The whole app (API and dashboard) without a job runtime, shared by the session."""
    from leadsmith.api.app import create_app

    application = create_app(run_jobs=False)
    async with application.router.lifespan_context(application):
        yield application
    await dispose_engines()


def _client(app: FastAPI, address: str | None = None) -> httpx.AsyncClient:
    # A client address of its own, so sign-in throttling never spills between tests.
    address = (
        address or f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    )
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def anon_client(web_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client that is not signed in."""
    async with _client(web_app) as c:
        yield c


@pytest.fixture
async def web_client(web_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Signed in as a fresh user; `.csrf` is the session's token, `.user` the DashboardUser."""
    user = await make_dashboard_user()
    async with _client(web_app) as c:
        c.csrf = await sign_in(c, user)  # type: ignore[attr-defined]
        c.user = user  # type: ignore[attr-defined]
        yield c


# -- the live server --


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_SERVE = (
    "import sys, uvicorn\n"
    "from leadsmith.api.app import create_app\n"
    "uvicorn.run(create_app(run_jobs=True), host='127.0.0.1', port=int(sys.argv[1]),"
    " log_level='warning')\n"
)


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """A real server on 127.0.0.1:<free port> on the suite's database, working its jobs."""
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="leadsmith-live-"))
    env = dict(os.environ)
    env["LEADSMITH_JOBS_SYSTEM_DATABASE_URL"] = f"sqlite:///{folder / 'jobs.sqlite'}"
    env["LEADSMITH_JOBS_IN_PROCESS"] = "1"
    env["LEADSMITH_BASE_URL"] = f"http://127.0.0.1:{port}"
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"live server exited:\n{log_path.read_text()[-3000:]}")
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"live server did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


# -- the browser --


class _BrowserLoop:
    loop: asyncio.AbstractEventLoop | None = None


@contextmanager
def _browser_turn() -> Iterator[None]:
    """Mark Playwright's loop as running (as its sync API expects) just for a while."""
    if _BrowserLoop.loop is None:
        yield
        return
    asyncio._set_running_loop(_BrowserLoop.loop)
    try:
        yield
    finally:
        asyncio._set_running_loop(None)


def _uses_browser(item: pytest.Item) -> bool:
    names = getattr(item, "fixturenames", ())
    return "page" in names or "browser" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    if _uses_browser(item):
        with _browser_turn():
            return (yield)
    return (yield)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session.

    Without Chromium the browser tests are skipped on a developer's machine, but fail
    where `LEADSMITH_TEST_REQUIRE_BROWSER=1` says they must run (CI sets it).
    """
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium) for the browser tests"
        if os.environ.get("LEADSMITH_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    manager = sync_playwright()
    playwright = manager.start()
    _BrowserLoop.loop = asyncio._get_running_loop()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    finally:
        asyncio._set_running_loop(None)
    yield chromium
    with _browser_turn():
        chromium.close()
        playwright.stop()
    _BrowserLoop.loop = None
    asyncio._set_running_loop(None)


def open_page(
    browser: Any, base_url: str, problems: list[str], width: int = 1280, height: int = 900
) -> tuple[Any, Any]:
    """A new context and page; console errors and uncaught page errors go to `problems`."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    context.set_default_timeout(5000)
    page = context.new_page()

    def on_console(msg: Any) -> None:
        if msg.type == "error":
            problems.append(f"console {msg.type}: {msg.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    return context, page


@pytest.fixture
async def browser_user() -> DashboardUser:
    """The user the `page` fixture signs in as."""
    return await make_dashboard_user()


@pytest.fixture
def page(browser: Any, live_server: str, browser_user: DashboardUser) -> Iterator[Any]:
    """A fresh browser context signed in through the real form as `browser_user`.

    The test fails if the page logged any console error or threw an uncaught error.
    """
    problems: list[str] = []
    with _browser_turn():
        context, page = open_page(browser, live_server, problems)
        page.goto("/login")
        page.get_by_label("Email").fill(browser_user.email)
        page.get_by_label("Password").fill(browser_user.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(live_server + "/")
    yield page
    with _browser_turn():
        context.close()
    assert not problems, "the page logged errors:\n" + "\n".join(problems)
