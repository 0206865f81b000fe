"""Routes that exist only in tests, to exercise the gateway and error handling."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from leadsmith.api.deps import CurrentWorkspace, SessionDep, require_scope
from leadsmith.api.principal import Principal
from leadsmith.billing import ledger

router = APIRouter()


class EchoBody(BaseModel):
    email: str
    count: int = Field(ge=1, le=10)


@router.post("/v1/_probe/echo")
async def echo(body: EchoBody) -> dict[str, Any]:
    return body.model_dump()


@router.post("/v1/_probe/charge")
async def charge(
    request: Request,
    workspace: CurrentWorkspace,
    session: SessionDep,
    principal: Annotated[Principal, Depends(require_scope("verify"))],
) -> dict[str, Any]:
    result = await ledger.charge(
        session, workspace, Decimal(1), operation="probe", reference=request.state.request_id
    )
    return {"charged": str(result.amount), "request_id": request.state.request_id}


@router.post("/v1/_probe/slow")
async def slow(principal: Annotated[Principal, Depends(require_scope("verify"))]) -> dict[str, Any]:
    await asyncio.sleep(0.5)
    return {"ok": True}


@router.get("/v1/_probe/boom")
async def boom() -> dict[str, Any]:
    raise RuntimeError("secret internals that must not leak")


@router.get("/v1/_probe/scoped")
async def scoped(
    principal: Annotated[Principal, Depends(require_scope("webhooks"))],
) -> dict[str, Any]:
    return {"ok": True}
