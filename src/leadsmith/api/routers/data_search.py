"""Seed 004: synchronous people and company search (errors in 004's dialect)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from leadsmith.api.deps import CurrentWorkspace, SessionDep, note_credits, require_scope
from leadsmith.api.principal import Principal
from leadsmith.api.routers import data_api_dialect as _dialect  # noqa: F401  (004 error words)
from leadsmith.api.schemas import meta
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, price
from leadsmith.contacts import service as contacts
from leadsmith.errors import InvalidInput
from leadsmith.search.parser import canonicalise
from leadsmith.sources.base import Source
from leadsmith.sources.records import CompanyRecord, PersonRecord

router = APIRouter(tags=["search (seed 004)"])
SearchScope = Annotated[Principal, Depends(require_scope("search"))]
MAX_LIMIT = 100

Text = str | list[str] | None


class PeopleSearchBody(BaseModel):
    job_title: Text = Field(default=None, description="Title words, e.g. Revenue Operations")
    seniority: Text = Field(default=None, description="owner, founder, c_suite, vp, director...")
    company: Text = Field(default=None, description="Company name")
    country: Text = Field(default=None, description="Country name or ISO code")
    skills: Text = None
    keywords: Text = None
    limit: int = Field(default=10, description="1 to 100")


class CompanySearchBody(BaseModel):
    domain: str | None = None
    industry: Text = None
    headcount: str | int | None = Field(default=None, description='e.g. "51-200" or 120')
    technology: Text = None
    country: Text = None
    status: str | None = Field(default=None, description="verified or unverified")
    limit: int = Field(default=10, description="1 to 100")


def _source(principal: Principal) -> Source:
    """Test keys search the sandbox; live keys the workspace's own index."""
    if principal.test:
        from leadsmith.sources.sandbox import SandboxSource

        return SandboxSource()
    from leadsmith.sources.local import LocalSource

    return LocalSource(principal.workspace_id)


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT} (got {limit}).")


def company_view(company: CompanyRecord | None) -> dict[str, Any] | None:
    if company is None:
        return None
    return {
        "name": company.name,
        "domain": company.domain,
        "industry": company.industry,
        "headcount": company.employees,
        "website": company.website,
        "technologies": company.technologies,
        "location": {"country": company.country, "region": company.region, "city": company.city},
        "linkedin_url": company.linkedin_url,
        "status": company.status,
    }


def person_view(person: PersonRecord) -> dict[str, Any]:
    return {
        "person": {
            "full_name": person.name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "job_title": person.title,
            "department": person.department,
            "management_level": person.seniority,
            "email": person.email,
            "phone": person.phone,
            "linkedin_url": person.linkedin_url,
            "skills": person.skills,
            "location": {"country": person.country, "region": person.region, "city": person.city},
        },
        "company": company_view(person.company),
        "sources": sorted({p.source for p in person.provenance}),
    }


async def _charge(
    request: Request, session: SessionDep, workspace: CurrentWorkspace, op: Operation, found: int
) -> int:
    """Charge one search when something was returned (never for test keys)."""
    principal: Principal = request.state.principal
    if principal.test or found == 0:
        return 0
    amount = price(op)
    await ledger.charge(
        session, workspace, amount, operation=op, reference=f"{op.value}:{request.state.request_id}"
    )
    note_credits(request, amount)
    return int(amount)


@router.post("/api/v1/search/people", summary="Search people (1 credit when results return)")
async def search_people(
    request: Request,
    body: PeopleSearchBody,
    principal: SearchScope,
    workspace: CurrentWorkspace,
    session: SessionDep,
) -> dict[str, Any]:
    _check_limit(body.limit)
    if not principal.test:
        await ledger.require_balance(workspace, price(Operation.SEARCH_PEOPLE))
    raw = body.model_dump(exclude_none=True, exclude={"limit"})
    filters = canonicalise(raw)
    people, _cursor = await _source(principal).search_people(filters, limit=body.limit)
    blocked = await contacts.blocklist(session, principal.workspace_id)
    people = [p for p in people if not blocked.blocks(p.email)]
    used = await _charge(request, session, workspace, Operation.SEARCH_PEOPLE, len(people))
    data = [person_view(p) for p in people]
    return {
        "success": True,
        "data": data,
        "results": data,
        "meta": meta(request, credits_used=used, total=len(data), filters=filters.model_dump()),
    }


@router.post("/api/v1/search/companies", summary="Search companies (1 credit when results return)")
async def search_companies(
    request: Request,
    body: CompanySearchBody,
    principal: SearchScope,
    workspace: CurrentWorkspace,
    session: SessionDep,
) -> dict[str, Any]:
    _check_limit(body.limit)
    if not principal.test:
        await ledger.require_balance(workspace, price(Operation.SEARCH_COMPANIES))
    raw = body.model_dump(exclude_none=True, exclude={"limit", "domain", "status"})
    filters = canonicalise(raw)
    source: Any = _source(principal)
    domain = body.domain.strip().lower() if body.domain else None
    companies, _cursor = await source.search_companies(
        filters, limit=body.limit, domain=domain, status=body.status
    )
    blocked = await contacts.blocklist(session, principal.workspace_id)
    companies = [c for c in companies if not (c.domain and c.domain in blocked.domains)]
    used = await _charge(request, session, workspace, Operation.SEARCH_COMPANIES, len(companies))
    data = [company_view(c) for c in companies]
    return {
        "success": True,
        "data": data,
        "results": data,
        "meta": meta(request, credits_used=used, total=len(data), filters=filters.model_dump()),
    }
