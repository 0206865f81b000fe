"""Dashboard pages: CSV enrichment — upload, check the column mapping, watch, download.

An enrichment is a `Batch(kind="enrich")` made exactly as `POST /v1/batch/enrich` makes
one (same prices, same up-front balance check, same job). Columns are recognised by the
CLI's `map_columns`; the person may change the mapping before starting. The upload
travels from the preview to the start inside the preview form (compressed), so nothing
is stored until the batch is created. Each row keeps its original cells, so the download
is the uploaded file with the enrichment columns added.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import zlib
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from leadsmith.batches import service as batches
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.billing.prices import Operation, price
from leadsmith.cli.enrich import COLUMN_ALIASES, OUTPUT_COLUMNS, map_columns, row_input
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.enrich import tasks as _enrich_tasks  # noqa: F401  (registers the job)
from leadsmith.errors import LeadsmithError
from leadsmith.web.batch_pages import (
    FINISHED,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    STATUS_WORDS,
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

FIELD_LABELS: dict[str, str] = {
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name",
    "domain": "Company domain or website",
    "company_name": "Company name",
    "linkedin_url": "LinkedIn URL",
    "job_title": "Job title",
    "country": "Country",
}
assert set(FIELD_LABELS) == set(COLUMN_ALIASES)  # the CLI's fields, every one labelled
PREVIEW_ROWS = 5
_CHUNK = 400_000  # characters per hidden field (form fields are parsed up to 1 MB each)
SOURCE = "dashboard"  # Batch.params["source"] of batches made here


def row_prices(find_phones: bool) -> tuple[Decimal, Decimal]:
    """Most a row can cost: (email, phone) as `POST /v1/batch/enrich` charges them."""
    phone = price(Operation.BATCH_ENRICH_PHONE) if find_phones else Decimal(0)
    return price(Operation.BATCH_ENRICH_EMAIL), phone


# -- the upload ------------------------------------------------------------------------------


class Upload:
    """A parsed CSV upload: its name, header and data rows (cells as strings)."""

    def __init__(self, name: str, text: str) -> None:
        rows = read_csv(text)
        if not rows or not any(cell.strip() for cell in rows[0]):
            raise UploadProblem(
                f"“{name}” has no header row. The first line must name the columns, for"
                " example: first_name,last_name,domain."
            )
        header = [cell.strip() for cell in rows[0]]
        if any(_looks_like_data(cell) for cell in header):
            raise UploadProblem(
                f"The first line of “{name}” looks like data, not column names. Add a header"
                " row first, for example: first_name,last_name,domain."
            )
        if sum(1 for cell in header if cell) < 2:
            raise UploadProblem(
                f"No usable columns in “{name}”: it needs at least a name column and a column"
                " saying where the person works (domain, website, company or LinkedIn), for"
                " example: name,domain."
            )
        self.name = name
        self.text = text
        self.header = header
        self.rows = [r + [""] * (len(header) - len(r)) for r in rows[1:]]
        if not self.rows:
            raise UploadProblem(f"“{name}” has a header but no rows to enrich.")
        if len(self.rows) > MAX_ROWS:
            raise UploadProblem(
                f"“{name}” has {len(self.rows):,} rows; at most {MAX_ROWS:,} are enriched at"
                " once. Split it into several files.",
                status=413,
            )


def _looks_like_data(cell: str) -> bool:
    """A header cell that is a value (an address, a URL, a number), not a column name."""
    text = cell.strip().lower()
    return "@" in text or "://" in text or text.startswith("www.") or text.isdigit()


def mapping_problem(mapping: dict[str, str]) -> str | None:
    """Why rows could not be looked up with this mapping, or None when they can."""
    has_name = {"first_name", "last_name"} <= mapping.keys() or "full_name" in mapping
    has_where = bool({"domain", "company_name", "linkedin_url"} & mapping.keys())
    if has_name and has_where:
        return None
    missing = []
    if not has_name:
        missing.append("the person's name (first and last name, or a full name column)")
    if not has_where:
        missing.append("where they work (a domain or website, a company name, or LinkedIn)")
    return "Choose columns for " + " and ".join(missing) + "."


def encode_upload(upload: Upload) -> list[str]:
    """The upload, compressed, as the hidden fields of the preview form."""
    packed = json.dumps({"name": upload.name, "text": upload.text}).encode()
    data = base64.urlsafe_b64encode(zlib.compress(packed, 6)).decode("ascii")
    return [data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [""]


def decode_upload(parts: list[str]) -> Upload:
    try:
        packed = zlib.decompress(base64.urlsafe_b64decode("".join(parts).encode("ascii")))
        if len(packed) > 2 * MAX_UPLOAD_BYTES:
            raise ValueError("too large")
        payload = json.loads(packed)
        return Upload(str(payload["name"]), str(payload["text"]))
    except (ValueError, KeyError, TypeError, binascii.Error, zlib.error) as exc:
        raise UploadProblem(
            "The upload could not be read back; please upload the file again."
        ) from exc


# -- pages ----------------------------------------------------------------------------------


async def _enrich_page(
    request: Request, viewer: Viewer, *, status: int = 200, error: str | None = None
) -> HTMLResponse:
    async with read_scope() as session:
        recent = await recent_batches(session, viewer.workspace_id, "enrich")
    return render(
        request,
        viewer,
        "enrich/index.html",
        status=status,
        error=error,
        recent=recent,
        status_words=STATUS_WORDS,
        percent=percent,
        max_rows=MAX_ROWS,
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        field_labels=FIELD_LABELS,
    )


def _preview(
    request: Request,
    viewer: Viewer,
    upload: Upload,
    mapping: dict[str, str],
    *,
    find_phones: bool,
    status: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    email_each, phone_each = row_prices(True)
    n = len(upload.rows)
    return render(
        request,
        viewer,
        "enrich/preview.html",
        status=status,
        error=error,
        upload=upload,
        payload=encode_upload(upload),
        mapping=mapping,
        field_labels=FIELD_LABELS,
        sample=upload.rows[:PREVIEW_ROWS],
        find_phones=find_phones,
        rows=n,
        email_each=email_each,
        phone_each=phone_each,
        most_email=email_each * n,
        most_phone=phone_each * n,
        problem=mapping_problem(mapping),
    )


@router.get("/enrich", response_class=HTMLResponse)
async def enrich_page(request: Request, viewer: ViewerDep) -> HTMLResponse:
    """Upload a CSV to enrich, and the recent enrichments."""
    return await _enrich_page(request, viewer)


@router.post("/enrich", response_class=HTMLResponse)
async def upload_csv(request: Request, viewer: ViewerDep) -> Response:
    """Read an uploaded CSV and show its detected columns and first rows (nothing stored)."""
    try:
        form = await checked_form(request, viewer)
        found = await upload_bytes(form.get("file"))
        if found is None:
            raise UploadProblem("Choose a CSV file to upload.")
        name, data = found
        upload = Upload(name, decode_text(name, data))
    except UploadProblem as exc:
        return await _enrich_page(request, viewer, status=exc.status, error=exc.message)
    # Columns are matched by name; what is not recognised the person picks on the preview.
    return _preview(request, viewer, upload, map_columns(upload.header), find_phones=False)


def _chosen_mapping(form: FormData, header: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for field in FIELD_LABELS:
        column = str(form.get(f"map_{field}") or "")
        if column and column in header:
            mapping[field] = column
    return mapping


def batch_row(upload: Upload, cells: list[str], mapping: dict[str, str]) -> dict[str, Any]:
    """One batch row: the mapped fields the job reads, and the original cells."""
    record = dict(zip(upload.header, cells, strict=False))
    return {**row_input(record, mapping), "csv": cells[: len(upload.header)]}


@router.post("/enrich/start", response_class=HTMLResponse)
async def start_enrich(request: Request, viewer: ViewerDep) -> Response:
    """Start the enrichment batch with the chosen mapping."""
    try:
        # The file travels back compressed; base64 of a file that does not compress is
        # still under twice the upload limit.
        form = await checked_form(request, viewer, limit=2 * MAX_UPLOAD_BYTES)
        upload = decode_upload([str(p) for p in form.getlist("payload")])
    except UploadProblem as exc:
        return await _enrich_page(request, viewer, status=exc.status, error=exc.message)
    mapping = _chosen_mapping(form, upload.header)
    find_phones = form.get("find_phones") == "1"
    problem = mapping_problem(mapping)
    if problem:
        return _preview(
            request, viewer, upload, mapping, find_phones=find_phones, status=400, error=problem
        )
    try:
        async with session_scope() as session:
            workspace = await workspace_of(session, viewer)
            # The API's own path: the balance check up front, then the batch and its job.
            batch = await batches.start_enrich_batch(
                session,
                workspace,
                [batch_row(upload, cells, mapping) for cells in upload.rows],
                find_phones=find_phones,
                name=upload.name[:200],
                test=viewer.sandbox,
            )
            # What the download needs to rebuild the file; the job reads none of it.
            batch.params = {
                **batch.params,
                "source": SOURCE,
                "csv_header": upload.header,
                "mapping": mapping,
            }
            batch_id = batch.id
    except LeadsmithError as exc:
        return _preview(
            request,
            viewer,
            upload,
            mapping,
            find_phones=find_phones,
            status=exc.status,
            error=exc.message,
        )
    response = redirect(request, f"/enrich/{batch_id}")
    flash(response, "success", f"Enriching {len(upload.rows):,} rows of “{upload.name}”.")
    return response


# -- a batch ---------------------------------------------------------------------------------


def header_of(batch: Batch, rows: list[BatchRow]) -> list[str]:
    """The uploaded file's columns; for a batch made by the API, the fields its rows have."""
    stored = batch.params.get("csv_header")
    if isinstance(stored, list):
        return [str(c) for c in stored]
    seen: dict[str, None] = {}
    for row in rows:
        for key in row.input:
            seen.setdefault(key, None)
    return list(seen)


