"""Dashboard pages: lead search — start, watch, read, import, export, find more, cancel.

Searches go through `leadsmith.search.service` exactly as the API's do. Sandbox mode
(the `ls_mode` cookie) starts sandbox runs that never count against quotas or credits.
A run may be saved to a List; a later "find more" on that List continues from its
cursor, so nobody is found twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.api.routers.leads_jobs import result_view
from leadsmith.cli.parse import filters_record
from leadsmith.contacts import export
from leadsmith.contacts import service as contacts
from leadsmith.contacts.models import ContactList, ListMember
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import LeadsmithError, NotFound
from leadsmith.search import service
from leadsmith.search import tasks as _tasks  # noqa: F401  (registers the lead_search job)
from leadsmith.search.filters import SearchFilters
from leadsmith.search.models import TERMINAL, SearchResult, SearchRun
from leadsmith.taxonomy import COMPANY_SIZE_BANDS, INDUSTRIES, SENIORITIES
from leadsmith.web.deps import CsrfDep, Viewer, ViewerDep, page_not_found, workspace_of
from leadsmith.web.render import flash, redirect, render

router = APIRouter()

CONTRACT = "web"  # SearchRun.contract for runs the dashboard starts
PER_PAGE = 50
MAX_FETCH = service.MAX_LIMIT  # the dashboard asks for at most 500 per run
NEW_LIST, NO_LIST = "new", "none"
STATUS_WORDS = {
    "queued": "Queued",
    "processing": "Running",
    "completed": "Completed",
    "failed": "Failed",
    "cancelled": "Cancelled",
}


def size_label(band: tuple[int, int | None]) -> str:
    low, high = band
    return f"{low:,}+" if high is None else f"{low:,}-{high:,}"


SIZE_CHOICES = [
    (f"{lo}-{hi}" if hi else f"{lo}+", size_label((lo, hi))) for lo, hi in COMPANY_SIZE_BANDS
]
SENIORITY_CHOICES = [
    (s, s.replace("_", "-").title().replace("C-Suite", "C-suite")) for s in SENIORITIES
]
INDUSTRY_CHOICES = sorted(INDUSTRIES.items(), key=lambda p: p[1])


@dataclass(slots=True)
class SearchForm:
    """What the search form holds, to fill it again after an error or a preview."""

    prompt: str = ""
    country: str = ""
    titles: str = ""
    seniority: str = ""
    company_size: str = ""
    industry: str = ""
    fetch_count: int = service.DEFAULT_LIMIT
    save_to: str = NEW_LIST
    list_name: str = ""

    def explicit_filters(self) -> dict[str, str]:
        """The filters typed or picked: they override what the prompt says, field by field."""
        raw = {
            "country": self.country,
            "titles": self.titles,
            "seniority": self.seniority,
            "company_size": self.company_size,
            "industry": self.industry,
        }
        return {k: v.strip() for k, v in raw.items() if v and v.strip()}


def safe_link(url: str | None) -> str | None:
    """An outside URL fit for an href: http(s) only (never javascript: or data:)."""
    if not url:
        return None
    text = url.strip()
    return text if text.lower().startswith(("https://", "http://")) else None


def parsed_rows(filters: Mapping[str, Any] | SearchFilters) -> list[tuple[str, str]]:
    """Canonical filters as (label, text) rows, as `leadsmith parse` prints them."""
    model = filters if isinstance(filters, SearchFilters) else SearchFilters.model_validate(filters)
    rows: list[tuple[str, str]] = []
    for label, value in filters_record(model).items():
        text = ", ".join(value) if isinstance(value, list) else (value or "")
        if text:
            rows.append((label, text))
    return rows


def result_row(row: SearchResult) -> dict[str, Any]:
    """A result as the results table shows it (links checked, evidence listed)."""
    evidence = [
        {"source": str(p.get("source") or ""), "url": safe_link(p.get("url"))}
        for p in (row.data.get("provenance") or [])
        if isinstance(p, dict)
    ]
    return {
        "id": row.id,
        "name": row.name,
        "role": row.role,
        "company": row.company,
        "company_domain": row.company_domain,
        "location": row.location,
        "email": row.email,
        "email_status": row.email_status or ("not_found" if not row.email else "unverified"),
        "evidence": evidence,
        "phone": row.phone,
        "linkedin": safe_link(row.linkedin_url),
    }


async def _run_or_404(session: AsyncSession, viewer: Viewer, run_id: str) -> SearchRun:
    try:
        return await service.get_run(session, viewer.workspace_id, run_id)
    except NotFound:
        raise page_not_found("search") from None


async def _list_names(session: AsyncSession, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = await session.execute(
        select(ContactList.id, ContactList.name).where(ContactList.id.in_(sorted(ids)))
    )
    return {i: n for i, n in rows.all()}


async def _search_page(
    request: Request,
    viewer: Viewer,
    form: SearchForm,
    *,
    status: int = 200,
    error: str | None = None,
    preview: bool = False,
) -> HTMLResponse:
    async with read_scope() as session:
        runs = await service.recent_runs(session, viewer.workspace_id, limit=20)
        names = await _list_names(session, {r.list_id for r in runs if r.list_id})
        lists = await contacts.lists(session, viewer.workspace_id)
    preview_rows: list[tuple[str, str]] = []
    if preview and form.prompt.strip():
        preview_rows = parsed_rows(service.filters_for(form.prompt, form.explicit_filters()))
    return render(
        request,
        viewer,
        "search/index.html",
        status=status,
        form=form,
        error=error,
        preview=preview and bool(form.prompt.strip()),
        preview_rows=preview_rows,
        runs=runs,
        list_names=names,
        lists=[lst for lst, _n in lists],
        status_words=STATUS_WORDS,
        size_choices=SIZE_CHOICES,
        seniority_choices=SENIORITY_CHOICES,
        industry_choices=INDUSTRY_CHOICES,
        max_fetch=MAX_FETCH,
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request,
    viewer: ViewerDep,
    prompt: str = "",
    country: str = "",
    titles: str = "",
    seniority: str = "",
    company_size: str = "",
    industry: str = "",
    fetch_count: Annotated[int, Query(ge=1, le=MAX_FETCH)] = service.DEFAULT_LIMIT,
    save_to: str = NEW_LIST,
    list_name: str = "",
    preview: str = "",
) -> HTMLResponse:
    """The search form (with the parsed filters when previewed) and recent searches."""
    form = SearchForm(
        prompt=prompt[: service.MAX_PROMPT],
        country=country,
        titles=titles,
        seniority=seniority,
        company_size=company_size,
        industry=industry,
        fetch_count=fetch_count,
        save_to=save_to,
        list_name=list_name,
    )
    return await _search_page(request, viewer, form, preview=bool(preview))


async def posted_search(
    prompt: Annotated[str, Form()] = "",
    country: Annotated[str, Form()] = "",
    titles: Annotated[str, Form()] = "",
    seniority: Annotated[str, Form()] = "",
    company_size: Annotated[str, Form()] = "",
    industry: Annotated[str, Form()] = "",
    fetch_count: Annotated[str, Form()] = str(service.DEFAULT_LIMIT),
    save_to: Annotated[str, Form()] = NEW_LIST,
    list_name: Annotated[str, Form()] = "",
) -> tuple[SearchForm, str | None]:
    """The posted search form, and what is wrong with it (None when it can run)."""
    form = SearchForm(
        prompt=prompt,
        country=country,
        titles=titles,
        seniority=seniority,
        company_size=company_size,
        industry=industry,
        save_to=save_to or NEW_LIST,
        list_name=list_name.strip(),
    )
    if not fetch_count.strip().isdigit():
        return form, "How many: give a whole number."
    form.fetch_count = int(fetch_count)
    if not prompt.strip():
        return form, "Describe who you are looking for."
    if len(prompt.strip()) > service.MAX_PROMPT:
        form.prompt = prompt[: service.MAX_PROMPT]
        return form, f"Describe who you are looking for in at most {service.MAX_PROMPT} characters."
    if not 1 <= form.fetch_count <= MAX_FETCH:
        return form, f"How many: from 1 to {MAX_FETCH} per search (find more continues later)."
    return form, None


PostedSearch = Annotated[tuple[SearchForm, str | None], Depends(posted_search)]


@router.post("/search/preview", response_class=HTMLResponse)
async def preview_search(request: Request, viewer: CsrfDep, posted: PostedSearch) -> HTMLResponse:
    """The form again with the filters the search would use (nothing is started)."""
    form, problem = posted
    if problem:
        return await _search_page(request, viewer, form, status=400, error=problem)
    return await _search_page(request, viewer, form, preview=True)


@router.post("/search", response_class=HTMLResponse)
async def start_search(request: Request, viewer: CsrfDep, posted: PostedSearch) -> Response:
    """Start a run and go to its page; a bad form is shown again with what went wrong."""
    form, problem = posted
    if problem:
        return await _search_page(request, viewer, form, status=400, error=problem)
    try:
        async with session_scope() as session:
            workspace = await workspace_of(session, viewer)
            list_id: str | None = None
            if form.save_to not in (NEW_LIST, NO_LIST):
                list_id = (await contacts.get_list(session, viewer.workspace_id, form.save_to)).id
            started = await service.start_search(
                session,
                workspace,
                prompt=form.prompt,
                fetch_count=form.fetch_count,
                contract=CONTRACT,
                test=viewer.sandbox,
                sandbox=viewer.sandbox,
                filters=form.explicit_filters() or None,
                bind_list=form.save_to != NO_LIST,
                list_id=list_id,
                list_name=(form.list_name or None) if form.save_to == NEW_LIST else None,
            )
            run_id = started.run.id
    except LeadsmithError as exc:
        return await _search_page(request, viewer, form, status=exc.status, error=exc.message)
    return redirect(request, f"/search/{run_id}")


async def _run_context(
    session: AsyncSession, viewer: Viewer, run: SearchRun, page: int
) -> dict[str, Any]:
    rows, total = await service.results_page(
        session, viewer.workspace_id, run.id, page=page, per_page=PER_PAGE
    )
    run_list = await session.get(ContactList, run.list_id) if run.list_id else None
    lists = await contacts.lists(session, viewer.workspace_id)
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
    return {
        "run": run,
        "running": run.status not in TERMINAL,
        "status_word": STATUS_WORDS.get(run.status, run.status),
        "filter_rows": parsed_rows(run.filters),
        "results": [result_row(r) for r in rows],
        "total": total,
        "page": page,
        "pages": pages,
        "run_list": run_list,
        "lists": [lst for lst, _n in lists],
    }


@router.get("/search/{run_id}", response_class=HTMLResponse)
async def run_page(
    request: Request, viewer: ViewerDep, run_id: str, page: Annotated[int, Query(ge=1)] = 1
) -> HTMLResponse:
    """A run: progress while it works, then its results to select, import and export."""
    async with read_scope() as session:
        run = await _run_or_404(session, viewer, run_id)
        context = await _run_context(session, viewer, run, page)
    return render(request, viewer, "search/run.html", **context)


@router.get("/search/{run_id}/fragment", response_class=HTMLResponse)
async def run_fragment(
    request: Request, viewer: ViewerDep, run_id: str, page: Annotated[int, Query(ge=1)] = 1
) -> HTMLResponse:
    """The part of a run's page that changes while it works (polled by the page)."""
    async with read_scope() as session:
        run = await _run_or_404(session, viewer, run_id)
        context = await _run_context(session, viewer, run, page)
    return render(request, viewer, "search/_run_body.html", **context)


