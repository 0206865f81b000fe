"""Lead searches: start a run (bound to a List or not), read its status and results, cancel.

Runs are worked by the `lead_search` job (`leadsmith.search.tasks`). Internal status words
are one state machine (queued, processing, completed, failed, cancelled); each contract's
router words them its own way.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith import jobs
from leadsmith.accounts.models import Workspace
from leadsmith.billing import quotas
from leadsmith.contacts import service as contacts
from leadsmith.contacts.models import ContactList
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.dialect import rows_affected, upsert_insert
from leadsmith.errors import Conflict, InvalidInput, NotFound, QuotaExceeded
from leadsmith.search.filters import SearchFilters
from leadsmith.search.models import (
    CANCELLED,
    QUEUED,
    TERMINAL,
    SearchListLock,
    SearchResult,
    SearchRun,
)
from leadsmith.search.parser import canonicalise, merge_filters, normalise_prompt, parse_prompt

MAX_FETCH = 2500
DEFAULT_LIMIT = 25
MAX_LIMIT = 500
MAX_PROMPT = 2000
TASK = "lead_search"
logger = logging.getLogger("leadsmith.search")


def prompt_key(normalised: str) -> str:
    """The key a prompt's cursor is stored under."""
    return hashlib.sha256(normalised.encode()).hexdigest()


def clamp_fetch_count(value: int) -> int:
    """1..2,500: larger values are clamped (seed 001), 0 or negative is refused."""
    if value <= 0:
        raise InvalidInput(
            f"fetch_count must be at least 1 (got {value}); at most {MAX_FETCH:,} are fetched"
            " per run.",
            summary="Invalid fetch_count",
        )
    return min(value, MAX_FETCH)


def filters_for(prompt: str, explicit: Mapping[str, Any] | None) -> SearchFilters:
    """The prompt's parsed filters with the request's explicit ones on top."""
    parsed = parse_prompt(prompt)
    if not explicit:
        return parsed
    return merge_filters(parsed, canonicalise(dict(explicit)))


@dataclass(slots=True)
class Started:
    run: SearchRun
    list: ContactList | None


async def _bind_list(
    session: AsyncSession,
    workspace_id: str,
    list_id: str | None,
    list_name: str | None,
    prompt: str,
) -> ContactList:
    if list_id:
        found = await session.get(ContactList, list_id)
        if found is not None:
            if found.workspace_id != workspace_id:
                raise NotFound(f"No list {list_id} in this workspace.")
            return found
        # A client-generated id that does not exist yet: create the List with it (seed 001).
        return await contacts.create_list(session, workspace_id, list_name or prompt, list_id)
    return await contacts.create_list(session, workspace_id, list_name or prompt)


async def _lock_list(session: AsyncSession, list_id: str, run_id: str) -> None:
    """Take the List's one active-search slot, or 409 search_in_progress."""
    stmt = upsert_insert(session, SearchListLock).values(list_id=list_id, run_id=run_id)
    result = await session.execute(stmt.on_conflict_do_nothing(index_elements=["list_id"]))
    if rows_affected(result):
        return
    lock = await session.get(SearchListLock, list_id, populate_existing=True, with_for_update=True)
    holder = await session.get(SearchRun, lock.run_id) if lock is not None else None
    if holder is not None and holder.status not in TERMINAL:
        raise Conflict(
            f"List {list_id} already has an active search ({holder.id}). Wait for it to"
            " finish, or cancel it with DELETE /api/leads/search?taskId=" + holder.id + ".",
            code="search_in_progress",
            summary="A search is already running for this list",
            extra={"taskId": holder.id},
        )
    # The holder finished without releasing (crash): take the slot over.
    await session.execute(
        update(SearchListLock).where(SearchListLock.list_id == list_id).values(run_id=run_id)
    )


async def release_list(session: AsyncSession, run: SearchRun) -> None:
    """Free the run's List for the next search."""
    if run.list_id is None:
        return
    await session.execute(
        delete(SearchListLock).where(
            SearchListLock.list_id == run.list_id, SearchListLock.run_id == run.id
        )
    )


async def start_search(
    session: AsyncSession,
    workspace: Workspace,
    *,
    prompt: str,
    fetch_count: int,
    contract: str,
    test: bool,
    filters: Mapping[str, Any] | None = None,
    bind_list: bool = False,
    list_id: str | None = None,
    list_name: str | None = None,
    sandbox: bool = False,
    enqueue: bool = True,
) -> Started:
    """Create a run (and its List when `bind_list`), count it against the quota and enqueue
    its job after the caller's transaction commits."""
    prompt = prompt.strip()
    if not prompt or len(prompt) > MAX_PROMPT:
        raise InvalidInput(f"prompt must be 1 to {MAX_PROMPT} characters.", summary="Bad prompt")
    fetch = clamp_fetch_count(fetch_count)
    merged = filters_for(prompt, filters)
    run_id = new_id()
    bound = (
        await _bind_list(session, workspace.id, list_id, list_name, prompt) if bind_list else None
    )
    if bound is not None:
        await _lock_list(session, bound.id, run_id)
    if not test:
        await quotas.consume_search(session, workspace)
        if await quotas.results_allowed(session, workspace) == 0:
            raise QuotaExceeded(
                "This month's lead results are used and overage is off; enable overage in"
                " Settings → Billing or wait for next month.",
                summary="Monthly lead result quota reached",
            )
    run = SearchRun(
        id=run_id,
        workspace_id=workspace.id,
        list_id=bound.id if bound else None,
        contract=contract,
        prompt=prompt,
        normalised_prompt=normalise_prompt(prompt),
        request_filters=dict(filters or {}),
        filters=merged.model_dump(mode="json"),
        fetch_count=fetch,
        status=QUEUED,
        test=test,
        sandbox=sandbox or test,
        correlation_id="corr_" + new_id().replace("-", "")[:24],
        cursors={},
        created_at=utcnow(),
    )
    session.add(run)
    await session.flush()
    if enqueue:
        jobs.enqueue_after_commit(session, TASK, {"run_id": run.id}, job_id=run.id)
    return Started(run, bound)


