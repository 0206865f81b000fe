"""Working a search run, page by page: fan out to the sources, dedupe, rank, enrich, save.

Live runs look up the people a page would save (`leadsmith.search.enrichment`) before
saving them: those lookups are not charged as credits, since saved results count against
the plan's monthly lead-result quota; test keys' runs use the sandbox's own verdicts.

Each function opens its own session, so the job (`tasks.lead_search`) can make each one a
durable step and the CLI can call them in-process. A page's results, the run's counters and
the List's cursor are written in one transaction: a page is saved whole or not at all.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.ai.opener import lead_from_person, template_opener
from leadsmith.billing import quotas
from leadsmith.config import get_settings
from leadsmith.contacts import service as contacts
from leadsmith.db.base import utcnow
from leadsmith.db.dialect import upsert_insert
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.enrich.service import Lookups, open_lookups
from leadsmith.search import dedupe, enrichment, ranking
from leadsmith.search.enrichment import Enrichment
from leadsmith.search.filters import SearchFilters
from leadsmith.search.models import (
    COMPLETED,
    FAILED,
    PROCESSING,
    QUEUED,
    TERMINAL,
    SearchCursor,
    SearchResult,
    SearchRun,
)
from leadsmith.search.parser.locations import region_label
from leadsmith.search.service import logger, prompt_key, release_list, result_person
from leadsmith.sources.base import Capability, Source, SourceError
from leadsmith.sources.records import PersonRecord, Provenance

# Most people asked of one source per page: pages stay small enough to save in one go.
PAGE_SIZE = 200
# Live pages are looked up before they are saved: smaller, so progress shows and a
# restarted step redoes little.
LIVE_PAGE_SIZE = 25
ENRICHED_VERDICTS = frozenset({"valid", "risky"})


def sources_for(run: SearchRun) -> list[Source]:
    """Test keys (and --sandbox) search only the sandbox; live runs the workspace's local
    index, then web discovery when a search engine is configured."""
    from leadsmith.sources.local import LocalSource
    from leadsmith.sources.sandbox import SandboxSource

    if run.test or run.sandbox:
        return [SandboxSource()]
    sources: list[Source] = [LocalSource(run.workspace_id)]
    settings = get_settings()
    if settings.searxng_url or settings.brave_api_key:
        from leadsmith.sources.linkedin_titles import SearchEngineSource

        sources.append(SearchEngineSource(settings=settings))
    return sources


async def begin(run_id: str) -> bool:
    """Mark the run processing and pick up the List's cursor; False if it should not run."""
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id)
        if run is None or run.status in TERMINAL:
            return False
        if run.status == QUEUED:
            run.status, run.started_at = PROCESSING, utcnow()
            if run.list_id is not None:
                stored = await session.get(
                    SearchCursor, (run.list_id, prompt_key(run.normalised_prompt))
                )
                run.cursors = dict(stored.cursors) if stored else {}
        return True


async def _seen_keys(session: Any, run: SearchRun) -> set[str]:
    """Identity keys this run must not return: its own results and, on a List, everyone
    already saved on it."""
    cond = SearchResult.list_id == run.list_id if run.list_id else SearchResult.run_id == run.id
    rows = (
        await session.execute(
            select(SearchResult.email, SearchResult.linkedin_url, SearchResult.name_key).where(cond)
        )
    ).all()
    seen: set[str] = set()
    for email, linkedin, name_key in rows:
        seen |= dedupe.stored_keys(email, linkedin, name_key)
    if run.list_id:
        seen |= {f"e:{e}" for e in await contacts.list_emails(session, run.list_id)}
    return seen


async def _email_status(session: Any, run: SearchRun, source: Source, email: str | None) -> str:
    if not email:
        return "not_found"
    verify = getattr(source, "verify_email", None)
    if (run.test or run.sandbox) and verify is not None:
        return str((await verify(email))["verdict"])
    from leadsmith.emails.service import cached_result

    cached = await cached_result(session, run.workspace_id, email)
    return cached.status if cached is not None else "unverified"


