"""FastAPI dependencies: the caller, scopes, a database session, the workspace."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.api.dialects import ErrorDialect
from leadsmith.api.principal import Principal
from leadsmith.billing.prices import to_millis
from leadsmith.db.engine import get_sessionmaker, read_scope
from leadsmith.errors import NotFound, ScopeDenied


# Dependencies are `async def` even when they do no I/O: FastAPI runs plain `def`
# dependencies in a worker thread, a hop that costs more than the check itself.
async def get_principal(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    if principal is None:  # the gateway authenticates every API path
        raise RuntimeError("route is not behind the API gateway")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


async def get_session() -> AsyncIterator[AsyncSession]:
    async with get_sessionmaker()() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# scope="function": the transaction commits when the route returns, before the response
# is sent, so a client never hears of a write that is not yet (or never) committed.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_read_session() -> AsyncIterator[AsyncSession]:
    async with read_scope() as session:
        yield session


# For routes that only read: on SQLite they never queue behind writers.
ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]


def scope_denied(scopes: tuple[str, ...]) -> ScopeDenied:
    """The refusal for a key that has none of `scopes` (the API and MCP say the same)."""
    return ScopeDenied(
        f"This key lacks the '{scopes[0]}' scope"
        + (f" (or '{scopes[1]}')" if len(scopes) > 1 else "")
        + "; create a key with it or ask an admin to widen this one.",
        summary="Scope denied",
    )


def require_scope(*scopes: str) -> Callable[[Principal], Awaitable[Principal]]:
    """Dependency: the caller's key must have at least one of `scopes`."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.scopes.intersection(scopes):
            raise scope_denied(scopes)
        return principal

    return check


async def get_workspace(principal: CurrentPrincipal, session: SessionDep) -> Workspace:
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    return workspace


CurrentWorkspace = Annotated[Workspace, Depends(get_workspace)]


async def get_workspace_readonly(principal: CurrentPrincipal, session: ReadSessionDep) -> Workspace:
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    return workspace


ReadWorkspace = Annotated[Workspace, Depends(get_workspace_readonly)]


def use_dialect(request: Request, dialect: ErrorDialect) -> None:
    """Word this request's errors in `dialect` (for routes shared by two contracts)."""
    request.state.dialect = dialect


def note_credits(request: Request, amount: object) -> None:
    """Add to the credits this request charged (for the History page)."""
    from decimal import Decimal

    millis = to_millis(Decimal(str(amount)))
    request.state.credits_millis = getattr(request.state, "credits_millis", 0) + millis