async def get_run(session: AsyncSession, workspace_id: str, run_id: str) -> SearchRun:
    run = await session.get(SearchRun, run_id, populate_existing=True)
    if run is None or run.workspace_id != workspace_id:
        raise NotFound(f"No search {run_id} in this workspace.")
    return run


async def recent_runs(
    session: AsyncSession, workspace_id: str, *, contract: str | None = None, limit: int = 20
) -> list[SearchRun]:
    stmt = select(SearchRun).where(SearchRun.workspace_id == workspace_id)
    if contract:
        stmt = stmt.where(SearchRun.contract == contract)
    stmt = stmt.order_by(SearchRun.created_at.desc()).limit(limit)
    return list((await session.execute(stmt)).scalars())


async def cancel_run(session: AsyncSession, workspace_id: str, run_id: str) -> SearchRun:
    """Cancel a queued or running search (a finished one is returned unchanged)."""
    run = await get_run(session, workspace_id, run_id)
    if run.status in TERMINAL:
        return run
    run.status, run.completed_at = CANCELLED, utcnow()
    await release_list(session, run)
    await session.flush()
    try:
        await jobs.cancel(run.id)
    except Exception:
        # No job runtime here (CLI) or the engine lost the job: our row says cancelled and
        # the task checks it before every page, so the run still stops.
        logger.info("search %s: engine cancel failed", run.id, exc_info=True)
    return run


async def results_page(
    session: AsyncSession,
    workspace_id: str,
    run_id: str,
    *,
    page: int = 1,
    per_page: int = 25,
    enriched_only: bool = False,
) -> tuple[list[SearchResult], int]:
    """One page of a run's results, best first, and how many there are in all."""
    await get_run(session, workspace_id, run_id)
    conds = [SearchResult.run_id == run_id, SearchResult.workspace_id == workspace_id]
    if enriched_only:
        conds.append(SearchResult.enriched.is_(True))
    # People suppressed after the run saved them are not shown either.
    blocked = await contacts.blocklist(session, workspace_id)
    if blocked.emails:
        conds.append(
            or_(SearchResult.email.is_(None), SearchResult.email.not_in(sorted(blocked.emails)))
        )
    if blocked.domains:
        domains = sorted(blocked.domains)
        conds.extend(
            or_(SearchResult.email.is_(None), SearchResult.email.not_like(f"%@{d}"))
            for d in domains
        )
        conds.append(
            or_(SearchResult.company_domain.is_(None), SearchResult.company_domain.not_in(domains))
        )
    total = (await session.execute(select(func.count()).where(*conds))).scalar_one()
    rows = (
        await session.execute(
            select(SearchResult)
            .where(*conds)
            .order_by(SearchResult.score.desc(), SearchResult.position)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    ).scalars()
    return list(rows), int(total)


async def results_by_ids(
    session: AsyncSession, workspace_id: str, ids: list[str]
) -> list[SearchResult]:
    if not ids:
        return []
    return list(
        (
            await session.execute(
                select(SearchResult).where(
                    SearchResult.workspace_id == workspace_id, SearchResult.id.in_(ids)
                )
            )
        ).scalars()
    )


def result_person(row: SearchResult) -> dict[str, Any]:
    """A saved result as the fields a contact keeps."""
    return {
        "email": row.email,
        "name": row.name,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "company": row.company,
        "company_domain": row.company_domain,
        "role": row.role,
        "phone": row.phone,
        "linkedin_url": row.linkedin_url,
        "location": row.location,
        "source": row.source,
        "data": {"result_id": row.id, "run_id": row.run_id},
    }


async def import_results(
    session: AsyncSession, workspace_id: str, result_ids: list[str], list_id: str | None
) -> contacts.ImportOutcome:
    """Promote results to contacts (and a list); duplicates and unknown ids are skipped."""
    rows = await results_by_ids(session, workspace_id, result_ids)
    by_id = {r.id: r for r in rows}
    ordered = [by_id[i] for i in dict.fromkeys(result_ids) if i in by_id]
    outcome = await contacts.import_people(
        session, workspace_id, [result_person(r) for r in ordered], list_id=list_id
    )
    outcome.skipped += len(result_ids) - len(ordered)
    return outcome
