"""First start: a sandbox workspace and a test key the operator can use right away."""

from __future__ import annotations

from sqlalchemy import func, select

from leadsmith.accounts.keys import create_key, find_key
from leadsmith.accounts.models import User
from leadsmith.accounts.service import get_or_create_workspace
from leadsmith.config import Settings
from leadsmith.db.engine import session_scope

SANDBOX_WORKSPACE = "sandbox"


async def ensure_sandbox_key(settings: Settings) -> tuple[str, bool]:
    """The sandbox test key and whether it was created now.

    A test key only reaches the synthetic world and never charges, so it is kept in
    the data dir (mode 0600) to be printed again on later starts.
    """
    path = settings.data_dir / "sandbox_test_key"
    if path.exists():
        key = path.read_text().strip()
        async with session_scope() as session:
            found = await find_key(session, key)
        if found is not None and found[0].revoked_at is None:
            return key, False
    async with session_scope() as session:
        workspace = await get_or_create_workspace(session, SANDBOX_WORKSPACE)
        created = await create_key(session, workspace, name="sandbox (printed at start)", test=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(created.key + "\n")
    path.chmod(0o600)
    return created.key, True


async def has_dashboard_user() -> bool:
    """Whether anyone can sign in to the dashboard yet."""
    async with session_scope() as session:
        return bool((await session.execute(select(func.count()).select_from(User))).scalar_one())
