"""A job interrupted by kill -9 finishes after restart, and no finished step runs twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from leadsmith import jobs
from leadsmith.jobs.testing import reset_system_database

SCRIPT = Path(__file__).with_name("crash_script.py")


def spawn(mode: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), mode, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def base_env(crash_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEADSMITH_", "CRASH_"))}
    env.update(CRASH_DIR=str(crash_dir), LEADSMITH_DATA_DIR=str(crash_dir), **extra)
    return env


def wait_for(path: Path, proc: subprocess.Popen[str], max_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + max_seconds
    while not path.exists():
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"process exited ({proc.returncode}) before {path.name}:\n{out}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{path.name} did not appear within {max_seconds}s")
        time.sleep(0.05)


def kill9(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def finish(proc: subprocess.Popen[str], max_seconds: float = 60.0) -> str:
    try:
        out, _ = proc.communicate(timeout=max_seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        pytest.fail(f"process did not finish:\n{out}")
    assert proc.returncode == 0, out
    return out


def effects(crash_dir: Path) -> list[str]:
    return (crash_dir / "effects.txt").read_text().split()


def test_sqlite_job_resumes_after_kill9(tmp_path: Path) -> None:
    job_id = uuid.uuid4().hex
    env = base_env(tmp_path, LEADSMITH_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}")

    first = spawn("embedded", job_id, env={**env, "CRASH_HANG": "1"})
    wait_for(tmp_path / "ready", first)
    kill9(first)
    assert effects(tmp_path) == ["step1", "step2"]

    # Same system database (data_dir/jobs.sqlite), same executor id: the job resumes.
    out = finish(spawn("embedded", env={**env, "CRASH_WAIT_FOR": job_id}))
    assert "final status SUCCESS" in out
    assert effects(tmp_path) == ["step1", "step2", "step3"]
    with sqlite3.connect(tmp_path / "app.db") as conn:
        rows = conn.execute("SELECT job_id, step FROM effects ORDER BY rowid").fetchall()
    assert rows == [(job_id, "step1"), (job_id, "step2"), (job_id, "step3")]


def _pg_connect(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(url, autocommit=True)


async def _status_from_client(system_url: str, job_id: str) -> str | None:
    rt = jobs.JobRuntime(system_database_url=system_url)
    await rt.start(work_queues=False)  # an enqueue-only client, like a scale-out server
    try:
        return await jobs.wait(job_id, max_seconds=20)
    finally:
        await rt.stop()


@pytest.mark.postgres
def test_postgres_worker_resumes_job_enqueued_by_another_process(
    jobs_postgres: str, tmp_path: Path
) -> None:
    reset_system_database(jobs_postgres)
    with _pg_connect(jobs_postgres) as conn:
        conn.execute("DROP TABLE IF EXISTS effects")
    # The application database is PostgreSQL and no system database is configured, so
    # the engine shares it (its own schema): the scale-out default.
    env = base_env(
        tmp_path,
        LEADSMITH_DATABASE_URL=make_url(jobs_postgres)
        .set(drivername="postgresql+asyncpg")
        .render_as_string(hide_password=False),
        LEADSMITH_WORKER_ID="worker-a",
    )
    job_id = uuid.uuid4().hex

    # An enqueue-only process (a scale-out server) writes the job before any worker exists.
    finish(spawn("enqueue", job_id, env=env))

    worker = spawn("worker", env={**env, "CRASH_HANG": "1"})
    wait_for(tmp_path / "ready", worker)
    kill9(worker)
    assert effects(tmp_path) == ["step1", "step2"]

    # A worker with the same id recovers the job it was running.
    worker = spawn("worker", env=env)
    try:
        deadline = time.monotonic() + 30
        while effects(tmp_path) != ["step1", "step2", "step3"]:
            assert time.monotonic() < deadline, effects(tmp_path)
            time.sleep(0.1)

        # And it picks up work enqueued by another process while it runs.
        second = uuid.uuid4().hex
        finish(spawn("enqueue", second, env=env))
        for one in (job_id, second):
            assert asyncio.run(_status_from_client(jobs_postgres, one)) == "SUCCESS"
    finally:
        worker.send_signal(signal.SIGTERM)
        out = finish(worker, max_seconds=20)  # run_worker exits cleanly on SIGTERM
    assert effects(tmp_path) == ["step1", "step2", "step3"] * 2, out
    with _pg_connect(jobs_postgres) as conn:
        rows = conn.execute("SELECT job_id, step FROM effects ORDER BY step, job_id").fetchall()
    assert sorted(rows) == sorted((j, f"step{n}") for j in (job_id, second) for n in (1, 2, 3))
