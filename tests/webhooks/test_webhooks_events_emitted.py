"""Finished lead searches and seed 002 bulk enrichments queue their webhook events."""

from __future__ import annotations

import json

from sqlalchemy import select

from leadsmith.accounts.models import Workspace
from leadsmith.batches.events import batch_completed
from leadsmith.batches.models import Batch
from leadsmith.db.base import utcnow
from leadsmith.db.engine import session_scope
from leadsmith.search import runs
from leadsmith.search.service import start_search
from leadsmith.webhooks.models import WebhookDelivery
from leadsmith.webhooks.service import create_endpoint
from tests.factories import make_caller


async def _deliveries(workspace_id: str, event: str) -> list[WebhookDelivery]:
    async with session_scope() as session:
        rows = await session.execute(
            select(WebhookDelivery).where(
                WebhookDelivery.workspace_id == workspace_id, WebhookDelivery.event == event
            )
        )
        return list(rows.scalars())


async def test_search_completed_is_emitted() -> None:
    caller = await make_caller(test=True)
    async with session_scope() as session:
        await create_endpoint(session, caller.workspace_id, "http://127.0.0.1:9/hook")
        workspace = await session.get(Workspace, caller.workspace_id)
        assert workspace is not None
        started = await start_search(
            session,
            workspace,
            prompt="SaaS founders in India",
            fetch_count=5,
            contract="001",
            test=True,
            sandbox=True,
            bind_list=True,
            list_name="founders",
            enqueue=False,
        )
        run_id = started.run.id
    await runs.execute(run_id)
    [delivery] = await _deliveries(caller.workspace_id, "search.completed")
    data = json.loads(delivery.body)["data"]
    assert data["search_id"] == run_id and data["status"] == "completed"
    assert data["found"] == 5 and data["results_url"].endswith(f"taskId={run_id}")


async def test_bulk_enrichment_emits_enrichment_completed() -> None:
    caller = await make_caller(test=True)
    async with session_scope() as session:
        await create_endpoint(
            session, caller.workspace_id, "http://127.0.0.1:9/hook", events=["enrichment.completed"]
        )
        batch = Batch(
            workspace_id=caller.workspace_id,
            kind="enrich",
            status="completed",
            params={"contract": "002"},
            total_rows=2,
            found_count=1,
            completed_at=utcnow(),
        )
        session.add(batch)
        await session.flush()
        await batch_completed(session, batch)
    [delivery] = await _deliveries(caller.workspace_id, "enrichment.completed")
    data = json.loads(delivery.body)["data"]
    assert data["job_id"] == f"enr_{batch.id}" and data["total"] == 2 and data["found"] == 1
    assert not await _deliveries(caller.workspace_id, "batch.completed")
