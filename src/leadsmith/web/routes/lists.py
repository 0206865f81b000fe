"""Dashboard pages: lists, contacts, the suppression list and erasure.

Everything goes through `leadsmith.contacts.service`.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.contacts import export
from leadsmith.contacts import service as contacts
from leadsmith.contacts.models import Contact
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import LeadsmithError, NotFound
from leadsmith.search.dedupe import normalise_email
from leadsmith.web.deps import CsrfDep, Viewer, ViewerDep, page_not_found
from leadsmith.web.render import flash, redirect, render
from leadsmith.web.routes.search import safe_link

router = APIRouter()

PER_PAGE = 50
MAX_LIST_NAME = 120
MAX_SUPPRESS_INPUT = 100_000  # characters pasted at once (about 5,000 addresses)


def contact_row(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "role": contact.role,
        "company": contact.company,
        "phone": contact.phone,
        "location": contact.location,
        "linkedin": safe_link(contact.linkedin_url),
        "created_at": contact.created_at,
    }


async def _list_or_404(session: AsyncSession, viewer: Viewer, list_id: str) -> Any:
    try:
        return await contacts.get_list(session, viewer.workspace_id, list_id)
    except NotFound:
        raise page_not_found("list") from None


# -- lists ----------------------------------------------------------------------------------


async def _lists_page(
    request: Request, viewer: Viewer, *, status: int = 200, error: str | None = None, name: str = ""
) -> HTMLResponse:
    async with read_scope() as session:
        rows = await contacts.lists(session, viewer.workspace_id)
    return render(
        request, viewer, "lists/index.html", status=status, lists=rows, error=error, name=name
    )


@router.get("/lists", response_class=HTMLResponse)
async def lists_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    """Every list with its size, and a form to make one."""
    return await _lists_page(request, viewer)


def _name_problem(name: str) -> str | None:
    if not name:
        return "Give the list a name."
    if len(name) > MAX_LIST_NAME:
        return f"A list name has at most {MAX_LIST_NAME} characters."
    return None


@router.post("/lists", response_class=HTMLResponse)
async def create_list(
    request: Request, viewer: CsrfDep, name: Annotated[str, Form()] = ""
) -> Response:
    name = name.strip()
    problem = _name_problem(name)
    if problem:
        return await _lists_page(request, viewer, status=400, error=problem, name=name)
    async with session_scope() as session:
        created = await contacts.create_list(session, viewer.workspace_id, name)
        list_id = created.id
    response = redirect(request, f"/lists/{list_id}")
    flash(response, "success", f"List “{name}” created. Import people into it from a search.")
    return response


@router.get("/lists/{list_id}", response_class=HTMLResponse)
async def list_page(
    request: Request, viewer: ViewerDep, list_id: str, page: Annotated[int, Query(ge=1)] = 1
) -> HTMLResponse:
    """A list's members, with rename, remove and CSV export."""
    async with read_scope() as session:
        found = await _list_or_404(session, viewer, list_id)
        members = await contacts.list_contacts(session, viewer.workspace_id, list_id)
        blocked = await contacts.blocklist(session, viewer.workspace_id)
    visible = [c for c in members if not blocked.blocks(c.email)]
    pages = max(1, (len(visible) + PER_PAGE - 1) // PER_PAGE)
    page = min(page, pages)
    shown = [contact_row(c) for c in visible[(page - 1) * PER_PAGE : page * PER_PAGE]]
    return render(
        request,
        viewer,
        "lists/detail.html",
        list=found,
        members=shown,
        total=len(visible),
        page=page,
        pages=pages,
    )


@router.post("/lists/{list_id}/rename")
async def rename_list(
    request: Request, viewer: CsrfDep, list_id: str, name: Annotated[str, Form()] = ""
) -> Response:
    name = name.strip()
    response = redirect(request, f"/lists/{list_id}")
    problem = _name_problem(name)
    async with session_scope() as session:
        await _list_or_404(session, viewer, list_id)
        if not problem:
            await contacts.rename_list(session, viewer.workspace_id, list_id, name)
    if problem:
        flash(response, "error", problem)
    else:
        flash(response, "success", f"Renamed to “{name}”.")
    return response


@router.post("/lists/{list_id}/remove")
async def remove_member(
    request: Request, viewer: CsrfDep, list_id: str, contact_id: Annotated[str, Form()] = ""
) -> Response:
    """Take a contact off this list (the contact itself stays)."""
    response = redirect(request, f"/lists/{list_id}")
    async with session_scope() as session:
        await _list_or_404(session, viewer, list_id)
        removed = await contacts.remove_from_list(session, viewer.workspace_id, list_id, contact_id)
    if removed:
        flash(response, "success", "Removed from the list.")
    else:
        flash(response, "error", "That contact is not on this list.")
    return response


@router.get("/lists/{list_id}/export.csv")
async def export_list(viewer: ViewerDep, list_id: str) -> Response:
    """The list as CSV (suppressed people left out; formula-like cells neutralised)."""
    async with read_scope() as session:
        await _list_or_404(session, viewer, list_id)
        members = await contacts.list_contacts(session, viewer.workspace_id, list_id)
        blocked = await contacts.blocklist(session, viewer.workspace_id)
    body = export.contacts_csv(c for c in members if not blocked.blocks(c.email))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="list-{list_id}.csv"'},
    )


