"""History: every API request of the workspace, newest first, with filters."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from leadsmith.billing.prices import from_millis
from leadsmith.db.engine import read_scope
from leadsmith.history.models import RequestLog
from leadsmith.web.deps import ViewerDep
from leadsmith.web.render import render

router = APIRouter()

PAGE_SIZE = 50
STATUS_CLASSES = {"2xx": (200, 300), "3xx": (300, 400), "4xx": (400, 500), "5xx": (500, 600)}
MAX_FILTER = 200


@router.get("/history", response_class=HTMLResponse)
async def history_page(
    request: Request,
    viewer: ViewerDep,
    status: str = "",
    route: str = "",
    key: str = "",
    before: int | None = None,
) -> HTMLResponse:
    status = status if status in STATUS_CLASSES else ""
    route = route.strip()[:MAX_FILTER]
    key = key.strip()[:MAX_FILTER]
    query = select(RequestLog).where(RequestLog.workspace_id == viewer.workspace_id)
    if status:
        low, high = STATUS_CLASSES[status]
        query = query.where(RequestLog.status >= low, RequestLog.status < high)
    if route:
        query = query.where(RequestLog.route.contains(route, autoescape=True))
    if key:
        query = query.where(RequestLog.key_prefix.startswith(key, autoescape=True))
    if before is not None:
        query = query.where(RequestLog.id < before)
    query = query.order_by(RequestLog.id.desc()).limit(PAGE_SIZE + 1)
    async with read_scope() as session:
        rows = list((await session.execute(query)).scalars())
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    filters = {k: v for k, v in (("status", status), ("route", route), ("key", key)) if v}
    older_url = None
    if more:
        older_url = "/history?" + urlencode({**filters, "before": rows[-1].id})
    newest_url = ("/history?" + urlencode(filters)) if before is not None else None
    return render(
        request,
        viewer,
        "history.html",
        rows=[(r, from_millis(r.credits_millis)) for r in rows],
        filter_status=status,
        filter_route=route,
        filter_key=key,
        filtered=bool(filters),
        status_classes=list(STATUS_CLASSES),
        older_url=older_url,
        newest_url=newest_url,
    )
