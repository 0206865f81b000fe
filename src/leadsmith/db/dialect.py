"""Statements that differ between SQLite and PostgreSQL, behind one name."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that supports `.on_conflict_do_nothing()` on the session's backend."""
    bind = session.get_bind()
    insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
    return insert(table)


def rows_affected(result: Any) -> int:
    """How many rows an INSERT/UPDATE/DELETE touched."""
    return int(getattr(result, "rowcount", 0) or 0)