# -- contacts -------------------------------------------------------------------------------


@router.get("/contacts", response_class=HTMLResponse)
async def contacts_page(
    request: Request,
    viewer: ViewerDep,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    """Browse contacts, or find them by name, email or company."""
    term = q.strip()
    async with read_scope() as session:
        total, rows = await contacts.find_contacts(
            session, viewer.workspace_id, term, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
        )
        blocked = await contacts.blocklist(session, viewer.workspace_id)
        shown = [contact_row(c) for c in rows if not blocked.blocks(c.email)]
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
    return render(
        request,
        viewer,
        "lists/contacts.html",
        contacts=shown,
        q=term,
        total=total,
        page=page,
        pages=pages,
    )


@router.post("/contacts/{contact_id}/remove")
async def remove_contact(
    request: Request, viewer: CsrfDep, contact_id: str, q: Annotated[str, Form()] = ""
) -> Response:
    """Delete a contact from the workspace (and its lists); a later import may add it again."""
    async with session_scope() as session:
        try:
            email = await contacts.delete_contact(session, viewer.workspace_id, contact_id)
        except NotFound:
            raise page_not_found("contact") from None
    target = "/contacts"
    if q.strip():
        target += "?" + urlencode({"q": q.strip()})
    response = redirect(request, target)
    flash(
        response,
        "success",
        f"Removed {email} from contacts. To make sure they never come back, suppress or erase"
        " them on the Suppression page.",
    )
    return response


# -- suppression and erasure ----------------------------------------------------------------


def _entries(text: str) -> list[str]:
    """Emails and domains pasted one per line (commas, semicolons and spaces also split)."""
    out: list[str] = []
    for part in text.replace(",", "\n").replace(";", "\n").split():
        if part and part not in out:
            out.append(part)
    return out


async def _suppression_page(
    request: Request,
    viewer: Viewer,
    *,
    status: int = 200,
    error: str | None = None,
    values: str = "",
    erase_error: str | None = None,
    erase_email: str = "",
) -> HTMLResponse:
    async with read_scope() as session:
        rows = await contacts.suppressions(session, viewer.workspace_id)
    return render(
        request,
        viewer,
        "lists/suppression.html",
        status=status,
        suppressions=rows,
        error=error,
        values=values,
        erase_error=erase_error,
        erase_email=erase_email,
    )


@router.get("/suppression", response_class=HTMLResponse)
async def suppression_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    """Emails and domains that no search, import or export returns; erasure on request."""
    return await _suppression_page(request, viewer)


@router.post("/suppression", response_class=HTMLResponse)
async def add_suppressions(
    request: Request, viewer: CsrfDep, values: Annotated[str, Form()] = ""
) -> Response:
    entries = _entries(values[: MAX_SUPPRESS_INPUT + 1])
    if len(values) > MAX_SUPPRESS_INPUT:
        return await _suppression_page(
            request,
            viewer,
            status=413,
            error=f"Paste at most {MAX_SUPPRESS_INPUT:,} characters at once.",
        )
    if not entries:
        return await _suppression_page(
            request, viewer, status=400, error="Paste at least one email address or domain."
        )
    try:
        async with session_scope() as session:
            added = await contacts.suppress(session, viewer.workspace_id, entries)
    except LeadsmithError as exc:
        # Nothing was added: the whole paste is one transaction.
        return await _suppression_page(
            request, viewer, status=400, error=exc.message, values=values
        )
    response = redirect(request, "/suppression")
    already = len(entries) - added
    flash(
        response,
        "success",
        f"Suppressed {added} new entr{'y' if added == 1 else 'ies'}"
        + (f" ({already} already on the list)." if already else "."),
    )
    return response


@router.post("/suppression/remove")
async def remove_suppression(
    request: Request, viewer: CsrfDep, value: Annotated[str, Form()] = ""
) -> Response:
    response = redirect(request, "/suppression")
    try:
        async with session_scope() as session:
            removed = await contacts.unsuppress(session, viewer.workspace_id, value)
    except LeadsmithError as exc:
        flash(response, "error", exc.message)
        return response
    if removed:
        flash(response, "success", f"{value} is no longer suppressed.")
    else:
        flash(response, "error", f"{value} is not on the suppression list.")
    return response


@router.post("/suppression/erase", response_class=HTMLResponse)
async def erase_person(
    request: Request,
    viewer: CsrfDep,
    email: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Erase a person everywhere, after a confirmation step that shows what goes."""
    address = normalise_email(email.strip())
    if address is None:
        return await _suppression_page(
            request,
            viewer,
            status=400,
            erase_error=f"“{email.strip()}” is not an email address.",
            erase_email=email.strip(),
        )
    if confirm != "yes":
        async with read_scope() as session:
            counts = await contacts.erase_preview(session, viewer.workspace_id, address)
        return render(request, viewer, "lists/erase_confirm.html", email=address, counts=counts)
    async with session_scope() as session:
        removed = await contacts.erase(session, viewer.workspace_id, address)
    response = redirect(request, "/suppression")
    flash(
        response,
        "success",
        f"Erased {address}: {removed.get('contacts', 0)} contact(s),"
        f" {removed.get('results', 0)} search result(s),"
        f" {removed.get('index_people', 0)} index record(s) and"
        f" {removed.get('verifications', 0)} verification(s) removed. Only a hash is kept so"
        " they are never imported again.",
    )
    return response
