"""A process the crash-recovery tests start, kill -9 and start again.

    python crash_script.py embedded [JOB_ID]  # work queues in-process; enqueue JOB_ID if given,
                                             # exit 0 once JOB_ID (or CRASH_WAIT_FOR) succeeds
    python crash_script.py enqueue JOB_ID     # enqueue-only runtime (scale-out server), then exit
    python crash_script.py worker             # leadsmith worker: run_worker until SIGTERM

Settings come from LEADSMITH_* variables. With CRASH_HANG=1 the task stops between
step 2 and step 3 (after step 2 is recorded) and writes CRASH_DIR/ready so the test
can kill the process there. Each step appends "stepN" to CRASH_DIR/effects.txt and
inserts a row into the application database's `effects` table.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import text

from leadsmith import jobs
from leadsmith.db.engine import dispose_engines, get_engine, session_scope

CRASH_DIR = Path(os.environ["CRASH_DIR"])
TASK = "crash_three_steps"

jobs.define_queue("crash", concurrency=2)


async def record(n: int) -> str:
    """The side effects of step n: a line in a file and a row in the application database."""
    with (CRASH_DIR / "effects.txt").open("a") as f:
        f.write(f"step{n}\n")
        f.flush()
        os.fsync(f.fileno())
    async with session_scope() as session:
        await session.execute(
            text("INSERT INTO effects (job_id, step) VALUES (:job, :step)"),
            {"job": jobs.current_job_id(), "step": f"step{n}"},
        )
    return f"done{n}"


@jobs.task(TASK, queue="crash")
async def crash_three_steps(payload: dict[str, Any]) -> None:
    for n in (1, 2, 3):
        assert await jobs.step(f"step{n}", record, n) == f"done{n}"
        if n == 2 and os.environ.get("CRASH_HANG") == "1":
            (CRASH_DIR / "ready").write_text(str(jobs.current_job_id()))
            await asyncio.sleep(3600)  # killed here


async def create_table() -> None:
    async with get_engine().begin() as conn:
        await conn.execute(
            text("CREATE TABLE IF NOT EXISTS effects (job_id TEXT NOT NULL, step TEXT NOT NULL)")
        )
    await dispose_engines()


async def main(mode: str, job_id: str | None) -> int:
    await create_table()
    if mode == "worker":
        await jobs.run_worker()
        return 0
    runtime = jobs.JobRuntime(poll_interval=0.1)
    if mode == "enqueue":
        assert job_id
        await runtime.start(work_queues=False)
        await jobs.enqueue(TASK, {}, job_id=job_id)
        await runtime.stop()
        return 0
    await runtime.start(work_queues=True)
    try:
        if job_id:
            await jobs.enqueue(TASK, {}, job_id=job_id)
        target = job_id or os.environ["CRASH_WAIT_FOR"]
        final = await jobs.wait(target, max_seconds=60)
        print(f"final status {final}", flush=True)
        return 0 if final == "SUCCESS" else 1
    finally:
        await runtime.stop()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)))
