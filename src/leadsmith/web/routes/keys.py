"""API keys: create (shown once), list, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from leadsmith.accounts.keys import create_key, list_keys, revoke_key
from leadsmith.accounts.scopes import ALL_SCOPES
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.web.deps import CsrfDep, ViewerDep, page_not_found, workspace_of
from leadsmith.web.render import flash, redirect, render, reveal_once

router = APIRouter()

MAX_NAME = 120
SCOPE_HELP = {
    "leads": "Lead search jobs and tasks (/api/v1/leads, /api/leads)",
    "search": "People and company search (/api/v1/search)",
    "enrich": "Find email / phone, enrich (/api/v1/enrich)",
    "lookup": "Person look-up (/v1/lookup)",
    "verify": "Email verification (/v1/verify)",
    "qualify": "ICP fit score (/v1/qualify)",
    "domain_finder": "Company name to domain",
    "research": "Prospect research dossiers",
    "batch": "Batch jobs (/v1/batch)",
    "clean_names": "Company name cleaning",
    "webhooks": "Manage webhook endpoints",
}


@router.get("/keys", response_class=HTMLResponse)
async def keys_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    async with read_scope() as session:
        keys = await list_keys(session, viewer.workspace_id)
    now = utcnow()
    active = [k for k in keys if k.revoked_at is None and (k.expires_at or now) >= now]
    inactive = [k for k in keys if k not in active]
    return render(
        request,
        viewer,
        "keys.html",
        active_keys=list(reversed(active)),
        inactive_keys=list(reversed(inactive)),
        scopes=[(s, SCOPE_HELP.get(s, "")) for s in ALL_SCOPES],
        all_scope_count=len(ALL_SCOPES),
        now=now,
    )


@router.post("/keys")
async def create_key_action(
    request: Request,
    viewer: CsrfDep,
    name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "test",
    scopes: Annotated[list[str] | None, Form()] = None,
) -> Response:
    name = " ".join(name.split())
    response = redirect(request, "/keys")
    if not name:
        flash(response, "error", "Give the key a name, so you can tell it apart later.")
        return response
    if len(name) > MAX_NAME:
        flash(response, "error", f"Key names are at most {MAX_NAME} characters.")
        return response
    chosen = [s for s in (scopes or []) if s in ALL_SCOPES]
    if not chosen:
        flash(response, "error", "Choose at least one scope for the key.")
        return response
    test = kind != "live"
    async with session_scope() as session:
        workspace = await workspace_of(session, viewer)
        created = await create_key(session, workspace, name=name, test=test, scopes=chosen)
    kind_word = "test" if test else "live"
    reveal_once(response, f"Your new {kind_word} key “{name}”", created.key)
    flash(response, "success", f"Created the {kind_word} key “{name}” ({created.record.prefix}…).")
    return response


@router.post("/keys/{key_id}/revoke")
async def revoke_key_action(request: Request, key_id: str, viewer: CsrfDep) -> Response:
    async with session_scope() as session:
        record = await revoke_key(session, viewer.workspace_id, key_id)
        if record is None:
            raise page_not_found("API key")
        label = record.name or record.prefix
    response = redirect(request, "/keys")
    flash(response, "success", f"Revoked the key “{label}”. Requests with it now fail.")
    return response