def original_cells(row: BatchRow, header: list[str]) -> list[Any]:
    cells = row.input.get("csv")
    if isinstance(cells, list):
        return list(cells) + [""] * (len(header) - len(cells))
    return [row.input.get(c, "") for c in header]


def enrichment(result: dict[str, Any] | None) -> dict[str, Any]:
    """A row's result as the output columns (as `leadsmith enrich` writes them)."""
    r = result or {}
    return {
        "email": r.get("email") or "",
        "email_confidence": r.get("score") if r.get("email") else "",
        "email_verified": r.get("verified", "") if r else "",
        "email_evidence": r.get("evidence") or "",
        "phone": r.get("phone") or "",
        "phone_type": r.get("phone_type") or "",
        "enrich_status": r.get("status", ""),
    }


def enriched_csv(batch: Batch, rows: list[BatchRow]) -> str:
    """The uploaded rows with the enrichment columns; every cell formula-safe."""
    header = header_of(batch, rows)
    extra = [c for c in OUTPUT_COLUMNS if c not in header]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([batches.csv_safe(c) for c in header + extra])
    for row in rows:
        cells = original_cells(row, header)
        added = enrichment(row.result if row.state == "done" else None)
        # A column the file already had (say "email") is filled in place when it was empty.
        for i, column in enumerate(header):
            if column in added and not str(cells[i] or "").strip():
                cells[i] = added[column]
        writer.writerow([batches.csv_safe(v) for v in cells + [added[c] for c in extra]])
    return out.getvalue()