async def _member_count(session: AsyncSession, list_id: str) -> int:
    found = await session.execute(
        select(func.count()).select_from(ListMember).where(ListMember.list_id == list_id)
    )
    return int(found.scalar_one())


@router.post("/search/{run_id}/import")
async def import_selected(
    request: Request,
    viewer: CsrfDep,
    run_id: str,
    result_id: Annotated[list[str] | None, Form()] = None,
    target: Annotated[str, Form()] = NEW_LIST,
    new_list_name: Annotated[str, Form()] = "",
) -> Response:
    """Import the ticked results into a list (a new one, or one that exists)."""
    ids = [i for i in dict.fromkeys(result_id or []) if i]
    back = redirect(request, f"/search/{run_id}")
    try:
        async with session_scope() as session:
            run = await _run_or_404(session, viewer, run_id)
            if not ids:
                flash(back, "error", "Tick the people to import first, then choose a list.")
                return back
            if target == NEW_LIST:
                name = new_list_name.strip() or run.prompt
                target_list = await contacts.create_list(session, viewer.workspace_id, name)
            else:
                target_list = await contacts.get_list(session, viewer.workspace_id, target)
            before = await _member_count(session, target_list.id)
            outcome = await service.import_results(
                session, viewer.workspace_id, ids, target_list.id
            )
            added = await _member_count(session, target_list.id) - before
            list_id, list_name = target_list.id, target_list.name
    except LeadsmithError as exc:
        # Rolled back: a list made for this import is not left behind empty.
        flash(back, "error", exc.message)
        return back
    done = redirect(request, f"/lists/{list_id}")
    text = (
        f"Imported {outcome.imported} new contact{'s' if outcome.imported != 1 else ''} and"
        f" skipped {outcome.skipped} (already a contact, no email, or suppressed"
        f"{f': {outcome.suppressed} suppressed' if outcome.suppressed else ''});"
        f" {added} added to the list “{list_name}”."
    )
    flash(done, "success", text)
    return done


