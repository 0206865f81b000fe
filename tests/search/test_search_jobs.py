"""Seeds 000 and 001 end to end through the job runtime: search, poll, results, import,
cursor continuation, suppression during search, quotas and overage."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import psycopg
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.engine import make_url

from leadsmith.accounts.models import Workspace
from leadsmith.api.routers import contacts as contacts_routes
from leadsmith.api.routers import leads_jobs, leads_tasks
from leadsmith.billing import quotas
from leadsmith.billing.models import LeadUsage
from leadsmith.billing.periods import period_of
from leadsmith.db.engine import session_scope
from leadsmith.jobs import JobRuntime
from leadsmith.search.index_import import import_csv
from tests.enrich.live import configure
from tests.factories import Caller, make_caller

TEST_DB = os.environ.get("LEADSMITH_TEST_DATABASE_URL", "")
PROMPT = "SaaS founders in India"


def _pg_admin(sql: str) -> None:
    url = make_url(TEST_DB).set(drivername="postgresql", database="postgres")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(sql)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def runtime(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[JobRuntime]:
    """A job runtime working every queue, on a system database of its own."""
    if TEST_DB.startswith("postgresql"):
        name = f"leadsmith_search_jobs_{os.getpid()}"
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
        url = make_url(TEST_DB).set(drivername="postgresql", database=name)
        system = url.render_as_string(hide_password=False)
    else:
        system = f"sqlite:///{tmp_path_factory.mktemp('search-jobs') / 'jobs.sqlite'}"
    rt = JobRuntime(system_database_url=system, poll_interval=0.05)
    await rt.start(work_queues=True)
    try:
        yield rt
    finally:
        await rt.stop()
        if TEST_DB.startswith("postgresql"):
            _pg_admin(f'DROP DATABASE IF EXISTS "leadsmith_search_jobs_{os.getpid()}" WITH (FORCE)')


@pytest.fixture
def routes(app: FastAPI, runtime: JobRuntime) -> FastAPI:
    for module in (leads_jobs, leads_tasks, contacts_routes):
        app.include_router(module.router)
    return app


async def poll(client: httpx.AsyncClient, url: str, caller: Caller, done: set[str]) -> Any:
    """GET `url` until its status word is in `done` (10 s at most)."""
    for _ in range(200):
        r = await client.get(url, headers=caller.headers)
        assert r.status_code == 200, r.text
        body = r.json()
        status = body["job"]["status"] if "job" in body else body["task"]["status"]
        if status in done:
            return body
        await asyncio.sleep(0.05)
    raise AssertionError(f"{url} did not finish: {body}")


async def run_001(
    client: httpx.AsyncClient, caller: Caller, body: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    r = await client.post("/api/leads/search", json=body, headers=caller.headers)
    assert r.status_code == 200, r.text
    task_id = r.json()["task"]["id"]
    final = await poll(
        client, f"/api/leads/search?taskId={task_id}", caller, {"completed", "failed", "cancelled"}
    )
    r = await client.get(f"/api/leads/search/results?taskId={task_id}", headers=caller.headers)
    assert r.status_code == 200, r.text
    return final, r.json()["results"]


async def test_000_search_poll_results_import(routes: FastAPI, client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/leads/search",
        json={
            "query": PROMPT,
            "filters": {
                "role": "Founder",
                "location": "India",
                "company_size": "1-50",
                "industry": "SaaS",
            },
            "limit": 6,
        },
        headers=caller.headers,
    )
    assert r.status_code == 200, r.text
    started = r.json()
    assert started["success"] is True and started["status"] == "pending"
    assert started["job_id"] and started["created_at"].endswith("Z")
    job = (
        await poll(client, f"/api/v1/leads/jobs/{started['job_id']}", caller, {"done", "failed"})
    )["job"]
    assert job["status"] == "done", job
    assert job["query"] == PROMPT and job["filters"]["role"] == "Founder"
    assert 1 <= job["total_found"] <= 6 and job["completed_at"] and job["error"] is None

    r = await client.get(
        f"/api/v1/leads/results/{job['id']}?page=1&per_page=4", headers=caller.headers
    )
    body = r.json()
    assert body["pagination"] == {
        "page": 1,
        "per_page": 4,
        "total": job["total_found"],
        "total_pages": (job["total_found"] + 3) // 4,
    }
    first = body["results"][0]
    assert {
        "id",
        "name",
        "email",
        "linkedin_url",
        "company",
        "role",
        "location",
        "source",
        "enriched",
        "ai_message",
    } <= first.keys()
    assert first["source"] == "sandbox" and first["location"].endswith("IN")
    assert first["enriched"] is True and first["verification"]["status"] in {"valid", "risky"}
    assert first["ai_message"].startswith("Hi ") and first["company"] in first["ai_message"]
    assert first["evidence"][0]["source"] == "sandbox"

    r = await client.get(
        f"/api/v1/leads/results/{job['id']}?per_page=500&enriched_only=true", headers=caller.headers
    )
    assert r.json()["pagination"]["per_page"] == 100
    assert all(row["enriched"] for row in r.json()["results"])

    ids = [row["id"] for row in r.json()["results"]]
    r = await client.post("/api/v1/leads/import", json={"result_ids": ids}, headers=caller.headers)
    assert r.json() == {
        "success": True,
        "imported": len(ids),
        "skipped": 0,
        "message": f"{len(ids)} leads imported to contacts",
    }
    r = await client.post("/api/v1/leads/import", json={"result_ids": ids}, headers=caller.headers)
    assert r.json()["imported"] == 0 and r.json()["skipped"] == len(ids)

    r = await client.get("/api/v1/leads/jobs", headers=caller.headers)
    assert [j["id"] for j in r.json()["jobs"]] == [job["id"]]
    other = await make_caller(test=True)
    r = await client.get(f"/api/v1/leads/jobs/{job['id']}", headers=other.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_001_same_prompt_on_a_list_continues_without_repeats(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(test=True)
    first, rows1 = await run_001(
        client, caller, {"prompt": PROMPT, "fetch_count": 5, "listName": "India SaaS founders"}
    )
    task, lst = first["task"], first["list"]
    assert task["status"] == "completed" and task["correlationId"].startswith("corr_")
    assert lst["name"] == "India SaaS founders" and len(rows1) == 5
    # The same prompt, worded differently only in case and spacing, on the same List.
    second, rows2 = await run_001(
        client,
        caller,
        {"prompt": "  saas Founders in  india ", "fetch_count": 5, "listId": lst["id"]},
    )
    assert second["list"]["id"] == lst["id"] and rows2
    assert not {r["email"] for r in rows1} & {r["email"] for r in rows2}
    assert not {r["linkedin_url"] for r in rows1} & {r["linkedin_url"] for r in rows2}

    r = await client.get(f"/api/v1/lists/{lst['id']}/contacts", headers=caller.headers)
    assert len(r.json()["contacts"]) == len(rows1) + len(rows2)
    r = await client.get("/api/leads/search", headers=caller.headers)
    assert [t["id"] for t in r.json()["tasks"]] == [second["task"]["id"], task["id"]]


async def test_001_search_skips_suppressed_people(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(test=True)
    _, rows = await run_001(client, caller, {"prompt": PROMPT, "fetch_count": 4})
    email, domain = rows[0]["email"], rows[1]["company_domain"]
    r = await client.post(
        "/api/v1/suppressions", json={"values": [email, f"@{domain}"]}, headers=caller.headers
    )
    assert r.json()["added"] == 2
    r = await client.get(
        f"/api/leads/search/results?taskId={rows[0]['job_id']}", headers=caller.headers
    )
    shown = r.json()["results"]
    assert email not in {r["email"] for r in shown} and domain not in {
        r["company_domain"] for r in shown
    }
    _, again = await run_001(client, caller, {"prompt": PROMPT, "fetch_count": 4})
    assert again and email not in {r["email"] for r in again}
    assert domain not in {r["company_domain"] for r in again}


def _people_csv(n: int, tag: str) -> str:
    lines = ["Full Name,Job Title,Work Email,Company,Country,Industry"]
    for i in range(n):
        lines.append(f"Person {tag}{i},Founder,p{i}@{tag}{i}.io,Acme {tag}{i},India,SaaS")
    return "\n".join(lines) + "\n"


async def _index(caller: Caller, n: int) -> None:
    # Live runs look their people up; these workspaces' own index is all there is to ask.
    await configure(caller.workspace_id)
    async with session_scope() as session:
        report = await import_csv(
            session, caller.workspace_id, _people_csv(n, uuid.uuid4().hex[:6])
        )
    assert report.imported == n, report.errors


async def test_live_results_stop_at_quota_then_429(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(plan="free")
    await _index(caller, 30)
    r = await client.post(
        "/api/v1/leads/search", json={"query": PROMPT, "limit": 30}, headers=caller.headers
    )
    job_id = r.json()["job_id"]
    job = (await poll(client, f"/api/v1/leads/jobs/{job_id}", caller, {"done", "failed"}))["job"]
    assert job["status"] == "done" and job["total_found"] == 25  # Free: 25 results a month
    r = await client.get(f"/api/v1/leads/results/{job_id}?per_page=100", headers=caller.headers)
    assert {row["source"] for row in r.json()["results"]} == {"local"}
    r = await client.post("/api/v1/leads/search", json={"query": PROMPT}, headers=caller.headers)
    assert r.status_code == 429 and r.json()["code"] == "quota_exceeded"


async def test_live_search_quota_counts_searches(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(plan="free")
    for _ in range(3):  # Free: 3 searches a month
        r = await client.post(
            "/api/leads/search", json={"prompt": PROMPT, "fetch_count": 1}, headers=caller.headers
        )
        assert r.status_code == 200, r.text
        await poll(
            client,
            f"/api/leads/search?taskId={r.json()['task']['id']}",
            caller,
            {"completed", "failed"},
        )
    r = await client.post(
        "/api/leads/search", json={"prompt": PROMPT, "fetch_count": 1}, headers=caller.headers
    )
    assert r.status_code == 429 and r.json()["code"] == "quota_exceeded"
    # Test keys never count.
    tester = await make_caller(plan="free", test=True, workspace=caller.workspace)
    r = await client.post(
        "/api/leads/search", json={"prompt": PROMPT, "fetch_count": 1}, headers=tester.headers
    )
    assert r.status_code == 200


async def test_overage_bills_results_past_the_quota(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(plan="pro", overage=True)
    await _index(caller, 5)
    async with session_scope() as session:
        ws = await session.get(Workspace, caller.workspace_id)
        assert ws is not None
        await quotas.consume_search(session, ws)  # makes the period's row
        await session.execute(
            update(LeadUsage)
            .where(LeadUsage.workspace_id == ws.id, LeadUsage.period == period_of().key)
            .values(results_used=498, searches_used=0)
        )
    r = await client.post(
        "/api/v1/leads/search", json={"query": PROMPT, "limit": 5}, headers=caller.headers
    )
    job_id = r.json()["job_id"]
    job = (await poll(client, f"/api/v1/leads/jobs/{job_id}", caller, {"done", "failed"}))["job"]
    assert job["total_found"] == 5
    async with session_scope() as session:
        ws = await session.get(Workspace, caller.workspace_id)
        assert ws is not None
        view = await quotas.usage(session, ws)
    assert view.results_used == 503 and view.overage_results == 3 and view.overage_cents == 15
