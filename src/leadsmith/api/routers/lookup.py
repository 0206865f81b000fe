"""Seed 003's finders: lookup, domain finder, clean names, and the bulk enrich batch."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, model_validator

from leadsmith.api.deps import ReadWorkspace, SessionDep, note_credits, require_scope
from leadsmith.api.principal import Principal
from leadsmith.batches import service as batches
from leadsmith.batches.events import batch_urls
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, credits_json, price
from leadsmith.companies.clean_names import clean_company_names
from leadsmith.enrich.service import Looked, confidence_word, open_lookups
from leadsmith.enrich.tasks import TASK
from leadsmith.errors import InvalidInput
from leadsmith.sources.base import PersonQuery

router = APIRouter(tags=["lookup (seed 003)"])
LookupScope = Annotated[Principal, Depends(require_scope("lookup"))]
DomainScope = Annotated[Principal, Depends(require_scope("domain_finder"))]
CleanScope = Annotated[Principal, Depends(require_scope("clean_names"))]
BatchScope = Annotated[Principal, Depends(require_scope("batch"))]
MAX_CLEAN_NAMES = 10_000


class LookupBody(BaseModel):
    first_name: str = Field(min_length=1, max_length=100)
    last_name: str = Field(min_length=1, max_length=100)
    domain: str | None = Field(default=None, max_length=255, description="Company domain")
    linkedin_url: str | None = Field(default=None, max_length=500)
    lookup_type: Literal["email", "phone", "both"] = "email"
    company_name: str | None = Field(default=None, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=2, description="ISO country code")

    @model_validator(mode="after")
    def _either(self) -> LookupBody:
        if not ((self.domain or "").strip() or (self.linkedin_url or "").strip()):
            raise ValueError("give either domain or linkedin_url")
        return self

    def query(self) -> PersonQuery:
        return PersonQuery(
            first_name=self.first_name.strip(),
            last_name=self.last_name.strip(),
            domain=(self.domain or "").strip() or None,
            company_name=(self.company_name or "").strip() or None,
            linkedin_url=(self.linkedin_url or "").strip() or None,
            job_title=self.job_title,
            country=(self.country or "").upper() or None,
        )


@router.post("/v1/lookup", summary="Find a person's email and/or phone (1 / 5 credits)")
async def lookup(
    request: Request, body: LookupBody, principal: LookupScope, workspace: ReadWorkspace
) -> dict[str, Any]:
    query = body.query()
    want_email = body.lookup_type in ("email", "both")
    want_phone = body.lookup_type in ("phone", "both")
    if not principal.test:
        most = price(Operation.LOOKUP_EMAIL, int(want_email)) + price(
            Operation.LOOKUP_PHONE, int(want_phone)
        )
        await ledger.require_balance(workspace, most)
    items: list[tuple[Looked, Operation]] = []
    email: dict[str, Any] = {}
    phone: dict[str, Any] = {}
    async with open_lookups(workspace, test=principal.test) as lookups:
        if want_email:
            looked = await lookups.find_email(query)
            email = looked.result
            items.append((looked, Operation.LOOKUP_EMAIL))
        if want_phone:
            looked = await lookups.find_phone(query)
            phone = looked.result
            items.append((looked, Operation.LOOKUP_PHONE))
        charged = await lookups.settle(items)
    note_credits(request, charged)
    found = bool(email.get("email") or phone.get("phone"))
    return {
        "email": email.get("email"),
        "phone": phone.get("phone"),
        "status": "found" if found else "not_found",
        "verified": bool(email.get("verified")),
        "credits_charged": credits_json(charged),
        "cached_hit": bool(items) and all(lk.cached for lk, _ in items),
        "alt_emails": email.get("alt_emails", []),
        "alt_phones": phone.get("alt_phones", []),
        "confidence": email.get("confidence") if email.get("email") else None,
        "evidence": email.get("evidence"),
        "phone_type": phone.get("type"),
        "sources": email.get("sources", []),
        "provenance": {"email": email.get("provenance", []), "phone": phone.get("provenance", [])},
    }


class DomainFinderBody(BaseModel):
    company_name: str = Field(min_length=1, max_length=200, description="Company name to resolve")


@router.post("/v1/domain-finder", summary="Company name to domain (1 credit when found)")
async def domain_finder(
    request: Request, body: DomainFinderBody, principal: DomainScope, workspace: ReadWorkspace
) -> dict[str, Any]:
    if not body.company_name.strip():
        raise InvalidInput("company_name is empty", summary="No company name")
    if not principal.test:
        await ledger.require_balance(workspace, price(Operation.DOMAIN_FINDER))
    async with open_lookups(workspace, test=principal.test) as lookups:
        looked = await lookups.find_domain(body.company_name)
        charged = await lookups.settle([(looked, Operation.DOMAIN_FINDER)])
    note_credits(request, charged)
    r = looked.result
    return {
        "company_name": body.company_name,
        "domain": r.get("domain"),
        "confidence": confidence_word(r.get("confidence")) if r.get("domain") else None,
        "score": r.get("confidence", 0),
        "source": r.get("source"),
        "credits_charged": credits_json(charged),
        "cached_hit": looked.cached,
    }


class CleanNamesBody(BaseModel):
    names: list[str] = Field(description="Company names to normalise")


@router.post("/v1/batch/clean-names", summary="Strip legal suffixes and noise from company names")
async def clean_names(body: CleanNamesBody, principal: CleanScope) -> dict[str, Any]:
    if len(body.names) > MAX_CLEAN_NAMES:
        raise InvalidInput(
            f"names has {len(body.names)} items; at most {MAX_CLEAN_NAMES:,}.",
            summary="Too many names",
        )
    return {"cleaned": clean_company_names(body.names)}


class EnrichRow(BaseModel):
    first_name: str | None = None
    last_name: str | None = None
    domain: str | None = None
    linkedin_url: str | None = None
    company_name: str | None = None
    job_title: str | None = None
    country: str | None = None


class BatchEnrichBody(BaseModel):
    rows: list[EnrichRow] = Field(description="Contacts to enrich (1 to 10,000)")
    find_phones: bool = Field(default=True, description="Skip phone-finding to save coins")
    name: str | None = Field(default=None, max_length=200, description="Job display name")


@router.post("/v1/batch/enrich", summary="Bulk enrich up to 10,000 contacts (1-6 credits/row)")
async def batch_enrich(
    body: BatchEnrichBody, principal: BatchScope, session: SessionDep
) -> dict[str, Any]:
    if not body.rows:
        raise InvalidInput("rows: give at least one contact", summary="No rows")
    if len(body.rows) > batches.MAX_ROWS:
        raise InvalidInput(
            f"rows has {len(body.rows)} items; a batch takes at most {batches.MAX_ROWS:,}."
            " Split it into several batches.",
            summary="Too many rows",
        )
    from leadsmith.accounts.models import Workspace

    workspace = await session.get(Workspace, principal.workspace_id)
    assert workspace is not None
    if not principal.test:
        per_row = price(Operation.BATCH_ENRICH_EMAIL) + (
            price(Operation.BATCH_ENRICH_PHONE) if body.find_phones else 0
        )
        # PRODUCT: a request whose maximum price exceeds the balance is refused up front.
        await ledger.require_balance(workspace, per_row * len(body.rows))
    rows = [r.model_dump(exclude_none=True) for r in body.rows]
    batch = await batches.create_batch(
        session,
        workspace_id=principal.workspace_id,
        kind="enrich",
        rows=rows,
        name=body.name,
        test=principal.test,
        params={"contract": "003", "find_email": True, "find_phone": body.find_phones},
        task=TASK,
    )
    status_url, download_url = batch_urls(batch.id)
    return {
        "batch_id": batch.id,
        "status": "queued",
        "total_rows": batch.total_rows,
        "status_url": status_url,
        "download_url": download_url,
    }
