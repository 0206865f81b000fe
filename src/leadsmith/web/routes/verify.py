"""Dashboard pages: bulk email verification — paste or upload, watch, download.

A verification batch is made exactly as `POST /v1/batch/verify` makes one (same
service, same up-front balance check, same job); sandbox mode makes a test batch that
the sandbox answers and that never charges. What it shares with the CSV
enrichment pages is in `leadsmith.web.batch_pages`.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.batches import service as batches
from leadsmith.batches import verify_task as _verify_task  # noqa: F401  (registers the job)
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.billing.prices import Operation, price
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import LeadsmithError
from leadsmith.web.batch_pages import (
    FINISHED,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    STATUS_WORDS,
    VERDICTS,
    UploadProblem,
    batch_or_404,
    checked_form,
    csv_download,
    decode_text,
    not_ready,
    percent,
    read_csv,
    recent_batches,
    upload_bytes,
)
from leadsmith.web.deps import Viewer, ViewerDep, workspace_of
from leadsmith.web.render import flash, redirect, render

router = APIRouter()

# -- reading addresses ----------------------------------------------------------------------

_SPLIT = re.compile(r"[\s,;]+")


def addresses_from_text(text: str) -> tuple[list[str], int]:
    """Addresses pasted one per line (commas, semicolons, spaces also split), repeats
    dropped; and how many pieces were ignored for having no @."""
    found: dict[str, str] = {}
    ignored = 0
    for piece in _SPLIT.split(text):
        token = piece.strip().strip("<>\"'")
        if not token:
            continue
        if "@" not in token:
            ignored += 1
            continue
        found.setdefault(token.lower(), token)
    return list(found.values()), ignored


def addresses_from_file(name: str, data: bytes) -> tuple[list[str], int]:
    """Addresses of a TXT file (one per line) or a CSV (its email column, else any cell
    with an @)."""
    text = decode_text(name, data, what="CSV or text")
    lines = text.splitlines()
    if not name.lower().endswith(".csv") and not any("," in ln or ";" in ln for ln in lines[:5]):
        return addresses_from_text(text)
    rows = read_csv(text)
    if not rows:
        raise UploadProblem(f"“{name}” has no rows.")
    header = [h.strip().lower() for h in rows[0]]
    column = next((i for i, h in enumerate(header) if "mail" in h), None)
    if column is not None:
        cells = [r[column] for r in rows[1:] if column < len(r)]
    else:
        cells = [next((c for c in r if "@" in c), "") for r in rows]
    return addresses_from_text("\n".join(cells))


# -- pages ----------------------------------------------------------------------------------


async def _verify_page(
    request: Request, viewer: Viewer, *, status: int = 200, error: str | None = None, **form: str
) -> HTMLResponse:
    async with read_scope() as session:
        recent = await recent_batches(session, viewer.workspace_id, "verify")
    return render(
        request,
        viewer,
        "verify/index.html",
        status=status,
        error=error,
        recent=recent,
        status_words=STATUS_WORDS,
        percent=percent,
        price_each=price(Operation.BATCH_VERIFY_EMAIL),
        max_rows=MAX_ROWS,
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        emails=form.get("emails", ""),
        name=form.get("name", ""),
    )


@router.get("/verify", response_class=HTMLResponse)
async def verify_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    """Paste addresses or upload a file to verify them in bulk."""
    return await _verify_page(request, viewer)


@router.post("/verify", response_class=HTMLResponse)
async def start_verify(request: Request, viewer: ViewerDep) -> Response:
    """Start a verification batch from pasted addresses and/or an uploaded file."""
    pasted, name = "", ""
    try:
        form = await checked_form(request, viewer)
        pasted = str(form.get("emails") or "")
        name = str(form.get("name") or "").strip()[:200]
        emails, ignored = addresses_from_text(pasted)
        upload = await upload_bytes(form.get("file"))
        if upload is not None:
            from_file, skipped = addresses_from_file(*upload)
            seen = {e.lower() for e in emails}
            emails += [e for e in from_file if e.lower() not in seen]
            ignored += skipped
            name = name or upload[0][:200]
        if not emails:
            raise UploadProblem(
                "No email addresses found. Paste one address per line, or upload a CSV with an"
                " email column or a text file with one address per line."
            )
        if len(emails) > MAX_ROWS:
            raise UploadProblem(
                f"That is {len(emails):,} addresses; a batch takes at most {MAX_ROWS:,}. Split"
                " them into several batches.",
                status=413,
            )
        async with session_scope() as session:
            workspace = await workspace_of(session, viewer)
            # The API's own path: the balance check up front, then the batch and its job.
            batch = await batches.start_verify_batch(
                session,
                workspace,
                emails,
                name=name or f"{len(emails):,} pasted address{'es' if len(emails) != 1 else ''}",
                test=viewer.sandbox,
            )
            batch_id = batch.id
    except UploadProblem as exc:
        return await _verify_page(
            request, viewer, status=exc.status, error=exc.message, emails=pasted, name=name
        )
    except LeadsmithError as exc:
        return await _verify_page(
            request, viewer, status=exc.status, error=exc.message, emails=pasted, name=name
        )
    response = redirect(request, f"/verify/{batch_id}")
    note = f" {ignored} piece(s) without an @ were left out." if ignored else ""
    flash(response, "success", f"Verifying {len(emails):,} address(es).{note}")
    return response


async def _status_context(session: AsyncSession, batch: Batch) -> dict[str, Any]:
    counts = await batches.status_counts(session, batch.id)
    finished = batch.status in FINISHED
    sample: list[dict[str, Any]] = []
    if finished:
        rows = (
            await session.execute(
                select(BatchRow)
                .where(BatchRow.batch_id == batch.id, BatchRow.state == "done")
                .order_by(BatchRow.idx)
                .limit(100)
            )
        ).scalars()
        sample = [r.result or {} for r in rows]
    return {
        "batch": batch,
        "finished": finished,
        "status_word": STATUS_WORDS.get(batch.status, batch.status),
        "percent": percent(batch),
        "counts": [(v, counts.get(v, 0)) for v in VERDICTS]
        + [(k, n) for k, n in sorted(counts.items()) if k not in VERDICTS],
        "sample": sample,
    }


@router.get("/verify/{batch_id}", response_class=HTMLResponse)
async def batch_page(request: Request, viewer: ViewerDep, batch_id: str) -> HTMLResponse:
    """A verification batch: progress and counts per verdict, then the download."""
    async with read_scope() as session:
        batch = await batch_or_404(session, viewer, batch_id, "verify")
        context = await _status_context(session, batch)
    return render(request, viewer, "verify/batch.html", **context)


@router.get("/verify/{batch_id}/fragment", response_class=HTMLResponse)
async def batch_fragment(request: Request, viewer: ViewerDep, batch_id: str) -> HTMLResponse:
    async with read_scope() as session:
        batch = await batch_or_404(session, viewer, batch_id, "verify")
        context = await _status_context(session, batch)
    return render(request, viewer, "verify/_batch_body.html", **context)


async def _results(viewer: Viewer, batch_id: str) -> tuple[Batch, list[dict[str, Any]]]:
    async with read_scope() as session:
        batch = await batch_or_404(session, viewer, batch_id, "verify")
        rows = await batches.rows_of(session, batch.id)
    return batch, [r.result or {} for r in rows if r.state == "done"]


@router.get("/verify/{batch_id}/download.csv")
async def download_csv(request: Request, viewer: ViewerDep, batch_id: str) -> Response:
    """The verdicts as CSV (the same columns as the API's download)."""
    batch, results = await _results(viewer, batch_id)
    if batch.status not in FINISHED:
        return not_ready(request, f"/verify/{batch_id}")
    return csv_download(
        batches.to_csv(results, batches.csv_columns("verify", results)), f"verify-{batch.id}.csv"
    )


@router.get("/verify/{batch_id}/download.json")
async def download_json(request: Request, viewer: ViewerDep, batch_id: str) -> Response:
    batch, results = await _results(viewer, batch_id)
    if batch.status not in FINISHED:
        return not_ready(request, f"/verify/{batch_id}")
    return JSONResponse(
        {"batch_id": batch.id, "status": batch.status, "results": results},
        headers={"Content-Disposition": f'attachment; filename="verify-{batch.id}.json"'},
    )