async def _status_context(batch: Batch, rows: list[BatchRow] | None) -> dict[str, Any]:
    sample: list[dict[str, Any]] = []
    if rows is not None:
        for row in rows[:10]:
            r = row.result or {}
            name = " ".join(
                str(p) for p in (row.input.get("first_name"), row.input.get("last_name")) if p
            )
            sample.append(
                {
                    "name": name,
                    "company": row.input.get("domain") or row.input.get("company_name") or "",
                    "email": r.get("email"),
                    "verified": r.get("verified"),
                    "phone": r.get("phone"),
                    "status": r.get("status", "pending"),
                }
            )
    return {
        "batch": batch,
        "finished": batch.status in FINISHED,
        "status_word": STATUS_WORDS.get(batch.status, batch.status),
        "percent": percent(batch),
        "sample": sample,
        "find_phones": bool(batch.params.get("find_phone")),
    }


async def _load(viewer: Viewer, batch_id: str) -> tuple[Batch, list[BatchRow] | None]:
    async with read_scope() as session:
        batch = await batch_or_404(session, viewer, batch_id, "enrich")
        rows = await batches.rows_of(session, batch.id) if batch.status in FINISHED else None
    return batch, rows


@router.get("/enrich/{batch_id}", response_class=HTMLResponse)
async def batch_page(request: Request, viewer: ViewerDep, batch_id: str) -> HTMLResponse:
    """An enrichment: progress, then the first rows and the downloads."""
    batch, rows = await _load(viewer, batch_id)
    return render(request, viewer, "enrich/batch.html", **await _status_context(batch, rows))


@router.get("/enrich/{batch_id}/fragment", response_class=HTMLResponse)
async def batch_fragment(request: Request, viewer: ViewerDep, batch_id: str) -> HTMLResponse:
    batch, rows = await _load(viewer, batch_id)
    return render(request, viewer, "enrich/_batch_body.html", **await _status_context(batch, rows))


@router.get("/enrich/{batch_id}/download.csv")
async def download_csv(request: Request, viewer: ViewerDep, batch_id: str) -> Response:
    """The uploaded file with email, phone and status columns added."""
    batch, rows = await _load(viewer, batch_id)
    if rows is None:
        return not_ready(request, f"/enrich/{batch_id}")
    return csv_download(enriched_csv(batch, rows), f"enriched-{batch.id}.csv")


@router.get("/enrich/{batch_id}/download.json")
async def download_json(request: Request, viewer: ViewerDep, batch_id: str) -> Response:
    """Each row's original cells and its full result, as JSON."""
    batch, rows = await _load(viewer, batch_id)
    if rows is None:
        return not_ready(request, f"/enrich/{batch_id}")
    header = header_of(batch, rows)
    results = [
        {
            "row": row.idx + 1,
            "input": dict(zip(header, original_cells(row, header), strict=False)),
            "result": row.result if row.state == "done" else None,
        }
        for row in rows
    ]
    return Response(
        json.dumps({"batch_id": batch.id, "status": batch.status, "rows": results}),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="enriched-{batch.id}.json"'},
    )
