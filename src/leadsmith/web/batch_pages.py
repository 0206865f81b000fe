"""What the dashboard's batch pages share (bulk verification and CSV enrichment): reading
an upload within its limits, and finding, showing and downloading a workspace's batches."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from leadsmith.batches import service as batches
from leadsmith.batches.models import Batch
from leadsmith.errors import NotFound
from leadsmith.web.deps import Viewer, page_not_found, require_csrf
from leadsmith.web.render import flash, redirect

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = batches.MAX_ROWS  # 10,000 rows or addresses per batch
FINISHED = frozenset({"completed", "failed", "cancelled"})
STATUS_WORDS = {
    "queued": "Queued",
    "processing": "Running",
    "completed": "Completed",
    "failed": "Failed",
    "cancelled": "Cancelled",
}
VERDICTS = ("valid", "risky", "invalid", "unknown")
# Some room for the multipart envelope and the other fields around a 5 MB file.
_BODY_SLACK = 64 * 1024
_NON_CSV_SUFFIXES = (
    ".xlsx",
    ".xls",
    ".ods",
    ".numbers",
    ".pdf",
    ".doc",
    ".docx",
    ".zip",
    ".gz",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".json",
)


class UploadProblem(Exception):
    """An upload refused, with the sentence the person reads and the status to answer."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# -- reading uploads ------------------------------------------------------------------------


def body_too_big(request: Request, limit: int = MAX_UPLOAD_BYTES) -> bool:
    """Whether the request says it carries more than an upload may (checked before reading)."""
    try:
        length = int(request.headers.get("content-length", "0"))
    except ValueError:
        return True
    return length > limit + _BODY_SLACK


def too_big_message(limit: int = MAX_UPLOAD_BYTES) -> str:
    return (
        f"The file is larger than {limit // (1024 * 1024)} MB. Split it into smaller files"
        f" (at most {MAX_ROWS:,} rows each) and upload them one at a time."
    )


async def checked_form(request: Request, viewer: Viewer, limit: int = MAX_UPLOAD_BYTES) -> FormData:
    """The POSTed form once its size is known to be fine and its CSRF token checked.

    The size is checked first (from Content-Length, without reading the body), so an
    oversized upload is refused before it is parsed or stored anywhere.
    """
    if body_too_big(request, limit):
        raise UploadProblem(too_big_message(), status=413)
    try:
        await require_csrf(request, viewer)
        return await request.form()
    except HTTPException as exc:
        # Starlette refuses a text field over 1 MB (a paste far beyond 10,000 addresses).
        raise UploadProblem(
            f"That is more than one form accepts: at most {MAX_ROWS:,} addresses or rows at once.",
            status=413,
        ) from exc


async def upload_bytes(field: Any) -> tuple[str, bytes] | None:
    """(file name, content) of an uploaded file field, or None when no file was chosen."""
    if not isinstance(field, UploadFile) or not field.filename:
        return None
    data = await field.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadProblem(too_big_message(), status=413)
    return field.filename, data


def decode_text(name: str, data: bytes, what: str = "CSV") -> str:
    """An upload as text (UTF-8, with or without BOM, else Windows-1252); binary is refused."""
    if name.lower().endswith(_NON_CSV_SUFFIXES):
        raise UploadProblem(
            f"“{name}” is not a {what} file. Save it as CSV (comma-separated values) first,"
            " for example with File → Save as → CSV in your spreadsheet program.",
            status=415,
        )
    if not data.strip():
        raise UploadProblem(f"“{name}” is empty.")
    if b"\x00" in data[:8192]:
        raise UploadProblem(
            f"“{name}” is not a {what} file (it is not text). Save it as CSV first.", status=415
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv(text: str) -> list[list[str]]:
    """Rows of a CSV text; the delimiter (comma, semicolon or tab) read from the header."""
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max((",", ";", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    except csv.Error as exc:
        raise UploadProblem(f"This file could not be read as CSV: {exc}.") from exc


# -- batches shared by verify and enrich ----------------------------------------------------


async def batch_or_404(session: AsyncSession, viewer: Viewer, batch_id: str, kind: str) -> Batch:
    """The workspace's batch of `kind`, or the 404 page (another workspace's is not found)."""
    try:
        batch = await batches.get_batch(session, viewer.workspace_id, batch_id)
    except NotFound:
        raise page_not_found("batch") from None
    if batch.kind != kind:
        raise page_not_found("batch")
    return batch


async def recent_batches(session: AsyncSession, workspace_id: str, kind: str) -> list[Batch]:
    return list(
        (
            await session.execute(
                select(Batch)
                .where(Batch.workspace_id == workspace_id, Batch.kind == kind)
                .order_by(Batch.created_at.desc())
                .limit(15)
            )
        ).scalars()
    )


def percent(batch: Batch) -> int:
    if batch.status == "completed":
        return 100
    return int(100 * batch.processed_rows / batch.total_rows) if batch.total_rows else 0


def not_ready(request: Request, url: str) -> Response:
    response = redirect(request, url)
    flash(response, "info", "The download is ready once the batch has finished.")
    return response


def csv_download(body: str, filename: str) -> Response:
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
