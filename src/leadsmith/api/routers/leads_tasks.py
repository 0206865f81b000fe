"""Seed 001: prompt-based lead search bound to Lists, with cursor continuation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.api.deps import CurrentWorkspace, ReadSessionDep, SessionDep, require_scope
from leadsmith.api.principal import Principal
from leadsmith.api.routers.leads_jobs import result_view
from leadsmith.api.schemas import iso
from leadsmith.contacts.models import ContactList
from leadsmith.search import service
from leadsmith.search import tasks as _tasks  # noqa: F401  (registers the lead_search job)
from leadsmith.search.models import SearchRun

router = APIRouter(tags=["lead search (seed 001)"])
LeadsScope = Annotated[Principal, Depends(require_scope("leads"))]

# Internal state -> seed 001's words.
STATUS_001 = {
    "queued": "pending",
    "processing": "running",
    "completed": "completed",
    "failed": "failed",
    "cancelled": "cancelled",
}


class SearchBody(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    prompt: str = Field(min_length=1, max_length=2000, description="What leads to find")
    fetch_count: int = Field(
        default=service.DEFAULT_LIMIT, description="New leads to fetch this run (clamped to 2500)"
    )
    list_id: str | None = Field(
        default=None, alias="listId", min_length=1, max_length=64, description="List to populate"
    )
    list_name: str | None = Field(
        default=None, alias="listName", min_length=1, max_length=120, description="New list name"
    )


def task_view(run: SearchRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "status": STATUS_001[run.status],
        "correlationId": run.correlation_id,
        "prompt": run.prompt,
        "fetchCount": run.fetch_count,
        "listId": run.list_id,
        "progress": run.progress,
        "totalFound": run.total_found,
        "createdAt": iso(run.created_at),
        "startedAt": iso(run.started_at),
        "completedAt": iso(run.completed_at),
        "error": run.error,
        "note": run.note,
    }


async def _list_view(session: AsyncSession, run: SearchRun) -> dict[str, Any] | None:
    if run.list_id is None:
        return None
    found = await session.get(ContactList, run.list_id)
    return {"id": found.id, "name": found.name} if found is not None else None


async def _shape(session: AsyncSession, run: SearchRun) -> dict[str, Any]:
    return {"task": task_view(run), "list": await _list_view(session, run)}


@router.post("/api/leads/search", summary="Start (or continue) a lead search on a List")
async def start_search(
    body: SearchBody, principal: LeadsScope, workspace: CurrentWorkspace, session: SessionDep
) -> dict[str, Any]:
    started = await service.start_search(
        session,
        workspace,
        prompt=body.prompt,
        fetch_count=body.fetch_count,
        contract="001",
        test=principal.test,
        bind_list=True,
        list_id=body.list_id,
        list_name=body.list_name,
    )
    assert started.list is not None
    return {
        "task": task_view(started.run),
        "list": {"id": started.list.id, "name": started.list.name},
    }


@router.get("/api/leads/search", summary="A search task's status, or the recent searches")
async def get_search(
    principal: LeadsScope,
    session: ReadSessionDep,
    task_id: Annotated[str | None, Query(alias="taskId")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    if task_id:
        return await _shape(
            session, await service.get_run(session, principal.workspace_id, task_id)
        )
    runs = await service.recent_runs(session, principal.workspace_id, contract="001", limit=limit)
    return {"tasks": [{**task_view(r), "list": await _list_view(session, r)} for r in runs]}


@router.delete("/api/leads/search", summary="Cancel a search task")
async def cancel_search(
    principal: LeadsScope,
    session: SessionDep,
    task_id: Annotated[str, Query(alias="taskId")],
) -> dict[str, Any]:
    run = await service.cancel_run(session, principal.workspace_id, task_id)
    return await _shape(session, run)


@router.get("/api/leads/search/results", summary="Raw result rows of a search task")
async def search_results(
    principal: LeadsScope,
    session: ReadSessionDep,
    task_id: Annotated[str, Query(alias="taskId")],
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1)] = 100,
) -> dict[str, Any]:
    per_page = min(per_page, 500)
    run = await service.get_run(session, principal.workspace_id, task_id)
    rows, total = await service.results_page(
        session, principal.workspace_id, task_id, page=page, per_page=per_page
    )
    return {
        **await _shape(session, run),
        "results": [result_view(r) for r in rows],
        "pagination": {"page": page, "per_page": per_page, "total": total},
    }
