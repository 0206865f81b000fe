"""Who is looking at the dashboard: the signed-in viewer, the CSRF check, the mode."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import DashboardSession, User, Workspace
from leadsmith.accounts.scopes import ALL_SCOPES
from leadsmith.accounts.secrets import token_hash
from leadsmith.api.authenticate import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE
from leadsmith.api.principal import Principal
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope

MODE_COOKIE = "ls_mode"
SANDBOX, LIVE = "sandbox", "live"


class LoginRequired(Exception):
    """No live session: the browser is sent to the sign-in page."""

    def __init__(self, next_path: str | None) -> None:
        super().__init__("sign-in required")
        self.next_path = next_path

    @property
    def location(self) -> str:
        if not self.next_path or self.next_path == "/":
            return "/login"
        return "/login?next=" + quote(self.next_path, safe="/")


class PageError(Exception):
    """An error shown to a person as an HTML page (404, 403, 429, ...)."""

    def __init__(
        self, status: int, title: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message
        self.headers = headers or {}


def page_not_found(what: str = "page") -> PageError:
    """The 404 for a record that does not exist or belongs to another workspace."""
    return PageError(404, "Not found", f"We could not find that {what}. It may have been deleted.")


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, their workspace and the mode the browser is in."""

    user_id: str
    email: str
    workspace_id: str
    workspace_name: str
    csrf_token: str
    sandbox: bool
    session_id: str = ""

    @property
    def principal(self) -> Principal:
        """The same caller the API would see: every scope; sandbox acts as a test key."""
        return Principal(
            workspace_id=self.workspace_id,
            scopes=frozenset(ALL_SCOPES),
            test=self.sandbox,
            via="session",
            user_id=self.user_id,
        )


def mode_is_sandbox(request: Request) -> bool:
    """Sandbox unless the browser chose live: a new browser never spends credits."""
    return request.cookies.get(MODE_COOKIE) != LIVE


async def load_viewer(request: Request) -> Viewer | None:
    """The viewer of the request's session cookie, or None when it is missing or expired."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    async with read_scope() as session:
        row = (
            await session.execute(
                select(DashboardSession, User.email, Workspace.name)
                .join(User, User.id == DashboardSession.user_id)
                .join(Workspace, Workspace.id == DashboardSession.workspace_id)
                .where(DashboardSession.token_hash == token_hash(cookie))
            )
        ).first()
    if row is None:
        return None
    record, email, workspace_name = row
    if record.expires_at <= utcnow():
        return None
    return Viewer(
        user_id=record.user_id,
        email=email,
        workspace_id=record.workspace_id,
        workspace_name=workspace_name,
        csrf_token=record.csrf_token,
        sandbox=mode_is_sandbox(request),
        session_id=record.id,
    )


async def current_viewer(request: Request) -> Viewer:
    """Dependency: the viewer, or a redirect to sign-in (GET keeps the page to come back to)."""
    viewer = getattr(request.state, "viewer", None)
    if viewer is None:
        viewer = await load_viewer(request)
    if viewer is None:
        next_path = None
        if request.method in SAFE_METHODS:
            next_path = request.url.path
            if request.url.query:
                next_path += "?" + request.url.query
        raise LoginRequired(next_path)
    request.state.viewer = viewer
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


async def presented_csrf(request: Request) -> str:
    """The CSRF token the request carries: the X-CSRF-Token header or the form field."""
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf_token")
        if isinstance(value, str):
            return value
    return ""


def csrf_refused() -> PageError:
    return PageError(
        403,
        "This form has expired",
        "The form was missing its security token, or it came from another site. Nothing was"
        " changed. Go back, reload the page and try again.",
    )


async def require_csrf(request: Request, viewer: ViewerDep) -> Viewer:
    """Dependency for every POST: the session's CSRF token must come with the request."""
    token = await presented_csrf(request)
    if not token or not hmac.compare_digest(token.encode(), viewer.csrf_token.encode()):
        raise csrf_refused()
    return viewer


CsrfDep = Annotated[Viewer, Depends(require_csrf)]


async def workspace_of(session: AsyncSession, viewer: Viewer) -> Workspace:
    """The viewer's workspace, loaded in `session` (for pages that read or change it)."""
    workspace = await session.get(Workspace, viewer.workspace_id, populate_existing=True)
    if workspace is None:  # deleted while signed in
        raise LoginRequired(None)
    return workspace
