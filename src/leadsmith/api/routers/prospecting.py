"""Seed 003's synchronous routes under /v1: verify (and lookup, qualify, domain finder...)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from leadsmith.api.deps import ReadWorkspace, note_credits, require_scope
from leadsmith.api.principal import Principal
from leadsmith.emails.service import response_fields, verify_for_workspace

router = APIRouter(tags=["prospecting (seed 003)"])
VerifyScope = Annotated[Principal, Depends(require_scope("verify"))]


class VerifyBody(BaseModel):
    email: str = Field(min_length=1, max_length=320, description="Email to verify")


@router.post("/v1/verify/email", summary="Verify one email (1 credit for a definite verdict)")
async def verify_email(
    request: Request, body: VerifyBody, principal: VerifyScope, workspace: ReadWorkspace
) -> dict[str, Any]:
    result, charged = await verify_for_workspace(workspace, body.email, test=principal.test)
    note_credits(request, charged)
    return response_fields(result, charged)
