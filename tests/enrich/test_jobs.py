"""Bulk enrichment through the real job runtime: enqueued after commit, run to completion."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from leadsmith.jobs import JobRuntime
from tests.factories import make_caller


@pytest_asyncio.fixture
async def job_runtime() -> AsyncIterator[JobRuntime]:
    rt = JobRuntime(poll_interval=0.1)
    await rt.start(work_queues=True)
    try:
        yield rt
    finally:
        await rt.stop()


async def test_batch_enrich_runs_on_the_job_runtime(
    client: httpx.AsyncClient, job_runtime: JobRuntime
) -> None:
    caller = await make_caller(test=True)
    rows = [
        {"first_name": f"Person{i}", "last_name": "Doe", "domain": "acme.com"} for i in range(30)
    ]
    r = await client.post("/v1/batch/enrich", headers=caller.headers, json={"rows": rows})
    batch_id = r.json()["batch_id"]
    deadline = time.monotonic() + 30
    while True:
        status: dict[str, Any] = (
            await client.get(f"/v1/batch/{batch_id}", headers=caller.headers)
        ).json()
        if status["status"] == "completed":
            break
        assert time.monotonic() < deadline, status
        await asyncio.sleep(0.1)
    assert status["processed_rows"] == 30
    assert status["download_url"]
