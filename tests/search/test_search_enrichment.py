"""Live runs look their people up before saving them, within bounds: a few at a time, a
time limit per person and per run; one person's failure is recorded, never fatal."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import select

from leadsmith.accounts.models import Workspace
from leadsmith.billing import quotas
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.emails.models import Verification
from leadsmith.enrich.service import Looked
from leadsmith.search import enrichment, runs, service
from leadsmith.search.index_import import import_csv
from leadsmith.search.models import SearchResult, SearchRun
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.records import CompanyRecord, PersonRecord, Provenance
from tests.enrich.live import configure
from tests.factories import make_caller

PROMPT = "Founders in India"


class StubVerifier:
    """Verdicts by address; anything else is invalid."""

    def __init__(self, verdicts: dict[str, str]) -> None:
        self.verdicts = verdicts
        self.asked: list[str] = []

    async def verify_many(self, emails: Sequence[str]) -> list[Verification]:
        self.asked += list(emails)
        return [
            Verification(e, e, self.verdicts.get(e, "invalid"), "stub", 90)  # type: ignore[arg-type]
            for e in emails
        ]


class StubLookups:
    """Lookups by last name: "Boom" raises, "Slow" never answers, others are found."""

    def __init__(self, verifier: StubVerifier | None = None) -> None:
        self.verifier = verifier
        self.running = 0
        self.peak = 0
        self.asked: list[str] = []

    async def find_email(self, query: PersonQuery) -> Looked:
        self.asked.append(query.last_name or "")
        self.running += 1
        self.peak = max(self.peak, self.running)
        try:
            await asyncio.sleep(0.02)
            if query.last_name == "Boom":
                raise RuntimeError("provider exploded")
            if query.last_name == "Slow":
                await asyncio.sleep(30)
            if query.last_name == "Nobody":
                return Looked("email", "k", {"found": False, "attempts": []})
            email = f"{(query.first_name or '').lower()}@{query.domain}"
            return Looked(
                "email",
                "k",
                {
                    "found": True,
                    "email": email,
                    "evidence": "guessed",
                    "confidence": 88,
                    "verified": True,
                    "verdict": "valid",
                    "sources": ["smtp"],
                    "provenance": [{"source": "smtp", "url": None}],
                },
            )
        finally:
            self.running -= 1

    async def find_phone(self, query: PersonQuery) -> Looked:
        return Looked("phone", "k", {"found": False})


def _person(first: str, last: str, email: str | None = None) -> PersonRecord:
    return PersonRecord(
        first,
        last,
        email=email,
        company=CompanyRecord("Kumar Labs", domain="kumarlabs.io"),
        provenance=[Provenance("local")],
    )


async def test_failures_and_timeouts_are_recorded_per_person(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(enrichment, "PERSON_TIMEOUT", 0.3)
    lookups = StubLookups()
    people = [_person("Ann", "Able"), _person("Bo", "Boom"), _person("Cy", "Slow")]
    ann, bo, cy = await enrichment.enrich_people(lookups, people, seconds_left=60)  # type: ignore[arg-type]
    assert ann.status == "enriched" and people[0].email == "ann@kumarlabs.io"
    assert ann.email is not None and ann.email["evidence"] == "guessed"
    assert bo.status == "failed" and bo.reason == "RuntimeError: provider exploded"
    assert cy.status == "failed" and cy.reason == "lookups gave no answer within 0.3 s"
    assert people[1].email is None and people[2].email is None


async def test_lookups_run_a_few_at_a_time_and_stop_when_the_budget_is_spent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(enrichment, "CONCURRENCY", 2)
    lookups = StubLookups()
    people = [_person(f"P{chr(97 + i)}", "Able") for i in range(6)]
    outcomes = await enrichment.enrich_people(lookups, people, seconds_left=60)  # type: ignore[arg-type]
    assert {o.status for o in outcomes} == {"enriched"} and lookups.peak == 2
    spent = await enrichment.enrich_people(
        StubLookups(),  # type: ignore[arg-type]
        [_person("Late", "Able")],
        seconds_left=0,
    )
    assert spent[0].status == "skipped" and "time" in (spent[0].reason or "")


async def test_an_address_on_record_is_verified_and_replaced_when_invalid() -> None:
    verifier = StubVerifier({"ann@old.io": "valid"})
    lookups = StubLookups(verifier)
    kept = _person("Ann", "Able", "Ann@Old.io")
    replaced = _person("Bea", "Able", "bea@gone.io")
    stale = _person("Cid", "Nobody", "cid@gone.io")
    a, b, c = await enrichment.enrich_people(
        lookups,  # type: ignore[arg-type]
        [kept, replaced, stale],
        seconds_left=60,
    )
    assert a.status == "enriched" and kept.email == "ann@old.io" and a.verdict == "valid"
    assert lookups.asked.count("Able") == 1  # only Bea's address had to be found anew
    assert b.status == "enriched" and replaced.email == "bea@kumarlabs.io"
    assert b.reason and "invalid" in b.reason
    # Nothing better found: the old address stays, shown as invalid.
    assert c.status == "not_found" and stale.email == "cid@gone.io" and c.verdict == "invalid"
    # A verdict the workspace already has is not asked again.
    again = await enrichment.enrich_people(
        lookups,  # type: ignore[arg-type]
        [_person("Ann", "Able", "ann@old.io")],
        seconds_left=60,
        verdicts={"ann@old.io": "valid"},
    )
    assert again[0].status == "enriched" and verifier.asked.count("ann@old.io") == 1


def _csv(tag: str) -> str:
    rows = ["First Name,Last Name,Title,Company,Company Website,Country"]
    for first, last in (("Ann", "Able"), ("Bo", "Boom"), ("Cy", "Slow")):
        rows.append(f"{first},{last},Founder,Labs {tag},labs{tag}.io,India")
    return "\n".join(rows) + "\n"


async def _live_run(workspace_id: str) -> SearchRun:
    async with session_scope() as session:
        workspace = await session.get(Workspace, workspace_id)
        assert workspace is not None
        started = await service.start_search(
            session,
            workspace,
            prompt=PROMPT,
            fetch_count=10,
            contract="000",
            test=False,
            enqueue=False,
        )
    await runs.execute(started.run.id)
    async with read_scope() as session:
        return await service.get_run(session, workspace_id, started.run.id)


async def _rows(run: SearchRun) -> dict[str, SearchResult]:
    async with read_scope() as session:
        found = await session.execute(select(SearchResult).where(SearchResult.run_id == run.id))
        return {r.last_name or "": r for r in found.scalars()}


async def test_a_run_saves_everyone_even_when_some_lookups_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(enrichment, "PERSON_TIMEOUT", 0.3)
    caller = await make_caller()
    await configure(caller.workspace_id)
    async with session_scope() as session:
        await import_csv(session, caller.workspace_id, _csv(uuid.uuid4().hex[:6]))
    stub = StubLookups()

    @asynccontextmanager
    async def stub_lookups(workspace: Workspace | None, **_: Any) -> AsyncIterator[StubLookups]:
        yield stub

    monkeypatch.setattr(runs, "open_lookups", stub_lookups)
    run = await _live_run(caller.workspace_id)
    assert run.status == "completed" and run.total_found == 3, run.error
    rows = await _rows(run)
    assert rows["Able"].email and rows["Able"].email_status == "valid" and rows["Able"].enriched
    assert rows["Able"].data["email_evidence"]["sources"] == ["smtp"]
    assert rows["Boom"].email is None and rows["Boom"].email_status == "not_found"
    assert rows["Boom"].data["enrichment"] == {
        "status": "failed",
        "reason": "RuntimeError: provider exploded",
    }
    assert rows["Slow"].data["enrichment"]["status"] == "failed"
    assert not rows["Boom"].enriched and rows["Boom"].ai_message is None


async def test_lookups_that_cannot_start_leave_the_run_intact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caller = await make_caller()
    await configure(caller.workspace_id)
    async with session_scope() as session:
        await import_csv(session, caller.workspace_id, _csv(uuid.uuid4().hex[:6]))

    def broken(workspace: Workspace | None, **_: Any) -> Any:
        raise OSError("no route to the verifier")

    monkeypatch.setattr(runs, "open_lookups", broken)
    run = await _live_run(caller.workspace_id)
    assert run.status == "completed" and run.total_found == 3
    reasons = {r.data["enrichment"]["reason"] for r in (await _rows(run)).values()}
    assert reasons == {"lookups unavailable: OSError: no route to the verifier"}


async def test_test_keys_never_look_anyone_up(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(workspace: Workspace | None, **_: Any) -> Any:
        raise AssertionError("a test-key run opened live lookups")

    monkeypatch.setattr(runs, "open_lookups", forbidden)
    caller = await make_caller(test=True)
    async with session_scope() as session:
        workspace = await session.get(Workspace, caller.workspace_id)
        assert workspace is not None
        started = await service.start_search(
            session,
            workspace,
            prompt=PROMPT,
            fetch_count=3,
            contract="000",
            test=True,
            enqueue=False,
        )
    await runs.execute(started.run.id)
    async with read_scope() as session:
        run = await service.get_run(session, caller.workspace_id, started.run.id)
    assert run.status == "completed" and run.total_found == 3
    rows = await _rows(run)
    assert all("enrichment" not in r.data for r in rows.values())


async def test_only_people_the_quota_lets_a_run_save_are_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caller = await make_caller(plan="free")  # 25 results a month, no overage
    await configure(caller.workspace_id)
    async with session_scope() as session:
        workspace = await session.get(Workspace, caller.workspace_id)
        assert workspace is not None
        await quotas.consume_results(session, workspace, 24)
        await import_csv(session, caller.workspace_id, _csv(uuid.uuid4().hex[:6]))
    stub = StubLookups()

    @asynccontextmanager
    async def stub_lookups(workspace: Workspace | None, **_: Any) -> AsyncIterator[StubLookups]:
        yield stub

    monkeypatch.setattr(runs, "open_lookups", stub_lookups)
    monkeypatch.setattr(enrichment, "PERSON_TIMEOUT", 0.3)
    run = await _live_run(caller.workspace_id)
    assert run.status == "completed" and run.total_found == 1
    assert run.note and "quota" in run.note
    assert len(stub.asked) == 1