@router.get("/search/{run_id}/export.csv")
async def export_results(viewer: ViewerDep, run_id: str) -> Response:
    """The run's results as CSV; cells that start like a formula are neutralised."""
    async with read_scope() as session:
        await _run_or_404(session, viewer, run_id)
        rows, _total = await service.results_page(
            session, viewer.workspace_id, run_id, page=1, per_page=service.MAX_FETCH
        )
        blocked = await contacts.blocklist(session, viewer.workspace_id)
    body = export.results_csv(result_view(r) for r in rows if not blocked.blocks(r.email))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="search-{run_id}.csv"'},
    )


@router.post("/search/{run_id}/cancel")
async def cancel(request: Request, viewer: CsrfDep, run_id: str) -> Response:
    """Stop a queued or running search (what it saved so far stays)."""
    async with session_scope() as session:
        run = await _run_or_404(session, viewer, run_id)
        was_running = run.status not in TERMINAL
        await service.cancel_run(session, viewer.workspace_id, run_id)
    response = redirect(request, f"/search/{run_id}")
    if was_running:
        flash(response, "info", "Search cancelled. The people found so far are kept.")
    else:
        flash(response, "info", "This search had already finished.")
    return response


@router.post("/search/{run_id}/more")
async def find_more(request: Request, viewer: CsrfDep, run_id: str) -> Response:
    """A new run of the same search on the same list: it continues from the list's cursor."""
    back = redirect(request, f"/search/{run_id}")
    try:
        async with session_scope() as session:
            run = await _run_or_404(session, viewer, run_id)
            if run.list_id is None:
                flash(
                    back,
                    "error",
                    "Find more continues a search saved to a list. Start the search again and"
                    " save it to a list.",
                )
                return back
            if run.status not in TERMINAL:
                flash(back, "error", "This search is still running; find more once it is done.")
                return back
            workspace = await workspace_of(session, viewer)
            started = await service.start_search(
                session,
                workspace,
                prompt=run.prompt,
                fetch_count=run.fetch_count,
                contract=CONTRACT,
                test=viewer.sandbox,
                sandbox=viewer.sandbox,
                filters=dict(run.request_filters) or None,
                bind_list=True,
                list_id=run.list_id,
            )
            new_id = started.run.id
    except LeadsmithError as exc:
        flash(back, "error", exc.message)
        return back
    response = redirect(request, f"/search/{new_id}")
    flash(response, "info", "Finding more: people already on the list are skipped.")
    return response
