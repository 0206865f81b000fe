"""Contacts, lists, the suppression list, erasure, and CSV export of lists and results."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from leadsmith.api.deps import ReadSessionDep, SessionDep, require_scope
from leadsmith.api.principal import Principal
from leadsmith.api.routers.leads_jobs import result_view
from leadsmith.api.schemas import iso
from leadsmith.contacts import export
from leadsmith.contacts import service as contacts
from leadsmith.contacts.models import Contact
from leadsmith.errors import InvalidInput, NotFound
from leadsmith.search import service as search

router = APIRouter(tags=["contacts and lists"])
LeadsScope = Annotated[Principal, Depends(require_scope("leads"))]


class EraseBody(BaseModel):
    email: str = Field(description="The person's email address")


class SuppressBody(BaseModel):
    values: list[str] = Field(description="Emails and/or domains (example.com)")


class ListBody(BaseModel):
    name: str = Field(min_length=1, max_length=120)


def _csv(body: str, filename: str) -> Response:
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def contact_view(contact: Contact) -> dict[str, Any]:
    return {"id": contact.id, **export.contact_row(contact), "created_at": iso(contact.created_at)}


@router.get("/api/v1/contacts", summary="Contacts of the workspace")
async def list_contacts(
    principal: LeadsScope,
    session: ReadSessionDep,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 25,
) -> dict[str, Any]:
    cond = Contact.workspace_id == principal.workspace_id
    total = (await session.execute(select(func.count()).where(cond))).scalar_one()
    rows = (
        await session.execute(
            select(Contact)
            .where(cond)
            .order_by(Contact.created_at, Contact.email)
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    ).scalars()
    return {
        "success": True,
        "contacts": [contact_view(c) for c in rows],
        "pagination": {"page": page, "per_page": per_page, "total": total},
    }


async def _erase(principal: Principal, session: SessionDep, email: str) -> dict[str, Any]:
    removed = await contacts.erase(session, principal.workspace_id, email)
    return {
        "success": True,
        "erased": True,
        "removed": removed,
        "message": "Removed everywhere; only a hash is kept so they are not imported again.",
    }


@router.post("/api/v1/contacts/erase", summary="Erase a person everywhere (GDPR request)")
async def erase_contact(
    body: EraseBody, principal: LeadsScope, session: SessionDep
) -> dict[str, Any]:
    return await _erase(principal, session, body.email)


@router.delete("/api/v1/contacts/{email}", summary="Erase a person everywhere (same as /erase)")
async def delete_contact(email: str, principal: LeadsScope, session: SessionDep) -> dict[str, Any]:
    return await _erase(principal, session, email)


@router.get("/api/v1/suppressions", summary="The suppression list")
async def get_suppressions(principal: LeadsScope, session: ReadSessionDep) -> dict[str, Any]:
    rows = await contacts.suppressions(session, principal.workspace_id)
    return {
        "success": True,
        "suppressions": [
            {"kind": r.kind, "value": r.value, "created_at": iso(r.created_at)} for r in rows
        ],
    }


@router.post("/api/v1/suppressions", summary="Suppress emails or whole domains")
async def add_suppressions(
    body: SuppressBody, principal: LeadsScope, session: SessionDep
) -> dict[str, Any]:
    if not body.values:
        raise InvalidInput("values: give at least one email or domain.")
    added = await contacts.suppress(session, principal.workspace_id, body.values)
    return {"success": True, "added": added}


@router.delete("/api/v1/suppressions/{value}", summary="Remove an email or domain")
async def remove_suppression(
    value: str, principal: LeadsScope, session: SessionDep
) -> dict[str, Any]:
    if not await contacts.unsuppress(session, principal.workspace_id, value):
        raise NotFound(f"{value} is not on the suppression list.")
    return {"success": True}


@router.get("/api/v1/lists", summary="Lists with their sizes")
async def get_lists(principal: LeadsScope, session: ReadSessionDep) -> dict[str, Any]:
    rows = await contacts.lists(session, principal.workspace_id)
    return {
        "success": True,
        "lists": [
            {"id": lst.id, "name": lst.name, "contacts": n, "created_at": iso(lst.created_at)}
            for lst, n in rows
        ],
    }


@router.post("/api/v1/lists", summary="Create a list")
async def create_list(body: ListBody, principal: LeadsScope, session: SessionDep) -> dict[str, Any]:
    created = await contacts.create_list(session, principal.workspace_id, body.name)
    return {"success": True, "list": {"id": created.id, "name": created.name}}


@router.get("/api/v1/lists/{list_id}/contacts", summary="Contacts on a list")
async def get_list_contacts(
    list_id: str, principal: LeadsScope, session: ReadSessionDep
) -> dict[str, Any]:
    rows = await contacts.list_contacts(session, principal.workspace_id, list_id)
    blocked = await contacts.blocklist(session, principal.workspace_id)
    return {
        "success": True,
        "contacts": [contact_view(c) for c in rows if not blocked.blocks(c.email)],
    }


@router.get("/api/v1/lists/{list_id}/export.csv", summary="A list as CSV (formula-safe)")
async def export_list(list_id: str, principal: LeadsScope, session: ReadSessionDep) -> Response:
    rows = await contacts.list_contacts(session, principal.workspace_id, list_id)
    blocked = await contacts.blocklist(session, principal.workspace_id)
    body = export.contacts_csv(c for c in rows if not blocked.blocks(c.email))
    return _csv(body, f"list-{list_id}.csv")


@router.get("/api/v1/leads/results/{job_id}/export.csv", summary="A search's results as CSV")
async def export_results(job_id: str, principal: LeadsScope, session: ReadSessionDep) -> Response:
    rows, _total = await search.results_page(
        session, principal.workspace_id, job_id, page=1, per_page=search.MAX_FETCH
    )
    blocked = await contacts.blocklist(session, principal.workspace_id)
    body = export.results_csv(result_view(r) for r in rows if not blocked.blocks(r.email))
    return _csv(body, f"results-{job_id}.csv")
