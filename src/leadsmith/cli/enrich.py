"""`leadsmith find-email` and `leadsmith enrich`: live lookups for a workspace from the shell.

Both go through the same service code as the API (waterfall, lookup cache, charging), on
behalf of `--workspace` (default "default"). `enrich` keeps a sidecar state file next to
the output (`OUT.csv.state.jsonl`) with one line per finished row, so an interrupted run
resumes where it stopped; rows answered before are also in the workspace's lookup cache,
so nothing is paid twice either way.
"""

from __future__ import annotations

import asyncio
import csv
import json
import re
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from leadsmith.accounts.models import Workspace
from leadsmith.accounts.service import get_or_create_workspace
from leadsmith.billing.prices import Operation, credits_json
from leadsmith.cli.admin import run
from leadsmith.cli.output import print_json, print_record, print_table, stderr
from leadsmith.db.engine import session_scope
from leadsmith.enrich.service import confidence_word, open_lookups
from leadsmith.enrich.tasks import enrich_row
from leadsmith.errors import LeadsmithError
from leadsmith.sources.base import PersonQuery

CONCURRENCY = 10
# Column names people use, folded (lower case, letters only) -> our field.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "first_name": ("firstname", "first", "givenname", "forename", "fname"),
    "last_name": ("lastname", "last", "surname", "familyname", "lname"),
    "full_name": ("name", "fullname", "contactname", "person"),
    "domain": ("domain", "website", "companydomain", "companywebsite", "url", "site", "web"),
    "company_name": (
        "company",
        "companyname",
        "organization",
        "organisation",
        "account",
        "employer",
    ),
    "linkedin_url": ("linkedin", "linkedinurl", "linkedinprofile", "profileurl"),
    "job_title": ("title", "jobtitle", "position", "role"),
    "country": ("country", "countrycode"),
}
OUTPUT_COLUMNS = [
    "email",
    "email_confidence",
    "email_verified",
    "email_evidence",
    "phone",
    "phone_type",
    "enrich_status",
]


def register(app: typer.Typer) -> None:
    """Add the `find-email` and `enrich` commands to a Typer app."""
    app.command("find-email", help="Find a person's work email at a domain.")(find_email)
    app.command("enrich", help="Find emails (and phones) for every row of a CSV file.")(enrich)


async def _workspace(name: str) -> Workspace:
    async with session_scope() as session:
        return await get_or_create_workspace(session, name)


def find_email(
    first: Annotated[str, typer.Argument(help="First name.")],
    last: Annotated[str, typer.Argument(help="Last name.")],
    domain: Annotated[str, typer.Argument(help="Company domain, e.g. acme.com.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace to act for.")] = (
        "default"
    ),
) -> None:
    """Find FIRST LAST's address at DOMAIN; a table by default, JSON with --json."""

    async def work() -> dict[str, Any]:
        ws = await _workspace(workspace)
        async with open_lookups(ws, test=False) as lookups:
            looked = await lookups.find_email(
                PersonQuery(first_name=first, last_name=last, domain=domain)
            )
            charged = await lookups.settle([(looked, Operation.FIND_EMAIL)])
        r = looked.result
        return {
            "email": r.get("email"),
            "confidence": r.get("confidence") if r.get("email") else None,
            "evidence": r.get("evidence"),
            "verified": bool(r.get("verified")),
            "sources": r.get("sources", []),
            "credits_used": credits_json(charged),
            "cached": looked.cached,
        }

    try:
        out = run(work)
    except LeadsmithError as exc:
        stderr.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(2) from exc
    if as_json:
        print_json({k: out[k] for k in ("email", "confidence", "evidence", "verified", "sources")})
        return
    if out["email"] is None:
        stderr.print(f"No address found for {first} {last} at {domain}.")
        raise typer.Exit(1)
    out["confidence"] = f"{out['confidence']} ({confidence_word(out['confidence'])})"
    print_record(out, title=f"{first} {last} at {domain}")


