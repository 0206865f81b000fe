"""Seed 003's buyer context, qualify and research: /v1/icp, /v1/qualify, /v1/research/prospect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import BaseModel, Field

from leadsmith.accounts.models import Workspace
from leadsmith.ai.icp import canonical_icp, set_icp, stored_icp
from leadsmith.ai.llm import LLMClient
from leadsmith.ai.qualify import CrawlFn
from leadsmith.ai.research import DEFAULT_TIMEOUT
from leadsmith.ai.service import QualifyRequest, qualify_for_workspace, research_for_workspace
from leadsmith.api.deps import ReadWorkspace, SessionDep, note_credits, require_scope
from leadsmith.api.principal import Principal
from leadsmith.errors import NotFound
from leadsmith.sources.web import WebCrawler

router = APIRouter(tags=["qualify and research (seed 003)"])
QualifyScope = Annotated[Principal, Depends(require_scope("qualify"))]
ResearchScope = Annotated[Principal, Depends(require_scope("research"))]


async def get_llm() -> LLMClient | None:
    """The configured LLM, or None (rules and templates only)."""
    return LLMClient.from_settings()


async def get_crawl() -> AsyncIterator[CrawlFn | None]:
    """A site crawler for this request (tests replace it with the fake web's)."""
    crawler = WebCrawler()
    try:
        yield crawler.crawl
    finally:
        await crawler.aclose()


async def get_research_timeout() -> float:
    """Seconds a dossier may take before it is a 504 `research_timeout`."""
    return DEFAULT_TIMEOUT


LLMDep = Annotated[LLMClient | None, Depends(get_llm)]
CrawlDep = Annotated[CrawlFn | None, Depends(get_crawl)]
TimeoutDep = Annotated[float, Depends(get_research_timeout)]


# -- ICP ------------------------------------------------------------------------------------


class ICPBody(BaseModel):
    industries: list[str] | str | None = Field(default=None, examples=[["SaaS", "Fintech"]])
    sizes: list[str | int] | str | None = Field(default=None, examples=[["11-200"]])
    countries: list[str] | str | None = Field(default=None, examples=[["US", "DE"]])
    titles: list[str] | str | None = Field(default=None, examples=[["VP Sales"]])
    seniorities: list[str] | str | None = Field(default=None, examples=[["vp", "director"]])
    technologies: list[str] | str | None = Field(default=None, examples=[["HubSpot"]])
    notes: str | None = Field(default=None, max_length=2000)


@router.get("/v1/icp", summary="The workspace's ideal customer profile (buyer context)")
async def get_icp(principal: QualifyScope, workspace: ReadWorkspace) -> dict[str, Any]:
    icp = stored_icp(workspace)
    return {
        "icp": icp.model_dump() if icp else None,
        "criteria": icp.describe() if icp else {},
    }


@router.put("/v1/icp", summary="Set the workspace's ideal customer profile (replaces it)")
async def put_icp(
    principal: QualifyScope, session: SessionDep, body: Annotated[ICPBody, Body()]
) -> dict[str, Any]:
    icp = canonical_icp(body.model_dump(exclude_none=True))
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    await set_icp(session, workspace, icp)
    return {"icp": icp.model_dump(), "criteria": icp.describe()}


# -- qualify --------------------------------------------------------------------------------


class QualifyBody(BaseModel):
    domain: str = Field(min_length=1, max_length=255, description="Prospect company domain")
    company_name: str | None = Field(default=None, max_length=200, description="Improves scoring")
    first_name: str | None = Field(default=None, max_length=100, description="Person mode")
    last_name: str | None = Field(default=None, max_length=100, description="Person mode")
    job_title: str | None = Field(default=None, max_length=200, description="Person mode")
    employees: int | None = Field(default=None, ge=0, description="Company mode")
    industry: str | None = Field(default=None, max_length=200, description="Company mode")
    description: str | None = Field(default=None, max_length=5000, description="Company mode")
    country: str | None = Field(default=None, max_length=60, description="Country (ISO or name)")
    technologies: list[str] | None = Field(default=None, description="Technologies used")

    @property
    def person_mode(self) -> bool:
        return bool(self.first_name or self.last_name or self.job_title)


@router.post("/v1/qualify", summary="ICP fit score 0-10 with label and reason (1 credit)")
async def qualify(
    request: Request,
    body: QualifyBody,
    principal: QualifyScope,
    workspace: ReadWorkspace,
    llm: LLMDep,
    crawl: CrawlDep,
) -> dict[str, Any]:
    answer, charged = await qualify_for_workspace(
        workspace,
        QualifyRequest(**body.model_dump()),
        test=principal.test,
        llm=llm,
        crawl=crawl,
        reference=request.state.request_id,
    )
    note_credits(request, charged)
    return answer


# -- research -------------------------------------------------------------------------------


class ResearchBody(BaseModel):
    domain: str = Field(min_length=1, max_length=255, description="Prospect domain")
    company_name: str | None = Field(default=None, max_length=200, description="Display name")
    contact_name: str | None = Field(default=None, max_length=200, description="Decision-maker")
    contact_title: str | None = Field(default=None, max_length=200, description="Their title")
    company_description: str | None = Field(
        default=None, max_length=5000, description="Hint to the LLM"
    )


@router.post(
    "/v1/research/prospect",
    summary="SDR research dossier: fit, why-now signal, connection point (10 credits)",
)
async def research(
    request: Request,
    body: ResearchBody,
    principal: ResearchScope,
    workspace: ReadWorkspace,
    llm: LLMDep,
    crawl: CrawlDep,
    timeout: TimeoutDep,
) -> dict[str, Any]:
    answer, charged = await research_for_workspace(
        workspace,
        domain=body.domain,
        company_name=body.company_name,
        contact_name=body.contact_name,
        contact_title=body.contact_title,
        company_description=body.company_description,
        test=principal.test,
        llm=llm,
        crawl=crawl,
        timeout=timeout,
    )
    note_credits(request, charged)
    return answer
