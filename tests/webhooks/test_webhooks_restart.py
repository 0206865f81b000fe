"""A delivery whose retry is pending survives kill -9 of the process that made the first
attempt: another process started on the same system database delivers it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from leadsmith.config import get_settings
from tests.factories import make_caller
from tests.webhooks.conftest import (
    Receiver,
    attempts_of,
    make_endpoint,
    only_delivery,
    wait_for_status,
)

SCRIPT = Path(__file__).with_name("crash_worker.py")
RETRY_DELAY = 2.0


@pytest.fixture
def system_database(tmp_path: Path) -> Iterator[str]:
    """A job system database of this test's own: PostgreSQL when the suite runs on it."""
    app_url = make_url(get_settings().resolved_database_url)
    if app_url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'jobs.sqlite'}"
        return
    name = f"leadsmith_whjobs_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = app_url.set(drivername="postgresql", database="postgres")
    dsn = admin.render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def spawn(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def output_of(proc: subprocess.Popen[str]) -> str:
    if proc.poll() is None:
        proc.kill()
    out, _ = proc.communicate(timeout=10)
    return out


async def test_pending_retry_survives_kill9(
    tmp_path: Path, receiver: Receiver, system_database: str
) -> None:
    receiver.plan = [500]  # the first attempt fails; the retry succeeds
    caller = await make_caller()
    endpoint_id, secret = await make_endpoint(caller.workspace_id, receiver.url)
    receiver.secret = secret

    settings = get_settings()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEADSMITH_")}
    env.update(
        LEADSMITH_ENV="test",
        LEADSMITH_DATA_DIR=str(tmp_path),
        LEADSMITH_DATABASE_URL=settings.resolved_database_url,
        LEADSMITH_JOBS_SYSTEM_DATABASE_URL=system_database,
        LEADSMITH_SECRET_KEY=str(settings.secret_key),  # opens the sealed endpoint secret
        LEADSMITH_ALLOW_PRIVATE_NETWORKS="1",
        LEADSMITH_WEBHOOK_RETRY_SCHEDULE=f"{RETRY_DELAY}s",
    )

    first = spawn(env, "emit", caller.workspace_id)
    try:
        deadline = time.monotonic() + 30
        while not receiver.requests:
            assert first.poll() is None, output_of(first)
            assert time.monotonic() < deadline, output_of(first)
            await asyncio.sleep(0.05)
        delivery = await only_delivery(endpoint_id)
        failed = await wait_for_status(delivery.id, "failed")
        assert failed.next_attempt_at is not None
    except BaseException:
        print(output_of(first))
        raise
    # Killed while waiting for the retry.
    await asyncio.sleep(0.3)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    # Nobody delivers while no process runs, even once the retry is due.
    await asyncio.sleep(RETRY_DELAY + 0.5)
    assert len(receiver.requests) == 1
    assert (await wait_for_status(delivery.id, "failed")).attempt_count == 1

    second = spawn(env, "work")
    try:
        delivered = await wait_for_status(delivery.id, "delivered", max_seconds=30)
    except BaseException:
        print(output_of(second))
        raise
    finally:
        if second.poll() is None:
            second.send_signal(signal.SIGTERM)
    second.wait(timeout=20)
    out = output_of(second)
    assert second.returncode == 0, out

    assert [r.answered for r in receiver.requests] == [500, 200]
    assert all(r.leadsmith_ok and r.standard_ok for r in receiver.requests)
    assert {r.headers["x-leadsmith-delivery"] for r in receiver.requests} == {delivery.id}
    attempts = await attempts_of(delivery.id)
    assert [(a.number, a.succeeded, a.response_status) for a in attempts] == [
        (1, False, 500),
        (2, True, 200),
    ]
    assert delivered.attempt_count == 2