def _fold(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def map_columns(header: list[str]) -> dict[str, str]:
    """Our field -> the CSV column that holds it, from common column names."""
    folded = {_fold(h): h for h in header}
    mapping: dict[str, str] = {}
    for field, aliases in COLUMN_ALIASES.items():
        for alias in (_fold(field), *aliases):
            if alias in folded and folded[alias] not in mapping.values():
                mapping[field] = folded[alias]
                break
    return mapping


def row_input(record: dict[str, str], mapping: dict[str, str]) -> dict[str, Any]:
    """A CSV record as a batch row (first_name, last_name, domain, ...)."""
    row = {field: (record.get(column) or "").strip() for field, column in mapping.items()}
    full = row.pop("full_name", "")
    if full and not (row.get("first_name") and row.get("last_name")):
        parts = full.split()
        if len(parts) >= 2:
            row["first_name"], row["last_name"] = parts[0], " ".join(parts[1:])
    return {k: v for k, v in row.items() if v}


def _load_state(path: Path) -> dict[int, dict[str, Any]]:
    done: dict[int, dict[str, Any]] = {}
    if not path.exists():
        return done
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue  # a line cut short by the interruption
        if isinstance(item, dict) and isinstance(item.get("i"), int):
            done[item["i"]] = item["result"]
    return done


def enrich(
    input_csv: Annotated[
        Path,
        typer.Argument(help="CSV with names and domains/companies.", exists=True, dir_okay=False),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the result.")],
    phones: Annotated[bool, typer.Option("--phones/--no-phones", help="Also find phones.")] = (
        False
    ),
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace to act for.")] = (
        "default"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Enrich IN.csv into OUT.csv; an interrupted run resumes without paying again."""
    with input_csv.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        records = list(reader)
    mapping = map_columns(header)
    if not ({"first_name", "last_name"} <= mapping.keys() or "full_name" in mapping):
        stderr.print("[red]No name columns found (first_name/last_name or name).[/red]")
        raise typer.Exit(2)
    if not ({"domain", "company_name", "linkedin_url"} & mapping.keys()):
        stderr.print("[red]No domain, company or LinkedIn column found.[/red]")
        raise typer.Exit(2)
    state_path = output.with_name(output.name + ".state.jsonl")
    done = _load_state(state_path)
    if done:
        stderr.print(f"Resuming: {len(done)} of {len(records)} rows already done.")

    async def work() -> dict[str, Any]:
        ws = await _workspace(workspace)
        charged_total = 0.0
        gate = asyncio.Semaphore(CONCURRENCY)
        todo = [i for i in range(len(records)) if i not in done]
        progress = Progress(
            TextColumn("enriching"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=stderr,
        )
        with progress, state_path.open("a", encoding="utf-8") as state:
            bar = progress.add_task("rows", total=len(records), completed=len(done))

            async def one(i: int) -> None:
                nonlocal charged_total
                async with gate:
                    result, found = await enrich_row(
                        lookups, row_input(records[i], mapping), find_email=True, find_phone=phones
                    )
                    charged = await lookups.settle(
                        [
                            (
                                lk,
                                Operation.BULK_ENRICH_EMAIL
                                if kind == "email"
                                else Operation.BULK_ENRICH_PHONE,
                            )
                            for lk, kind in found
                        ]
                    )
                charged_total += float(charged)
                done[i] = result
                state.write(json.dumps({"i": i, "result": result}) + "\n")
                state.flush()
                progress.advance(bar)

            async with open_lookups(ws, test=False) as lookups:
                await asyncio.gather(*(one(i) for i in todo))
        return {"rows": len(records), "credits_used": charged_total}

    try:
        summary = run(work)
    except LeadsmithError as exc:
        stderr.print(f"[red]{exc.message}[/red] Rows done so far are kept; run again to resume.")
        raise typer.Exit(2) from exc
    _write_output(output, header, records, done)
    state_path.unlink(missing_ok=True)
    found = sum(1 for r in done.values() if r.get("status") == "found")
    summary.update(found=found, output=str(output))
    if as_json:
        print_json(summary)
    else:
        print_table([summary], ["rows", "found", "credits_used", "output"], title="enrich")


def _write_output(
    output: Path, header: list[str], records: list[dict[str, str]], done: dict[int, dict[str, Any]]
) -> None:
    columns = header + [c for c in OUTPUT_COLUMNS if c not in header]
    with output.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for i, record in enumerate(records):
            r = done.get(i, {})
            writer.writerow(
                {
                    **record,
                    "email": r.get("email") or "",
                    "email_confidence": r.get("score") if r.get("email") else "",
                    "email_verified": r.get("verified", "") if r else "",
                    "email_evidence": r.get("evidence") or "",
                    "phone": r.get("phone") or "",
                    "phone_type": r.get("phone_type") or "",
                    "enrich_status": r.get("status", ""),
                }
            )