def _location(person: PersonRecord) -> str | None:
    parts = [p for p in (person.city, region_label(person.region), person.country) if p]
    return ", ".join(parts) or None


def _result_data(
    person: PersonRecord, email_status: str, outcome: Enrichment | None = None
) -> dict[str, Any]:
    company = person.company
    data: dict[str, Any] = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "seniority": person.seniority,
        "department": person.department,
        "country": person.country,
        "city": person.city,
        "phone_type": person.phone_type,
        "skills": person.skills,
        "email_verification": email_status,
        "company": None
        if company is None
        else {
            "name": company.name,
            "domain": company.domain,
            "industry": company.industry,
            "employees": company.employees,
            "country": company.country,
            "website": company.website,
            "technologies": company.technologies,
        },
        "provenance": [
            {"source": p.source, "url": p.url, "seen_at": p.seen_at.isoformat()}
            for p in _distinct(person.provenance)
        ],
    }
    if outcome is not None:
        # What the lookups did, and the evidence behind the address and phone they gave.
        data["enrichment"] = outcome.as_json()
        data["email_evidence"] = outcome.email
        data["phone_evidence"] = outcome.phone
    return data


def _distinct(items: list[Provenance]) -> list[Provenance]:
    """One entry per (source, URL), the first seen."""
    seen: dict[tuple[str, str | None], Provenance] = {}
    for p in items:
        seen.setdefault((p.source, p.url), p)
    return list(seen.values())


def _next_source(run: SearchRun, sources: list[Source]) -> Source | None:
    for source in sources:
        if not run.cursors.get(source.name, {}).get("done"):
            return source
    return None


@asynccontextmanager
async def run_lookups(workspace: Workspace, sources: list[Source]) -> AsyncIterator[Lookups]:
    """The lookups a live run's people go through: the workspace's own waterfall, with the
    run's discovery sources that resolve company names (web search) asked for domains."""
    finders = [s for s in sources if _finds_domains(s)]
    async with open_lookups(workspace, test=False, extra_sources=finders) as lookups:
        yield lookups


def _finds_domains(source: Source) -> bool:
    """Whether a source resolves company names to domains (web search does)."""
    return Capability.DOMAIN_FINDER in source.capabilities or (
        type(source).domain_for_company is not Source.domain_for_company
    )


def _unblocked(people: list[PersonRecord], blocked: contacts.Blocklist) -> list[PersonRecord]:
    return [
        p
        for p in people
        if not blocked.blocks(p.email)
        and not (p.company and p.company.domain and p.company.domain in blocked.domains)
    ]


@dataclass(slots=True)
class _Picked:
    """The people of a page worth looking up: those the run would save."""

    people: list[PersonRecord]
    quota_cut: bool = False


async def _pick(
    run: SearchRun, workspace: Workspace, people: list[PersonRecord], filters: SearchFilters
) -> _Picked:
    """Unsuppressed, unseen, best-ranked people, as many as the run and the quota take."""
    async with read_scope() as session:
        blocked = await contacts.blocklist(session, run.workspace_id)
        seen = await _seen_keys(session, run)
        allowed = await quotas.results_allowed(session, workspace)
    fresh = dedupe.dedupe(_unblocked(people, blocked), seen)
    wanted = run.fetch_count - run.total_found
    ranked = [p for p, _ in ranking.rank(fresh, filters)][:wanted]
    if allowed is not None and allowed < len(ranked):
        return _Picked(ranked[:allowed], quota_cut=True)
    return _Picked(ranked)


