"""Workspaces and users."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import User, Workspace
from leadsmith.billing.plans import PLANS, SUBSCRIPTION_STATUSES

_hasher = PasswordHasher()


async def get_workspace_by_name(session: AsyncSession, name: str) -> Workspace | None:
    return (
        await session.execute(select(Workspace).where(Workspace.name == name))
    ).scalar_one_or_none()


async def get_or_create_workspace(session: AsyncSession, name: str) -> Workspace:
    """The workspace called `name`, created on the Free plan if missing."""
    name = name.strip()
    if not name:
        raise ValueError("workspace name must not be empty")
    found = await get_workspace_by_name(session, name)
    if found is not None:
        return found
    workspace = Workspace(name=name)
    session.add(workspace)
    await session.flush()
    return workspace


def update_workspace(
    workspace: Workspace,
    *,
    plan: str | None = None,
    status: str | None = None,
    overage: bool | None = None,
    spend_cap: float | None = None,
    clear_spend_cap: bool = False,
) -> None:
    """Validate and apply plan/billing settings."""
    if plan is not None:
        if plan not in PLANS:
            raise ValueError(f"unknown plan {plan!r}; choose from {', '.join(PLANS)}")
        workspace.plan = plan
    if status is not None:
        if status not in SUBSCRIPTION_STATUSES:
            raise ValueError(
                f"unknown status {status!r}; choose from {', '.join(SUBSCRIPTION_STATUSES)}"
            )
        workspace.subscription_status = status
    if overage is not None:
        workspace.overage_enabled = overage
    if clear_spend_cap:
        workspace.spend_cap_millis = None
    elif spend_cap is not None:
        if spend_cap < 0:
            raise ValueError("spend cap must be zero or more credits per hour")
        workspace.spend_cap_millis = round(spend_cap * 1000)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def create_user(
    session: AsyncSession, email: str, password: str, workspace: Workspace
) -> User:
    """Create a dashboard user; emails are unique, passwords at least 8 characters."""
    email = email.strip().lower()
    if "@" not in email:
        raise ValueError("email must look like name@example.com")
    if len(password) < 8:
        raise ValueError("password must be at least 8 characters")
    exists = (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()
    if exists is not None:
        raise ValueError(f"a user with email {email} already exists")
    user = User(email=email, password_hash=hash_password(password), workspace_id=workspace.id)
    session.add(user)
    await session.flush()
    return user
