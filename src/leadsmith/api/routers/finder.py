"""Seed 002's finders: find email, find phone, and the provider list.

The bulk job (`POST /api/v1/enrich` with `contacts`, `GET /api/v1/enrich/{jobId}`) shares
its path with seed 004 and lives in `data_enrich`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from leadsmith.api.deps import CurrentPrincipal, ReadWorkspace, note_credits, require_scope
from leadsmith.api.principal import Principal
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, credits_json, price
from leadsmith.enrich.providers import provider_statuses
from leadsmith.enrich.service import confidence_word, open_lookups
from leadsmith.errors import InvalidInput
from leadsmith.phones import format_phone
from leadsmith.sources.base import PersonQuery


def seed_002_phone(e164: str | None) -> str | None:
    """Seed 002 shows numbers dashed ("+1-415-555-0192"); the E.164 digits are unchanged."""
    return format_phone(e164, "dashed") if e164 else None


router = APIRouter(tags=["finder (seed 002)"])
EnrichScope = Annotated[Principal, Depends(require_scope("enrich"))]


class FindPersonBody(BaseModel):
    firstName: str = Field(min_length=1, max_length=100, description="Contact's first name")
    lastName: str = Field(min_length=1, max_length=100, description="Contact's last name")
    company: str | None = Field(default=None, max_length=200, description="Company name")
    website: str | None = Field(default=None, max_length=255, description="Company domain")

    def query(self) -> PersonQuery:
        if not ((self.company or "").strip() or (self.website or "").strip()):
            raise InvalidInput(
                "Provide at least company or website alongside the name.",
                summary="Company or website required",
            )
        return PersonQuery(
            first_name=self.firstName.strip(),
            last_name=self.lastName.strip(),
            domain=(self.website or "").strip() or None,
            company_name=(self.company or "").strip() or None,
        )


@router.post("/api/v1/find-email", summary="Find a verified work email (1 credit when found)")
async def find_email(
    request: Request, body: FindPersonBody, principal: EnrichScope, workspace: ReadWorkspace
) -> dict[str, Any]:
    query = body.query()
    if not principal.test:
        await ledger.require_balance(workspace, price(Operation.FIND_EMAIL))
    async with open_lookups(workspace, test=principal.test) as lookups:
        looked = await lookups.find_email(query)
        charged = await lookups.settle([(looked, Operation.FIND_EMAIL)])
    note_credits(request, charged)
    r = looked.result
    return {
        "email": r.get("email"),
        "confidence": confidence_word(r.get("confidence")) if r.get("email") else None,
        "sources": len(r.get("sources") or []),
        "credits_used": credits_json(charged),
        "score": r.get("confidence", 0),
        "evidence": r.get("evidence"),
        "verified": bool(r.get("verified")),
        "alt_emails": r.get("alt_emails", []),
        "provenance": r.get("provenance", []),
        "cached": looked.cached,
    }


@router.post("/api/v1/find-phone", summary="Find a direct-dial phone (1 credit when found)")
async def find_phone(
    request: Request, body: FindPersonBody, principal: EnrichScope, workspace: ReadWorkspace
) -> dict[str, Any]:
    query = body.query()
    if not principal.test:
        await ledger.require_balance(workspace, price(Operation.FIND_PHONE))
    async with open_lookups(workspace, test=principal.test) as lookups:
        if not query.domain and query.company_name:
            domain = await lookups.find_domain(query.company_name)
            query.domain = domain.result.get("domain")
        looked = await lookups.find_phone(query)
        charged = await lookups.settle([(looked, Operation.FIND_PHONE)])
    note_credits(request, charged)
    r = looked.result
    return {
        "phone": seed_002_phone(r.get("phone")),
        "type": r.get("type"),
        "country": r.get("country"),
        "credits_used": credits_json(charged),
        "alt_phones": [seed_002_phone(p) for p in r.get("alt_phones", [])],
        "provenance": r.get("provenance", []),
        "cached": looked.cached,
    }


@router.get("/api/v1/providers", summary="Enrichment providers and their state")
async def providers(principal: CurrentPrincipal, workspace: ReadWorkspace) -> dict[str, Any]:
    return {"providers": await provider_statuses(workspace, test=principal.test)}