async def _enrich(
    run: SearchRun, workspace: Workspace, people: list[PersonRecord], sources: list[Source]
) -> dict[int, Enrichment]:
    """Each person's lookups (by `id(person)`); a failure is recorded, never raised."""
    if not people:
        return {}
    started = run.started_at or utcnow()
    left = enrichment.RUN_BUDGET - (utcnow() - started).total_seconds()
    try:
        emails = [e for p in people if (e := dedupe.normalise_email(p.email))]
        verdicts = await enrichment.cached_verdicts(run.workspace_id, emails)
        async with run_lookups(workspace, sources) as lookups:
            found = await enrichment.enrich_people(
                lookups, people, seconds_left=left, verdicts=verdicts
            )
    except Exception as exc:  # the lookups could not even start: save the people as found
        logger.warning("search %s: lookups failed to start", run.id, exc_info=True)
        found = [Enrichment("failed", f"lookups unavailable: {type(exc).__name__}: {exc}")] * len(
            people
        )
    return {id(p): outcome for p, outcome in zip(people, found, strict=True)}


async def fetch_page(run_id: str) -> bool:
    """Fetch, dedupe, rank, enrich and save one page; True while there is more to do.

    The source and the lookups are asked outside any transaction: a slow provider or mail
    server must not hold the database's write lock (on SQLite that would stall every
    other writer).
    """
    async with read_scope() as session:
        run = await session.get(SearchRun, run_id)
        if run is None or run.status != PROCESSING:
            return False
        remaining = run.fetch_count - run.total_found
        sources = sources_for(run)
        source = _next_source(run, sources)
        state = dict(run.cursors.get(source.name, {})) if source is not None else {}
        filters = SearchFilters.model_validate(run.filters)
        live = not (run.test or run.sandbox)
        owner = await session.get(Workspace, run.workspace_id) if live else None
    outcomes: dict[int, Enrichment] = {}
    quota_cut = False
    try:
        if remaining <= 0 or source is None:
            return False
        size = min(LIVE_PAGE_SIZE if live else PAGE_SIZE, remaining)
        try:
            people, next_cursor = await source.search_people(
                filters, limit=size, cursor=state.get("cursor")
            )
        except SourceError as exc:
            people, next_cursor = [], None
            state["error"] = str(exc)
        if owner is not None and people:
            picked = await _pick(run, owner, people, filters)
            people, quota_cut = picked.people, picked.quota_cut
            outcomes = await _enrich(run, owner, people, sources)
    finally:
        for s in sources:
            await s.aclose()
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id, populate_existing=True)
        if run is None or run.status != PROCESSING:
            return False  # cancelled while the source answered
        workspace = await session.get(Workspace, run.workspace_id)
        if workspace is None:
            return False
        remaining = run.fetch_count - run.total_found
        state.update(cursor=next_cursor, done=next_cursor is None)
        blocked = await contacts.blocklist(session, run.workspace_id)
        fresh = dedupe.dedupe(_unblocked(people, blocked), await _seen_keys(session, run))
        ranked = ranking.rank(fresh, filters)[:remaining]
        stop = quota_cut
        if ranked and not run.test:
            accepted = await quotas.consume_results(session, workspace, len(ranked))
            if accepted < len(ranked):
                ranked, stop = ranked[:accepted], True
        if stop:
            run.note = "Stopped at the plan's monthly lead result quota (overage is off)."
        for i, (person, score) in enumerate(ranked):
            outcome = outcomes.get(id(person))
            if outcome is not None and outcome.email is not None:
                status = outcome.verdict or "unverified"
            else:
                status = await _email_status(session, run, source, person.email)
            enriched = bool(person.email) and status in ENRICHED_VERDICTS
            company = person.company
            session.add(
                SearchResult(
                    workspace_id=run.workspace_id,
                    run_id=run.id,
                    list_id=run.list_id,
                    position=run.total_found + i,
                    score=score,
                    name=person.name,
                    first_name=person.first_name,
                    last_name=person.last_name,
                    email=dedupe.normalise_email(person.email),
                    email_status=status,
                    phone=person.phone,
                    linkedin_url=person.linkedin_url,
                    name_key=dedupe.name_key(
                        person.name,
                        company.name if company else None,
                        company.domain if company else None,
                    ),
                    company=company.name if company else None,
                    company_domain=company.domain if company else None,
                    role=person.title,
                    location=_location(person),
                    source=person.provenance[0].source if person.provenance else source.name,
                    enriched=enriched,
                    ai_message=template_opener(lead_from_person(person)) if enriched else None,
                    data=_result_data(person, status, outcome),
                )
            )
        run.cursors = {**run.cursors, source.name: state}
        run.total_found += len(ranked)
        run.progress = min(99, int(100 * run.total_found / run.fetch_count))
        if run.list_id is not None:
            stmt = upsert_insert(session, SearchCursor).values(
                list_id=run.list_id,
                prompt_key=prompt_key(run.normalised_prompt),
                workspace_id=run.workspace_id,
                cursors=run.cursors,
                updated_at=utcnow(),
            )
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=["list_id", "prompt_key"],
                    set_={"cursors": run.cursors, "updated_at": utcnow()},
                )
            )
        more = not stop and run.total_found < run.fetch_count
        return more and _next_source(run, sources) is not None


