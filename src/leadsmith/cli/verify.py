"""`leadsmith verify`: verify addresses from the command line or a file."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from leadsmith.config import get_settings
from leadsmith.emails.models import Verification
from leadsmith.emails.verifier import EmailVerifier

_STATUS_STYLE = {"valid": "green", "invalid": "red", "risky": "yellow", "unknown": "dim"}


def register(app: typer.Typer) -> None:
    """Add the `verify` command to a Typer app."""
    app.command("verify", help="Verify email addresses (syntax, DNS, SMTP probe).")(verify)


def verify(
    emails: Annotated[
        list[str] | None, typer.Argument(help="Addresses to verify.", show_default=False)
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", "-f", help="File of addresses: one per line, or a CSV with an email column."
        ),
    ] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per line.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array.")] = False,
    per_mx_limit: Annotated[
        int | None, typer.Option("--per-mx-limit", help="Concurrent sessions per mail server.")
    ] = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", help="Concurrent SMTP sessions in all.")
    ] = None,
) -> None:
    """Verify EMAIL... and/or the addresses in --file; table by default, JSON on request."""
    addresses = list(emails or [])
    if file is not None:
        addresses.extend(read_addresses(file))
    if not addresses:
        raise typer.BadParameter("give at least one EMAIL or --file", param_hint="EMAIL")

    err = Console(stderr=True)
    results = asyncio.run(
        _verify_all(addresses, per_mx_limit, concurrency, show_progress=file is not None, err=err)
    )
    if jsonl:
        for result in results:
            sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    elif as_json:
        sys.stdout.write(
            json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        Console().print(_table(results))
    sys.stdout.flush()


def read_addresses(path: Path) -> list[str]:
    """Addresses from a text file (one per line, # comments) or a CSV with an email column."""
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    header = [h.strip().lower() for h in next(csv.reader([lines[0]]))]
    if len(header) > 1 or header[0] in ("email", "e-mail", "email_address"):
        column = next(
            (i for i, h in enumerate(header) if h in ("email", "e-mail", "email_address")), None
        )
        if column is None:
            raise typer.BadParameter(f"{path}: CSV has no email column", param_hint="--file")
        rows = csv.reader(io.StringIO("\n".join(lines[1:])))
        return [row[column].strip() for row in rows if len(row) > column and row[column].strip()]
    return [line.strip() for line in lines if not line.lstrip().startswith("#")]


async def _verify_all(
    addresses: list[str],
    per_mx_limit: int | None,
    concurrency: int | None,
    *,
    show_progress: bool,
    err: Console,
) -> list[Verification]:
    verifier = EmailVerifier(get_settings(), per_mx_limit=per_mx_limit, global_limit=concurrency)
    try:
        if not show_progress:
            return await verifier.verify_many(addresses)
        with Progress(
            TextColumn("verifying"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=False,
        ) as progress:
            task = progress.add_task("verify", total=len(addresses))
            return await verifier.verify_many(
                addresses, on_progress=lambda done, total: progress.update(task, completed=done)
            )
    finally:
        await verifier.aclose()


def _table(results: list[Verification]) -> Table:
    table = Table(show_lines=False)
    for column in ("Email", "Status", "Reason", "Score", "SMTP reply", "MX"):
        table.add_column(column, overflow="fold")
    for r in results:
        style = _STATUS_STYLE.get(r.status, "")
        reply = f"{r.smtp_code} {r.smtp_message or ''}".strip() if r.smtp_code else ""
        # Text(), not markup strings: addresses and replies may contain "[...]".
        table.add_row(
            Text(r.email),
            Text(r.status, style=style),
            Text(r.reason or ""),
            str(r.score),
            Text(reply[:80]),
            Text(r.mx_host or ""),
        )
    return table
