"""Webhook endpoints, deliveries and the dead-letter queue (PRODUCT.md "Webhook API").

Every route needs the `webhooks` scope. Secrets appear only in the answers of create and
rotate-secret, which are marked `Cache-Control: no-store`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from leadsmith.api.deps import CurrentPrincipal, ReadSessionDep, SessionDep, require_scope
from leadsmith.webhooks import service
from leadsmith.webhooks.schemas import (
    DeletedOut,
    DeliveryDetail,
    DeliveryOut,
    DeliveryPage,
    EndpointCreate,
    EndpointList,
    EndpointOut,
    EndpointUpdate,
    EndpointWithSecret,
    ReplayRequest,
    ReplayResult,
)

router = APIRouter(
    prefix="/v1/webhooks",
    tags=["webhooks"],
    dependencies=[Depends(require_scope("webhooks"))],
)

_NO_STORE = "no-store"


@router.post(
    "/endpoints",
    status_code=201,
    response_model=EndpointWithSecret,
    summary="Register an endpoint; its whsec_ secret is shown only in this answer",
)
async def create_endpoint(
    body: EndpointCreate, principal: CurrentPrincipal, session: SessionDep, response: Response
) -> EndpointWithSecret:
    endpoint, secret = await service.create_endpoint(
        session, principal.workspace_id, body.url, body.events
    )
    response.headers["Cache-Control"] = _NO_STORE
    return EndpointWithSecret.with_secret(endpoint, secret)


@router.get("/endpoints", response_model=EndpointList, summary="The workspace's endpoints")
async def list_endpoints(principal: CurrentPrincipal, session: ReadSessionDep) -> EndpointList:
    endpoints = await service.list_endpoints(session, principal.workspace_id)
    return EndpointList(data=[EndpointOut.of(e) for e in endpoints])


@router.get("/endpoints/{endpoint_id}", response_model=EndpointOut, summary="One endpoint")
async def get_endpoint(
    endpoint_id: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> EndpointOut:
    return EndpointOut.of(await service.get_endpoint(session, principal.workspace_id, endpoint_id))


@router.patch(
    "/endpoints/{endpoint_id}",
    response_model=EndpointOut,
    summary="Change the URL or events, or disable / re-enable the endpoint",
)
async def update_endpoint(
    endpoint_id: str, body: EndpointUpdate, principal: CurrentPrincipal, session: SessionDep
) -> EndpointOut:
    endpoint = await service.update_endpoint(
        session,
        principal.workspace_id,
        endpoint_id,
        url=body.url,
        events=body.events,
        enabled=body.enabled,
    )
    return EndpointOut.of(endpoint)


@router.delete(
    "/endpoints/{endpoint_id}",
    response_model=DeletedOut,
    summary="Delete the endpoint and its delivery history",
)
async def delete_endpoint(
    endpoint_id: str, principal: CurrentPrincipal, session: SessionDep
) -> DeletedOut:
    await service.delete_endpoint(session, principal.workspace_id, endpoint_id)
    return DeletedOut(id=endpoint_id)


@router.post(
    "/endpoints/{endpoint_id}/rotate-secret",
    response_model=EndpointWithSecret,
    summary="Replace the secret; the new one is shown only in this answer",
)
async def rotate_secret(
    endpoint_id: str, principal: CurrentPrincipal, session: SessionDep, response: Response
) -> EndpointWithSecret:
    endpoint, secret = await service.rotate_secret(session, principal.workspace_id, endpoint_id)
    response.headers["Cache-Control"] = _NO_STORE
    return EndpointWithSecret.with_secret(endpoint, secret)


@router.get(
    "/deliveries",
    response_model=DeliveryPage,
    summary="Deliveries, newest first; status=dead lists the dead-letter queue",
)
async def list_deliveries(
    principal: CurrentPrincipal,
    session: ReadSessionDep,
    status: Annotated[
        Literal["pending", "delivered", "failed", "dead"] | None,
        Query(description="dead lists the dead-letter queue"),
    ] = None,
    endpoint_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 50,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> DeliveryPage:
    rows, next_cursor = await service.list_deliveries(
        session,
        principal.workspace_id,
        status=status,
        endpoint_id=endpoint_id,
        limit=limit,
        cursor=cursor,
    )
    return DeliveryPage(
        data=[DeliveryOut.of(d) for d in rows],
        has_more=next_cursor is not None,
        next_cursor=next_cursor,
    )


@router.get(
    "/deliveries/{delivery_id}",
    response_model=DeliveryDetail,
    summary="One delivery with its payload and every attempt",
)
async def get_delivery(
    delivery_id: str, principal: CurrentPrincipal, session: ReadSessionDep
) -> DeliveryDetail:
    delivery, attempts = await service.get_delivery(session, principal.workspace_id, delivery_id)
    return DeliveryDetail.with_attempts(delivery, attempts)


@router.post(
    "/deliveries/replay",
    status_code=202,
    response_model=ReplayResult,
    summary='Replay every dead delivery ({"status": "dead"}, optionally one endpoint_id)',
)
async def replay_dead(
    body: ReplayRequest, principal: CurrentPrincipal, session: SessionDep
) -> ReplayResult:
    outcome = await service.replay_dead(session, principal.workspace_id, body.endpoint_id)
    return ReplayResult(
        replayed=len(outcome.replayed),
        delivery_ids=outcome.replayed,
        skipped_disabled=outcome.skipped_disabled,
    )


@router.post(
    "/deliveries/{delivery_id}/replay",
    status_code=202,
    response_model=DeliveryOut,
    summary="Send a dead (or delivered) delivery again: a new attempt sequence, same id",
)
async def replay_delivery(
    delivery_id: str, principal: CurrentPrincipal, session: SessionDep
) -> DeliveryOut:
    delivery = await service.replay_delivery(session, principal.workspace_id, delivery_id)
    return DeliveryOut.of(delivery)