async def complete(run_id: str) -> None:
    """Finish the run: a List gets the run's people as contacts; the List is released."""
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id, populate_existing=True)
        if run is None or run.status != PROCESSING:
            return
        errors = [s.get("error") for s in run.cursors.values() if s.get("error")]
        if errors and run.total_found == 0:
            run.status, run.error = FAILED, "; ".join(str(e) for e in errors)
        else:
            run.status = COMPLETED
            if errors:
                run.note = "; ".join(filter(None, [run.note, *map(str, errors)]))
        run.progress, run.completed_at = 100, utcnow()
        if run.list_id is not None and run.status == COMPLETED:
            rows = (
                await session.execute(
                    select(SearchResult)
                    .where(SearchResult.run_id == run.id, SearchResult.email.is_not(None))
                    .order_by(SearchResult.position)
                )
            ).scalars()
            await contacts.import_people(
                session, run.workspace_id, [result_person(r) for r in rows], list_id=run.list_id
            )
        await release_list(session, run)
        await _announce(session, run)


async def fail(run_id: str, message: str) -> None:
    """Mark the run failed with `error` (a cancelled or finished run is left alone)."""
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id, populate_existing=True)
        if run is None or run.status in TERMINAL:
            return
        run.status, run.error, run.completed_at = FAILED, message, utcnow()
        await release_list(session, run)
        await _announce(session, run)


async def _announce(session: AsyncSession, run: SearchRun) -> None:
    """Queue `search.completed` for the workspace's webhook endpoints (after commit)."""
    from leadsmith.webhooks.events import emit_event, search_completed

    base = get_settings().base_url.rstrip("/")
    if run.contract == "000":
        results_url = f"{base}/api/v1/leads/results/{run.id}"
    else:
        results_url = f"{base}/api/leads/search/results?taskId={run.id}"
    await emit_event(
        session,
        run.workspace_id,
        "search.completed",
        search_completed(
            search_id=run.id,
            list_id=run.list_id,
            status=run.status,
            total=run.fetch_count,
            found=run.total_found,
            results_url=results_url,
            completed_at=run.completed_at or utcnow(),
        ),
    )


async def execute(run_id: str, on_progress: Callable[[SearchRun], None] | None = None) -> None:
    """Work a run to its end in this process (the CLI; the job does the same in steps)."""
    try:
        if not await begin(run_id):
            return
        while await fetch_page(run_id):
            if on_progress is not None:
                async with session_scope() as session:
                    run = await session.get(SearchRun, run_id)
                    if run is not None:
                        on_progress(run)
        await complete(run_id)
    except Exception as exc:
        await fail(run_id, f"internal error: {type(exc).__name__}: {exc}")
        raise
