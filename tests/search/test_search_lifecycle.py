"""Seed 001's rules without a job runtime (runs stay queued): one active search per List
(409), cancel, validation and clamping, List binding by client id."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.accounts.models import Workspace
from leadsmith.api.routers import leads_jobs, leads_tasks
from leadsmith.db.engine import session_scope
from leadsmith.search import runs, service
from leadsmith.search.filters import SearchFilters
from leadsmith.sources.base import Source, SourceError
from leadsmith.sources.records import PersonRecord
from tests.factories import make_caller

PROMPT = "VP of Sales at fintech startups in Germany"


@pytest.fixture
def routes(app: FastAPI) -> FastAPI:
    app.include_router(leads_jobs.router)
    app.include_router(leads_tasks.router)
    return app


async def test_second_active_search_on_a_list_is_409_until_cancelled(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/leads/search", json={"prompt": PROMPT, "fetch_count": 10}, headers=caller.headers
    )
    assert r.status_code == 200, r.text
    task, lst = r.json()["task"], r.json()["list"]
    assert task["status"] == "pending" and lst["name"] == PROMPT
    r = await client.post(
        "/api/leads/search",
        json={"prompt": "CTOs in France", "fetch_count": 10, "listId": lst["id"]},
        headers=caller.headers,
    )
    assert r.status_code == 409 and r.json()["code"] == "search_in_progress"
    assert task["id"] in r.json()["message"]

    r = await client.delete(f"/api/leads/search?taskId={task['id']}", headers=caller.headers)
    assert r.status_code == 200 and r.json()["task"]["status"] == "cancelled"
    assert await runs.begin(task["id"]) is False  # a cancelled run never starts
    r = await client.get(f"/api/leads/search?taskId={task['id']}", headers=caller.headers)
    assert r.json()["task"]["status"] == "cancelled" and r.json()["list"]["id"] == lst["id"]
    # Seed 000 has no "cancelled": the job shows as failed with an error.
    r = await client.get(f"/api/v1/leads/jobs/{task['id']}", headers=caller.headers)
    assert r.json()["job"]["status"] == "failed" and r.json()["job"]["error"]

    r = await client.post(
        "/api/leads/search",
        json={"prompt": PROMPT, "fetch_count": 10, "listId": lst["id"]},
        headers=caller.headers,
    )
    assert r.status_code == 200 and r.json()["list"]["id"] == lst["id"]


async def test_fetch_count_is_clamped_and_validated(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/leads/search", json={"prompt": PROMPT, "fetch_count": 9000}, headers=caller.headers
    )
    assert r.status_code == 200 and r.json()["task"]["fetchCount"] == 2500
    for bad in (0, -3):
        r = await client.post(
            "/api/leads/search", json={"prompt": PROMPT, "fetch_count": bad}, headers=caller.headers
        )
        assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    for body in (
        {"prompt": "", "fetch_count": 1},
        {"prompt": "x" * 2001, "fetch_count": 1},
        {"prompt": PROMPT, "fetch_count": 1, "listName": "n" * 121},
    ):
        r = await client.post("/api/leads/search", json=body, headers=caller.headers)
        assert r.status_code == 400, body
    r = await client.post(
        "/api/v1/leads/search", json={"query": PROMPT, "limit": 0}, headers=caller.headers
    )
    assert r.status_code == 400
    r = await client.post(
        "/api/v1/leads/search", json={"query": PROMPT, "limit": 900}, headers=caller.headers
    )
    assert r.status_code == 200


async def test_client_list_id_is_created_and_other_workspaces_lists_are_404(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    owner, stranger = await make_caller(test=True), await make_caller(test=True)
    r = await client.post(
        "/api/leads/search",
        json={
            "prompt": PROMPT,
            "fetch_count": 5,
            "listId": "my-list-0001",
            "listName": "Berlin sales",
        },
        headers=owner.headers,
    )
    assert r.status_code == 200
    assert r.json()["list"] == {"id": "my-list-0001", "name": "Berlin sales"}
    r = await client.post(
        "/api/leads/search",
        json={"prompt": PROMPT, "fetch_count": 5, "listId": "my-list-0001"},
        headers=stranger.headers,
    )
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await client.get("/api/leads/search?taskId=nope", headers=owner.headers)
    assert r.status_code == 404


async def test_leads_scope_is_required(routes: FastAPI, client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True, scopes=["search"])
    r = await client.post(
        "/api/leads/search", json={"prompt": PROMPT, "fetch_count": 1}, headers=caller.headers
    )
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"
    r = await client.get("/api/v1/leads/jobs", headers=caller.headers)
    assert r.status_code == 403


class BrokenSource(Source):
    name = "broken"

    async def search_people(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[PersonRecord], str | None]:
        raise SourceError(self.name, "down for maintenance")


async def test_a_run_whose_sources_all_fail_reports_its_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caller = await make_caller()
    async with session_scope() as session:
        workspace = await session.get(Workspace, caller.workspace_id)
        assert workspace is not None
        started = await service.start_search(
            session,
            workspace,
            prompt=PROMPT,
            fetch_count=5,
            contract="000",
            test=False,
            enqueue=False,
        )
    monkeypatch.setattr(runs, "sources_for", lambda run: [BrokenSource()])
    await runs.execute(started.run.id)
    async with session_scope() as session:
        run = await service.get_run(session, caller.workspace_id, started.run.id)
    assert run.status == "failed" and run.error and "down for maintenance" in run.error
    assert run.completed_at is not None
