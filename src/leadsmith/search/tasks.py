"""The `lead_search` job: one durable step per page of a search run."""

from __future__ import annotations

from typing import Any

from leadsmith import jobs
from leadsmith.search import runs

jobs.define_queue("search", concurrency=4, worker_concurrency=2)


@jobs.task("lead_search", queue="search")
async def lead_search(payload: dict[str, Any]) -> None:
    """Work a search run page by page; a cancelled run stops before its next page."""
    run_id = payload["run_id"]
    try:
        if not await jobs.step("start", runs.begin, run_id):
            return
        page = 0
        while await jobs.step(f"page:{page}", runs.fetch_page, run_id):
            page += 1
        await jobs.step("complete", runs.complete, run_id)
    except jobs.JobCancelled:
        raise
    except Exception as exc:
        await runs.fail(run_id, f"internal error: {type(exc).__name__}: {exc}")
        raise


__all__ = ["lead_search"]
