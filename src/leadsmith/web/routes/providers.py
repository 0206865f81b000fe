"""Providers: which sources the workspace uses, in what order, with which keys.

The page renders at once from the workspace's settings; health checks (which may wait
on a provider's API) load afterwards as a fragment, so a slow provider never blocks it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from leadsmith.config import get_settings
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.enrich.providers import (
    DEFAULT_ORDER,
    KEYED,
    api_key,
    is_enabled,
    provider_order,
    provider_statuses,
    set_provider_order,
    set_workspace_key,
    workspace_key,
)
from leadsmith.web.deps import CsrfDep, ViewerDep, page_not_found, workspace_of
from leadsmith.web.render import flash, layout_for, redirect, render

router = APIRouter()

MAX_KEY = 200
DESCRIPTIONS = {
    "local": "Your workspace's own index: imported CSVs and earlier results. Free.",
    "smtp": "Leadsmith's own email finder and verifier (patterns + SMTP probe). Free.",
    "web": "Company-website crawler: team, about and contact pages. Free.",
    "hunter": "Hunter.io email finder and verifier. Needs an API key; paid per answer.",
    "pdl": "People Data Labs person enrichment. Needs an API key; paid per answer.",
}
NAMES = {"local": "Local index", "smtp": "SMTP finder", "web": "Web crawler"}
NAMES.update({"hunter": "Hunter.io", "pdl": "People Data Labs"})


def masked(key: str | None) -> str | None:
    """A key as it may be shown again: only its last four characters."""
    if not key:
        return None
    return "••••" + key[-4:] if len(key) > 8 else "••••"


@router.get("/providers", response_class=HTMLResponse)
async def providers_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    async with read_scope() as session:
        workspace = await workspace_of(session, viewer)
    server = get_settings()
    rows = []
    for position, name in enumerate(provider_order(workspace), start=1):
        own = None
        key_source = None
        if name in KEYED:
            own = workspace_key(workspace, name)
            effective = api_key(workspace, name, server)
            key_source = "workspace" if own else ("server" if effective else None)
        rows.append(
            {
                "name": name,
                "label": NAMES.get(name, name),
                "position": position,
                "enabled": is_enabled(workspace, name),
                "keyed": name in KEYED,
                "key_hint": masked(own) if own else masked(api_key(workspace, name, server)),
                "key_source": key_source,
                "description": DESCRIPTIONS.get(name, ""),
            }
        )
    return render(
        request, viewer, "providers.html", providers=rows, positions=range(1, len(rows) + 1)
    )


@router.get("/providers/health", response_class=HTMLResponse)
async def providers_health(request: Request, viewer: ViewerDep) -> HTMLResponse:
    """Fragment: every source's live health, in waterfall order."""
    async with read_scope() as session:
        workspace = await workspace_of(session, viewer)
    statuses = await provider_statuses(workspace, test=False)
    for status in statuses:
        status["label"] = NAMES.get(status["name"], status["name"])
    return render(
        request, viewer, "providers_health.html", statuses=statuses, layout=layout_for(request)
    )


@router.post("/providers/{name}/key")
async def set_key_action(
    request: Request,
    name: str,
    viewer: CsrfDep,
    api_key_value: Annotated[str, Form(alias="api_key")] = "",
    clear: Annotated[str, Form()] = "",
) -> Response:
    if name not in KEYED:
        raise page_not_found("provider")
    response = redirect(request, "/providers")
    value = api_key_value.strip()
    if not clear and not value:
        flash(response, "error", "Paste the provider's API key, or use Clear to remove it.")
        return response
    if len(value) > MAX_KEY or any(c.isspace() for c in value):
        flash(response, "error", "That does not look like an API key (no spaces, at most 200).")
        return response
    label = NAMES[name]
    async with session_scope() as session:
        workspace = await workspace_of(session, viewer)
        set_workspace_key(workspace, name, None if clear else value)
    if clear:
        flash(response, "success", f"Removed the workspace's {label} key.")
    else:
        flash(response, "success", f"Saved the {label} key ending in {value[-4:]}.")
    return response


@router.post("/providers/order")
async def order_action(request: Request, viewer: CsrfDep) -> Response:
    """Save the waterfall order (one position per source) and which sources are on."""
    form = await request.form()
    ranked: list[tuple[int, int, str]] = []
    enabled: dict[str, bool] = {}
    for index, name in enumerate(DEFAULT_ORDER):
        raw = form.get(f"position_{name}")
        try:
            position = int(str(raw))
        except ValueError:
            position = index + 1
        ranked.append((position, index, name))
        enabled[name] = form.get(f"enabled_{name}") == "1"
    order = [name for _, _, name in sorted(ranked)]
    async with session_scope() as session:
        workspace = await workspace_of(session, viewer)
        set_provider_order(workspace, order, enabled)
    response = redirect(request, "/providers")
    off = [NAMES.get(n, n) for n in order if not enabled[n]]
    text = "Saved the order: " + " → ".join(NAMES.get(n, n) for n in order) + "."
    if off:
        text += " Switched off: " + ", ".join(off) + "."
    flash(response, "success", text)
    return response
