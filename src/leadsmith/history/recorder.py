"""Records API requests in batches, off the request path.

Requests append to an in-memory buffer; a background task writes it every half
second, together with the keys' last-used times, so one request costs no write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, update

from leadsmith.accounts.models import ApiKey
from leadsmith.db.engine import session_scope
from leadsmith.history.models import RequestLog

log = logging.getLogger(__name__)


@dataclass(slots=True)
class RequestRecord:
    workspace_id: str
    at: datetime
    key_id: str | None
    key_prefix: str | None
    method: str
    route: str
    status: int
    credits_millis: int
    request_id: str


class HistoryRecorder:
    def __init__(self, interval: float = 0.5) -> None:
        self._buffer: list[RequestRecord] = []
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    def record(self, item: RequestRecord) -> None:
        self._buffer.append(item)

    async def flush(self) -> None:
        """Write what is buffered now."""
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        last_used: dict[str, datetime] = {}
        for r in batch:
            if r.key_id and (r.key_id not in last_used or r.at > last_used[r.key_id]):
                last_used[r.key_id] = r.at
        try:
            async with session_scope() as session:
                await session.execute(
                    insert(RequestLog),
                    [
                        {
                            "workspace_id": r.workspace_id,
                            "at": r.at,
                            "key_prefix": r.key_prefix,
                            "method": r.method,
                            "route": r.route[:300],
                            "status": r.status,
                            "credits_millis": r.credits_millis,
                            "request_id": r.request_id,
                        }
                        for r in batch
                    ],
                )
                for key_id, at in last_used.items():
                    await session.execute(
                        update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=at)
                    )
        except Exception:  # history must never take the API down
            log.exception("could not write %d history records", len(batch))

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            await self.flush()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()
