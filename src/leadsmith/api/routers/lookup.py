"""Seed 003's finders: lookup, domain finder, clean names, and the bulk enrich batch."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field, model_validator

from leadsmith.accounts.models import Workspace
from leadsmith.api.deps import ReadWorkspace, SessionDep, note_credits, require_scope
from leadsmith.api.principal import Principal
from leadsmith.batches import service as batches
from leadsmith.batches.events import batch_urls
from leadsmith.companies.clean_names import clean_name_batch
from leadsmith.enrich.service import domain_for_workspace, lookup_for_workspace
from leadsmith.errors import NotFound
from leadsmith.sources.base import PersonQuery

router = APIRouter(tags=["lookup (seed 003)"])
LookupScope = Annotated[Principal, Depends(require_scope("lookup"))]
DomainScope = Annotated[Principal, Depends(require_scope("domain_finder"))]
CleanScope = Annotated[Principal, Depends(require_scope("clean_names"))]
BatchScope = Annotated[Principal, Depends(require_scope("batch"))]


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
    answer, charged = await lookup_for_workspace(
        workspace, body.query(), lookup_type=body.lookup_type, test=principal.test
    )
    note_credits(request, charged)
    return answer


class DomainFinderBody(BaseModel):
    company_name: str = Field(min_length=1, max_length=200, description="Company name to resolve")


@router.post("/v1/domain-finder", summary="Company name to domain (1 credit when found)")
async def domain_finder(
    request: Request, body: DomainFinderBody, principal: DomainScope, workspace: ReadWorkspace
) -> dict[str, Any]:
    answer, charged = await domain_for_workspace(workspace, body.company_name, test=principal.test)
    note_credits(request, charged)
    return answer


class CleanNamesBody(BaseModel):
    names: list[str] = Field(description="Company names to normalise")


@router.post("/v1/batch/clean-names", summary="Strip legal suffixes and noise from company names")
async def clean_names(body: CleanNamesBody, principal: CleanScope) -> dict[str, Any]:
    return {"cleaned": clean_name_batch(body.names)}


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
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    batch = await batches.start_enrich_batch(
        session,
        workspace,
        [r.model_dump(exclude_none=True) for r in body.rows],
        find_phones=body.find_phones,
        name=body.name,
        test=principal.test,
    )
    status_url, download_url = batch_urls(batch.id)
    return {
        "batch_id": batch.id,
        "status": "queued",
        "total_rows": batch.total_rows,
        "status_url": status_url,
        "download_url": download_url,
    }
