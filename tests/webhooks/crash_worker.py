"""A process the webhook restart test starts, kills with SIGKILL, and starts again.

    python crash_worker.py emit WORKSPACE_ID  # work queues; emit batch.completed; run until killed
    python crash_worker.py work               # work queues until SIGTERM

Settings come from LEADSMITH_* variables (the test passes the application database, a
system database of its own and a short retry schedule).
"""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import UTC, datetime

from leadsmith.db.engine import session_scope
from leadsmith.jobs import JobRuntime
from leadsmith.webhooks import BATCH_COMPLETED, batch_completed, emit_event


async def main(mode: str, workspace_id: str | None) -> None:
    runtime = JobRuntime(poll_interval=0.1)
    await runtime.start(work_queues=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        if mode == "emit":
            assert workspace_id
            async with session_scope() as session:
                data = batch_completed(
                    batch_id="crash-1",
                    kind="verify",
                    total=3,
                    found=2,
                    download_url=None,
                    completed_at=datetime.now(UTC),
                )
                await emit_event(session, workspace_id, BATCH_COMPLETED, data)
        print(f"{mode} ready", flush=True)
        await stop.wait()
    finally:
        await runtime.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None))
