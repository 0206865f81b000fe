"""Test settings: a fresh database per run (SQLite file, or PostgreSQL when
LEADSMITH_TEST_DATABASE_URL names one), a fixed secret, private networks allowed
for the local fakes. Set before anything reads the settings."""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from pathlib import Path

_tmp = Path(tempfile.mkdtemp(prefix="leadsmith-test-"))
os.environ["LEADSMITH_DATA_DIR"] = str(_tmp)
os.environ["LEADSMITH_ENV"] = "test"
os.environ["LEADSMITH_SECRET_KEY"] = "test-secret-key-0123456789abcdef"
os.environ["LEADSMITH_ALLOW_PRIVATE_NETWORKS"] = "1"
os.environ.pop("LEADSMITH_REDIS_URL", None)


def _owner_alive(database: str) -> bool:
    """Whether the test run that made `database` (its pid is in the name) still runs."""
    parts = database.split("_")
    if len(parts) < 4 or not parts[2].isdigit():
        return False
    try:
        os.kill(int(parts[2]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _database_url() -> str:
    target = os.environ.get("LEADSMITH_TEST_DATABASE_URL", "")
    if not target.startswith("postgresql"):
        return f"sqlite+aiosqlite:///{_tmp / 'test.db'}"
    # A database of our own on that server, so runs never see each other's rows.
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(target)
    name = f"leadsmith_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = url.set(drivername="postgresql", database=url.database or "postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        # Leftovers of earlier runs; a database of a suite still running is kept.
        for (old,) in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'leadsmith_test_%'"
        ).fetchall():
            if _owner_alive(old):
                continue
            with contextlib.suppress(psycopg.errors.ObjectInUse):
                conn.execute(f'DROP DATABASE IF EXISTS "{old}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


os.environ["LEADSMITH_DATABASE_URL"] = _database_url()

import pytest  # noqa: E402

from leadsmith.config import get_settings  # noqa: E402

get_settings.cache_clear()

from tests.factories import *  # noqa: E402,F403


@pytest.fixture(scope="session", autouse=True)
def _migrated() -> None:
    """Apply the migrations once: the tests run on the schema users get."""
    from leadsmith.db.migrate import upgrade

    upgrade()
