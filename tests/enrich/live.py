"""Helpers for live-key tests: point the providers at the fakes, configure a workspace."""

from __future__ import annotations

from typing import Any

import pytest

from leadsmith.accounts.models import Workspace
from leadsmith.billing import ledger
from leadsmith.config import get_settings
from leadsmith.db.engine import read_scope, session_scope


def point_providers(monkeypatch: pytest.MonkeyPatch, hunter: Any = None, pdl: Any = None) -> None:
    """Send provider calls to the fakes (the server-wide base URLs)."""
    if hunter is not None:
        monkeypatch.setenv("LEADSMITH_HUNTER_BASE_URL", hunter.base_url)
    if pdl is not None:
        monkeypatch.setenv("LEADSMITH_PDL_BASE_URL", pdl.base_url)
    get_settings.cache_clear()


async def configure(workspace_id: str, **providers: Any) -> None:
    """Set the workspace's provider settings; smtp and web are off unless named."""
    providers.setdefault("smtp", {"enabled": False})
    providers.setdefault("web", {"enabled": False})
    async with session_scope() as session:
        ws = await session.get(Workspace, workspace_id)
        assert ws is not None
        ws.settings = {**(ws.settings or {}), "providers": providers}


async def balance(workspace_id: str) -> float:
    async with read_scope() as session:
        return float((await ledger.get_balance(session, workspace_id)).balance)
