"""Contacts and lists: import dedupe, suppression, erasure everywhere, CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from leadsmith.api.routers import contacts as contacts_routes
from leadsmith.api.routers import leads_jobs
from leadsmith.contacts import service
from leadsmith.contacts.models import Contact, ErasedPerson
from leadsmith.db.base import utcnow
from leadsmith.db.engine import session_scope
from leadsmith.emails.tables import VerificationRecord
from leadsmith.search.index_import import import_csv
from leadsmith.search.models import IndexPerson, SearchResult, SearchRun
from tests.factories import make_caller

PERSON = {
    "email": "Priya@AcmeSaaS.io",
    "name": "Priya Sharma",
    "company": "Acme SaaS",
    "role": "Founder",
}


@pytest.fixture
def routes(app: FastAPI) -> FastAPI:
    app.include_router(contacts_routes.router)
    app.include_router(leads_jobs.router)
    return app


async def test_import_dedupes_by_normalised_email_and_fills_lists() -> None:
    caller = await make_caller()
    async with session_scope() as session:
        lst = await service.create_list(session, caller.workspace_id, "Founders")
        first = await service.import_people(
            session,
            caller.workspace_id,
            [PERSON, {**PERSON, "email": " priya@acmesaas.io "}, {"name": "No Email"}],
            list_id=lst.id,
        )
        again = await service.import_people(session, caller.workspace_id, [PERSON])
        members = await service.list_contacts(session, caller.workspace_id, lst.id)
    assert (first.imported, first.skipped, again.imported, again.skipped) == (1, 2, 0, 1)
    assert [c.email for c in members] == ["priya@acmesaas.io"]


async def test_suppressed_emails_and_domains_are_never_imported() -> None:
    caller = await make_caller()
    async with session_scope() as session:
        assert (
            await service.suppress(
                session, caller.workspace_id, ["blocked@x.io", "https://www.Competitor.com/about"]
            )
            == 2
        )
        outcome = await service.import_people(
            session,
            caller.workspace_id,
            [{"email": "blocked@x.io"}, {"email": "ceo@competitor.com"}, {"email": "ok@x.io"}],
        )
        entries = await service.suppressions(session, caller.workspace_id)
    assert (outcome.imported, outcome.suppressed) == (1, 2)
    assert {(e.kind, e.value) for e in entries} == {
        ("email", "blocked@x.io"),
        ("domain", "competitor.com"),
    }


async def _count(session: object, model: type, column: object, workspace_id: str) -> int:
    stmt = select(func.count()).where(
        model.workspace_id == workspace_id,  # type: ignore[attr-defined]
        column == "priya@acmesaas.io",
    )
    return int((await session.execute(stmt)).scalar_one())  # type: ignore[attr-defined]


async def test_erase_removes_everywhere_and_blocks_reimport(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller()
    csv_text = "Name,Title,Email,Company\nPriya Sharma,Founder,priya@acmesaas.io,Acme SaaS\n"
    async with session_scope() as session:
        await service.import_people(session, caller.workspace_id, [PERSON])
        await import_csv(session, caller.workspace_id, csv_text)
        run = SearchRun(
            workspace_id=caller.workspace_id,
            contract="000",
            prompt="p",
            normalised_prompt="p",
            fetch_count=1,
            correlation_id="c",
            cursors={},
        )
        session.add(run)
        await session.flush()
        session.add(
            SearchResult(
                workspace_id=caller.workspace_id,
                run_id=run.id,
                position=0,
                name="Priya Sharma",
                email="priya@acmesaas.io",
                name_key="priya sharma@acme saas",
                source="sandbox",
            )
        )
        session.add(
            VerificationRecord(
                workspace_id=caller.workspace_id,
                address="priya@acmesaas.io",
                result={"status": "valid"},
                expires_at=utcnow() + timedelta(days=1),
            )
        )
    r = await client.post(
        "/api/v1/contacts/erase", json={"email": "PRIYA@acmesaas.io"}, headers=caller.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["removed"] == {
        "contacts": 1,
        "results": 1,
        "index_people": 1,
        "verifications": 1,
    }
    async with session_scope() as session:
        for model, column in (
            (Contact, Contact.email),
            (SearchResult, SearchResult.email),
            (IndexPerson, IndexPerson.email),
            (VerificationRecord, VerificationRecord.address),
        ):
            assert await _count(session, model, column, caller.workspace_id) == 0
        kept = (await session.execute(select(ErasedPerson.email_hash))).scalars().all()
        assert service.email_hash("priya@acmesaas.io") in kept
        assert all("priya" not in h for h in kept)
        outcome = await service.import_people(session, caller.workspace_id, [PERSON])
        report = await import_csv(session, caller.workspace_id, csv_text)
    assert outcome.imported == 0 and outcome.suppressed == 1
    assert report.imported == 0 and report.errors == [(2, "suppressed or erased person")]
    r = await client.delete("/api/v1/contacts/priya@acmesaas.io", headers=caller.headers)
    assert r.status_code == 200 and r.json()["removed"]["contacts"] == 0


async def test_list_csv_export_is_formula_safe(routes: FastAPI, client: httpx.AsyncClient) -> None:
    caller = await make_caller()
    r = await client.post("/api/v1/lists", json={"name": "Risky"}, headers=caller.headers)
    list_id = r.json()["list"]["id"]
    async with session_scope() as session:
        await service.import_people(
            session,
            caller.workspace_id,
            [
                {"email": "a@x.io", "name": '=HYPERLINK("http://evil")', "company": "+1 Corp"},
                {"email": "b@x.io", "name": "Bea", "company": "@SUM(A1)"},
            ],
            list_id=list_id,
        )
        await service.suppress(session, caller.workspace_id, ["b@x.io"])
    r = await client.get(f"/api/v1/lists/{list_id}/export.csv", headers=caller.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["email"] for row in rows] == ["a@x.io"]  # the suppressed one is left out
    assert rows[0]["name"].startswith("'=") and rows[0]["company"] == "'+1 Corp"
    r = await client.get("/api/v1/lists", headers=caller.headers)
    assert r.json()["lists"][0]["contacts"] == 2
    other = await make_caller()
    r = await client.get(f"/api/v1/lists/{list_id}/export.csv", headers=other.headers)
    assert r.status_code == 404
