"""Webhooks: endpoints (secret shown once), deliveries, and the dead-letter queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select

from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import LeadsmithError, NotFound
from leadsmith.web.deps import CsrfDep, ViewerDep, page_not_found
from leadsmith.web.render import flash, redirect, render, reveal_once
from leadsmith.webhooks import service
from leadsmith.webhooks.events import ALL_EVENTS, EVENTS
from leadsmith.webhooks.models import DEAD, DELIVERY_STATUSES, WebhookDelivery

router = APIRouter()

PAGE_SIZE = 25
EVENT_HELP = {
    "batch.completed": "a verify or enrich batch finished",
    "search.completed": "a lead search finished",
    "enrichment.completed": "a bulk enrichment job finished",
}


def _deliveries_url(status: str | None, cursor: str | None = None) -> str:
    parts = []
    if status:
        parts.append(f"status={status}")
    if cursor:
        parts.append(f"cursor={cursor}")
    return "/webhooks" + ("?" + "&".join(parts) if parts else "") + "#deliveries"


@router.get("/webhooks", response_class=HTMLResponse)
async def webhooks_page(
    request: Request, viewer: ViewerDep, status: str | None = None, cursor: str | None = None
) -> HTMLResponse:
    status = status if status in DELIVERY_STATUSES else None
    async with read_scope() as session:
        endpoints = await service.list_endpoints(session, viewer.workspace_id)
        try:
            deliveries, next_cursor = await service.list_deliveries(
                session, viewer.workspace_id, status=status, limit=PAGE_SIZE, cursor=cursor
            )
        except LeadsmithError:  # a stale or foreign cursor: start from the newest
            deliveries, next_cursor = await service.list_deliveries(
                session, viewer.workspace_id, status=status, limit=PAGE_SIZE
            )
            cursor = None
        dead_count = await session.scalar(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(WebhookDelivery.workspace_id == viewer.workspace_id)
            .where(WebhookDelivery.status == DEAD)
        )
    urls = {e.id: e.url for e in endpoints}
    return render(
        request,
        viewer,
        "webhooks.html",
        endpoints=endpoints,
        deliveries=deliveries,
        endpoint_urls=urls,
        filter_status=status,
        statuses=DELIVERY_STATUSES,
        next_url=_deliveries_url(status, next_cursor) if next_cursor else None,
        first_url=_deliveries_url(status) if cursor else None,
        dead_count=dead_count or 0,
        events=[(e, EVENT_HELP.get(e, "")) for e in EVENTS],
        all_events=ALL_EVENTS,
    )


@router.post("/webhooks")
async def create_endpoint_action(
    request: Request,
    viewer: CsrfDep,
    url: Annotated[str, Form()] = "",
    events: Annotated[list[str] | None, Form()] = None,
) -> Response:
    response = redirect(request, "/webhooks")
    chosen = [e for e in (events or []) if e]
    if not chosen:
        flash(response, "error", "Choose at least one event (or all events) to send.")
        return response
    try:
        async with session_scope() as session:
            endpoint, secret = await service.create_endpoint(
                session, viewer.workspace_id, url, chosen
            )
            endpoint_url = endpoint.url
    except LeadsmithError as err:
        flash(response, "error", f"The endpoint was not added: {err.message}")
        return response
    reveal_once(response, f"Signing secret for {endpoint_url}", secret)
    flash(response, "success", f"Added the endpoint {endpoint_url}.")
    return response


@router.post("/webhooks/{endpoint_id}/rotate")
async def rotate_secret_action(request: Request, endpoint_id: str, viewer: CsrfDep) -> Response:
    try:
        async with session_scope() as session:
            endpoint, secret = await service.rotate_secret(
                session, viewer.workspace_id, endpoint_id
            )
            endpoint_url = endpoint.url
    except NotFound as exc:
        raise page_not_found("webhook endpoint") from exc
    response = redirect(request, "/webhooks")
    reveal_once(response, f"New signing secret for {endpoint_url}", secret)
    flash(
        response,
        "success",
        "Rotated the secret. From now on every delivery, retries included, uses the new one.",
    )
    return response


@router.post("/webhooks/{endpoint_id}/enabled")
async def toggle_endpoint_action(
    request: Request,
    endpoint_id: str,
    viewer: CsrfDep,
    enabled: Annotated[str, Form()] = "",
) -> Response:
    on = enabled == "1"
    try:
        async with session_scope() as session:
            endpoint = await service.update_endpoint(
                session, viewer.workspace_id, endpoint_id, enabled=on
            )
            endpoint_url = endpoint.url
    except NotFound as exc:
        raise page_not_found("webhook endpoint") from exc
    response = redirect(request, "/webhooks")
    word = "Enabled" if on else "Paused"
    flash(response, "success", f"{word} deliveries to {endpoint_url}.")
    return response


@router.post("/webhooks/{endpoint_id}/delete")
async def delete_endpoint_action(request: Request, endpoint_id: str, viewer: CsrfDep) -> Response:
    try:
        async with session_scope() as session:
            endpoint = await service.get_endpoint(session, viewer.workspace_id, endpoint_id)
            endpoint_url = endpoint.url
            await service.delete_endpoint(session, viewer.workspace_id, endpoint_id)
    except NotFound as exc:
        raise page_not_found("webhook endpoint") from exc
    response = redirect(request, "/webhooks")
    flash(response, "success", f"Deleted the endpoint {endpoint_url} and its deliveries.")
    return response


@router.post("/webhooks/deliveries/{delivery_id}/replay")
async def replay_delivery_action(request: Request, delivery_id: str, viewer: CsrfDep) -> Response:
    response = redirect(request, "/webhooks?status=dead#deliveries")
    try:
        async with session_scope() as session:
            await service.replay_delivery(session, viewer.workspace_id, delivery_id)
    except NotFound as exc:
        raise page_not_found("webhook delivery") from exc
    except LeadsmithError as err:
        flash(response, "error", err.message)
        return response
    flash(response, "success", "Replaying the delivery from its first attempt.")
    return response


@router.post("/webhooks/deliveries/replay-dead")
async def replay_dead_action(request: Request, viewer: CsrfDep) -> Response:
    async with session_scope() as session:
        outcome = await service.replay_dead(session, viewer.workspace_id)
    response = redirect(request, "/webhooks#deliveries")
    count = len(outcome.replayed)
    if count:
        flash(response, "success", f"Replaying {count} dead deliver{'y' if count == 1 else 'ies'}.")
    else:
        flash(response, "info", "There were no dead deliveries to replay.")
    if outcome.skipped_disabled:
        flash(
            response,
            "warning",
            f"{outcome.skipped_disabled} dead deliveries belong to paused endpoints;"
            " enable those endpoints first.",
        )
    return response
