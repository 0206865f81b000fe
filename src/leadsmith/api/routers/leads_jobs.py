"""Seed 000: async lead search jobs, their results, and import into contacts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from leadsmith.api.deps import CurrentWorkspace, ReadSessionDep, SessionDep, require_scope
from leadsmith.api.principal import Principal
from leadsmith.api.schemas import iso
from leadsmith.errors import InvalidInput
from leadsmith.search import service
from leadsmith.search import tasks as _tasks  # noqa: F401  (registers the lead_search job)
from leadsmith.search.models import SearchResult, SearchRun

router = APIRouter(tags=["lead finder (seed 000)"])
LeadsScope = Annotated[Principal, Depends(require_scope("leads"))]

# Internal state -> seed 000's words (it has no "cancelled": a cancelled job failed).
STATUS_000 = {
    "queued": "pending",
    "processing": "running",
    "completed": "done",
    "failed": "failed",
    "cancelled": "failed",
}


class LeadFilters(BaseModel):
    role: str | None = Field(default=None, description="Job title or role keyword")
    location: str | None = Field(default=None, description="City, country, or region")
    company_size: str | None = Field(default=None, description='e.g. "1-50", "51-200"')
    industry: str | None = Field(default=None, description="Industry vertical")

    model_config = {"extra": "allow"}


class LeadSearchBody(BaseModel):
    query: str = Field(min_length=1, max_length=2000, description="Natural-language search")
    filters: LeadFilters | None = None
    limit: int = Field(
        default=service.DEFAULT_LIMIT, description="Max results (default 25, max 500)"
    )


class LeadImportBody(BaseModel):
    result_ids: list[str] = Field(description="Lead result IDs to import")
    list_id: str | None = Field(default=None, description="Target contact list id")


def job_view(run: SearchRun) -> dict[str, Any]:
    error = run.error
    if run.status == "cancelled" and not error:
        error = "Cancelled before it finished."
    return {
        "id": run.id,
        "query": run.prompt,
        "filters": run.request_filters,
        "status": STATUS_000[run.status],
        "total_found": run.total_found,
        "progress": run.progress,
        "created_at": iso(run.created_at),
        "completed_at": iso(run.completed_at),
        "error": error,
    }


def result_view(row: SearchResult) -> dict[str, Any]:
    """A result as seed 000 shows it, plus evidence and verification."""
    return {
        "id": row.id,
        "name": row.name,
        "email": row.email,
        "linkedin_url": row.linkedin_url,
        "company": row.company,
        "role": row.role,
        "location": row.location,
        "source": row.source,
        "enriched": row.enriched,
        "ai_message": row.ai_message,
        "phone": row.phone,
        "company_domain": row.company_domain,
        "score": row.score,
        "job_id": row.run_id,
        "verification": {"status": row.email_status},
        "evidence": row.data.get("provenance", []),
        "details": {k: v for k, v in row.data.items() if k != "provenance"},
    }


@router.post("/api/v1/leads/search", summary="Start a lead search job")
async def start_lead_search(
    body: LeadSearchBody, principal: LeadsScope, workspace: CurrentWorkspace, session: SessionDep
) -> dict[str, Any]:
    if body.limit <= 0:
        raise InvalidInput("limit must be at least 1 (default 25, at most 500).")
    filters = body.filters.model_dump(exclude_none=True) if body.filters else {}
    started = await service.start_search(
        session,
        workspace,
        prompt=body.query,
        filters=filters,
        fetch_count=min(body.limit, service.MAX_LIMIT),
        contract="000",
        test=principal.test,
    )
    return {
        "success": True,
        "job_id": started.run.id,
        "status": STATUS_000[started.run.status],
        "created_at": iso(started.run.created_at),
    }


@router.get("/api/v1/leads/jobs/{job_id}", summary="Poll a lead search job")
async def get_lead_job(
    job_id: str, principal: LeadsScope, session: ReadSessionDep
) -> dict[str, Any]:
    run = await service.get_run(session, principal.workspace_id, job_id)
    return {"success": True, "job": job_view(run)}


@router.get("/api/v1/leads/jobs", summary="Recent lead search jobs")
async def list_lead_jobs(
    principal: LeadsScope,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    runs = await service.recent_runs(session, principal.workspace_id, limit=limit)
    return {"success": True, "jobs": [job_view(r) for r in runs]}


@router.get("/api/v1/leads/results/{job_id}", summary="Results of a lead search job")
async def lead_results(
    job_id: str,
    principal: LeadsScope,
    session: ReadSessionDep,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1)] = 25,
    enriched_only: bool = False,
) -> dict[str, Any]:
    per_page = min(per_page, 100)
    rows, total = await service.results_page(
        session,
        principal.workspace_id,
        job_id,
        page=page,
        per_page=per_page,
        enriched_only=enriched_only,
    )
    return {
        "success": True,
        "results": [result_view(r) for r in rows],
        "pagination": {
            "page": page,
            "per_page": per_page,
            "total": total,
            "total_pages": (total + per_page - 1) // per_page,
        },
    }


@router.post("/api/v1/leads/import", summary="Import lead results into Contacts")
async def import_leads(
    body: LeadImportBody, principal: LeadsScope, session: SessionDep
) -> dict[str, Any]:
    if not body.result_ids:
        raise InvalidInput("result_ids: give at least one result id.")
    outcome = await service.import_results(
        session, principal.workspace_id, body.result_ids, body.list_id
    )
    noun = "lead" if outcome.imported == 1 else "leads"
    return {
        "success": True,
        "imported": outcome.imported,
        "skipped": outcome.skipped,
        "message": f"{outcome.imported} {noun} imported to contacts",
    }
