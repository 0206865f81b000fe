"""Bulk enrichment chunk by chunk: one client for the job, one transaction per chunk.

A chunk whose transaction fails is looked up again and charged once; chunks after a
cancellation are not worked; the workspace index is read once per chunk, not per row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from leadsmith.batches import service as batches
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.billing.models import LedgerEntry
from leadsmith.config import get_settings
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.enrich import tasks
from leadsmith.enrich.tasks import enrich_batch
from tests.enrich.live import balance, configure, point_providers
from tests.factories import make_caller
from tests.fakes.providers.hunter import FakeHunter


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()


def _rows(n: int) -> list[dict[str, str]]:
    return [{"first_name": f"Ann{i}", "last_name": "Lee", "domain": "acme.com"} for i in range(n)]


async def _start(client: httpx.AsyncClient, headers: dict[str, str], rows: list[Any]) -> str:
    r = await client.post(
        "/v1/batch/enrich", headers=headers, json={"rows": rows, "find_phones": False}
    )
    assert r.status_code == 200, r.text
    return str(r.json()["batch_id"])


async def _ledger_debits(workspace_id: str) -> int:
    async with read_scope() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(LedgerEntry)
                .where(LedgerEntry.workspace_id == workspace_id, LedgerEntry.kind == "charge")
            )
            or 0
        )


async def test_a_chunk_whose_commit_fails_is_charged_once_when_run_again(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    for i in range(5):
        fake_hunter.add_person(f"Ann{i}", "Lee", "acme.com")
    caller = await make_caller(credits=100)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    monkeypatch.setattr(tasks, "CHUNK", 2)
    batch_id = await _start(client, caller.headers, _rows(5))

    real_refresh = batches.refresh_progress
    failures = iter([True])

    async def refresh_failing_once(session: Any, batch_id: str) -> None:
        # Inside the chunk's transaction, after the charge: as a crash there would.
        if next(failures, False):
            raise RuntimeError("crash inside the chunk's transaction")
        await real_refresh(session, batch_id)

    monkeypatch.setattr(tasks, "refresh_progress", refresh_failing_once)
    with pytest.raises(RuntimeError):
        await enrich_batch({"batch_id": batch_id})
    async with read_scope() as session:
        done = await session.scalar(
            select(func.count())
            .select_from(BatchRow)
            .where(BatchRow.batch_id == batch_id, BatchRow.state == "done")
        )
    assert done == 0
    assert await balance(caller.workspace_id) == 100  # rolled back with the rows
    async with session_scope() as session:  # the job engine resumes the task
        stored = await session.get(Batch, batch_id)
        assert stored is not None and stored.status == "failed"
        stored.status, stored.error = "processing", None

    await enrich_batch({"batch_id": batch_id})
    await enrich_batch({"batch_id": batch_id})  # a replayed job finds nothing left
    status = (await client.get(f"/v1/batch/{batch_id}", headers=caller.headers)).json()
    assert status["status"] == "completed"
    assert status["found_count"] == 5 and status["status_counts"] == {"found": 5}
    assert await balance(caller.workspace_id) == 95
    assert await _ledger_debits(caller.workspace_id) == 3  # one entry per chunk of 2, 2, 1
    results = (await client.get(f"/v1/batch/{batch_id}/download", headers=caller.headers)).json()[
        "results"
    ]
    assert [r["email"] for r in results] == [f"ann{i}.lee@acme.com" for i in range(5)]
    assert all(r["credits_charged"] == 1 for r in results)


async def test_one_provider_client_serves_every_chunk_and_progress_shows(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    fake_hunter.add_person("Ann1", "Lee", "acme.com")
    caller = await make_caller(credits=100)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    monkeypatch.setattr(tasks, "CHUNK", 2)
    batch_id = await _start(client, caller.headers, _rows(5))

    clients: list[int] = []
    progress: list[int] = []
    real_chunk = tasks._enrich_chunk

    async def watched_chunk(batch_id: str, shared: httpx.AsyncClient) -> int:
        clients.append(id(shared))
        handled = await real_chunk(batch_id, shared)
        async with read_scope() as session:
            batch = await session.get(Batch, batch_id)
            assert batch is not None
            progress.append(batch.processed_rows)
        return handled

    monkeypatch.setattr(tasks, "_enrich_chunk", watched_chunk)
    await enrich_batch({"batch_id": batch_id})
    assert progress == [2, 4, 5, 5]  # the last call finds nothing left
    assert len(set(clients)) == 1
    assert fake_hunter.count("/email-finder") == 5
    assert await balance(caller.workspace_id) == 99


async def test_cancelled_batch_stops_between_chunks(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    caller = await make_caller(credits=100)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    monkeypatch.setattr(tasks, "CHUNK", 2)
    batch_id = await _start(client, caller.headers, _rows(6))
    real_chunk = tasks._enrich_chunk

    async def cancel_after_first(batch_id: str, shared: httpx.AsyncClient) -> int:
        handled = await real_chunk(batch_id, shared)
        async with session_scope() as session:
            batch = await session.get(Batch, batch_id)
            assert batch is not None
            batch.status = "cancelled"
        return handled

    monkeypatch.setattr(tasks, "_enrich_chunk", cancel_after_first)
    await enrich_batch({"batch_id": batch_id})
    status = (await client.get(f"/v1/batch/{batch_id}", headers=caller.headers)).json()
    assert status["status"] == "cancelled" and status["processed_rows"] == 2
    assert fake_hunter.count("/email-finder") == 2


async def test_the_workspace_index_is_read_once_per_chunk(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from leadsmith.search.models import IndexPerson
    from leadsmith.sources import local

    point_providers(monkeypatch, hunter=fake_hunter)
    caller = await make_caller(credits=100)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    async with session_scope() as session:
        session.add(
            IndexPerson(
                workspace_id=caller.workspace_id,
                first_name="Ann0",
                last_name="Lee",
                full_name="Ann0 Lee",
                email="ann0@acme.com",
                company_domain="acme.com",
            )
        )
    batch_id = await _start(client, caller.headers, _rows(4))
    reads = 0
    real_scope = local.read_scope

    def counting_scope() -> Any:
        nonlocal reads
        reads += 1
        return real_scope()

    monkeypatch.setattr(local, "read_scope", counting_scope)
    await enrich_batch({"batch_id": batch_id})
    assert reads == 1  # four rows, email and phone each: one prefetch query
    results = (await client.get(f"/v1/batch/{batch_id}/download", headers=caller.headers)).json()[
        "results"
    ]
    assert results[0]["email"] == "ann0@acme.com" and "local" in results[0]["sources"]
