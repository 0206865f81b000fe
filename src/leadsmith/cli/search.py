"""`leadsmith search`, `import-index`, `erase` and `suppress`: lead search and the data it
keeps, from the command line (the same services the API uses, run in this process)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select

from leadsmith.cli.output import fail, print_json, print_table

ERR = Console(stderr=True)
TABLE_COLUMNS = ["name", "role", "company", "email", "phone", "location", "source", "score"]


def register(app: typer.Typer) -> None:
    """Add `search`, `import-index`, `erase` and `suppress` to a Typer app."""
    app.command("search", help="Find leads for a plain-language prompt.")(search)
    app.command("import-index", help="Load people or companies from CSV into the local index.")(
        import_index
    )
    app.command("erase", help="Erase a person everywhere, keeping only a hash.")(erase)
    app.command("suppress", help="Never return these emails or domains again.")(suppress)


WorkspaceOpt = Annotated[
    str, typer.Option("--workspace", "-w", help="Workspace name (created if missing).")
]


async def _workspace(session: Any, name: str) -> Any:
    from leadsmith.accounts.service import get_or_create_workspace

    return await get_or_create_workspace(session, name)


def _migrate() -> None:
    from leadsmith.db.migrate import upgrade

    upgrade()


def search(
    prompt: Annotated[str, typer.Argument(help='What to find, e.g. "SaaS founders in India".')],
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="New people to fetch (max 2500).")
    ] = 25,
    list_name: Annotated[
        str | None,
        typer.Option("--list", help="Save to this List; the same prompt again continues."),
    ] = None,
    workspace: WorkspaceOpt = "default",
    sandbox: Annotated[
        bool, typer.Option("--sandbox", help="Search the synthetic sandbox world.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Results as JSON on stdout.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Results as CSV on stdout.")] = False,
) -> None:
    """Run a search in this process with a progress bar on stderr, then print the results.

    Without --sandbox the workspace's local index (and a configured search engine) is
    searched; a workspace with neither falls back to the sandbox, and says so.
    """
    _migrate()
    try:
        rows = asyncio.run(_search(prompt, limit, list_name, workspace, sandbox))
    except Exception as exc:  # a LeadsmithError or a failed run: one line, not a traceback
        fail(str(getattr(exc, "message", exc)))
        return
    if as_json:
        print_json(rows)
    elif as_csv:
        from leadsmith.contacts.export import results_csv

        sys.stdout.write(results_csv(rows))
    else:
        print_table(rows, TABLE_COLUMNS, title=f"{len(rows)} leads")


async def _has_local_data(session: Any, workspace_id: str) -> bool:
    from leadsmith.config import get_settings
    from leadsmith.search.models import IndexPerson

    settings = get_settings()
    if settings.searxng_url or settings.brave_api_key:
        return True
    found = await session.execute(
        select(IndexPerson.id).where(IndexPerson.workspace_id == workspace_id).limit(1)
    )
    return found.first() is not None


async def _search(
    prompt: str, limit: int, list_name: str | None, workspace: str, sandbox: bool
) -> list[dict[str, Any]]:
    from leadsmith.api.routers.leads_jobs import result_view
    from leadsmith.contacts.models import ContactList
    from leadsmith.db.engine import dispose_engines, session_scope
    from leadsmith.search import runs, service

    try:
        async with session_scope() as session:
            ws = await _workspace(session, workspace)
            if not sandbox and not await _has_local_data(session, ws.id):
                ERR.print(
                    "[yellow]No local index or search engine configured: searching the"
                    " sandbox world.[/yellow]"
                )
                sandbox = True
            list_id = None
            if list_name:
                found = await session.execute(
                    select(ContactList.id).where(
                        ContactList.workspace_id == ws.id, ContactList.name == list_name
                    )
                )
                list_id = found.scalar_one_or_none()
            started = await service.start_search(
                session,
                ws,
                prompt=prompt,
                fetch_count=limit,
                contract="cli",
                test=sandbox,
                sandbox=sandbox,
                bind_list=list_name is not None,
                list_id=list_id,
                list_name=list_name,
                enqueue=False,
            )
            run_id = started.run.id
            fetch = started.run.fetch_count
        with Progress(
            TextColumn("[bold]searching"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=ERR,
            transient=True,
        ) as bar:
            task = bar.add_task("search", total=fetch)
            await runs.execute(run_id, lambda run: bar.update(task, completed=run.total_found))
        async with session_scope() as session:
            run = await service.get_run(session, ws.id, run_id)
            if run.status == "failed":
                raise RuntimeError(run.error or "the search failed")
            rows, _total = await service.results_page(
                session, ws.id, run_id, page=1, per_page=service.MAX_FETCH
            )
            if run.note:
                ERR.print(f"[yellow]{run.note}[/yellow]")
            return [result_view(r) for r in rows]
    finally:
        await dispose_engines()


def import_index(
    path: Annotated[Path, typer.Argument(help="people.csv or companies.csv", exists=True)],
    workspace: WorkspaceOpt = "default",
    kind: Annotated[
        str | None, typer.Option("--kind", help="people or companies (guessed from headers).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Load a CSV into the workspace's local index in one transaction; bad rows are listed
    with their line numbers and left out."""
    if kind not in (None, "people", "companies"):
        raise typer.BadParameter("people or companies", param_hint="--kind")
    _migrate()
    text = path.read_text(encoding="utf-8-sig")
    total = max(0, text.count("\n") - 1)
    report = asyncio.run(_import(text, workspace, kind, total))
    if as_json:
        print_json(
            {
                "kind": report.kind,
                "imported": report.imported,
                "skipped": report.skipped,
                "mapping": report.mapping,
                "errors": [{"line": line, "error": msg} for line, msg in report.errors],
            }
        )
        return
    ERR.print(f"columns: {report.mapping}")
    for line, message in report.errors:
        ERR.print(f"[red]line {line}:[/red] {message}")
    print(f"imported {report.imported} {report.kind}, skipped {report.skipped}")


async def _import(text: str, workspace: str, kind: str | None, total: int) -> Any:
    from leadsmith.db.engine import dispose_engines, session_scope
    from leadsmith.search.index_import import import_csv

    try:
        with Progress(
            TextColumn("[bold]importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=ERR,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=total)
            async with session_scope() as session:
                ws = await _workspace(session, workspace)
                return await import_csv(
                    session,
                    ws.id,
                    text,
                    kind=kind,  # type: ignore[arg-type]
                    on_progress=lambda n: bar.update(task, completed=n),
                )
    finally:
        await dispose_engines()


def erase(
    email: Annotated[str, typer.Argument(help="The person's email address.")],
    workspace: WorkspaceOpt = "default",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Remove a person from contacts, results, the index and the verification cache."""
    _migrate()

    async def run() -> dict[str, int]:
        from leadsmith.contacts import service
        from leadsmith.db.engine import dispose_engines, session_scope

        try:
            async with session_scope() as session:
                ws = await _workspace(session, workspace)
                return await service.erase(session, ws.id, email)
        finally:
            await dispose_engines()

    try:
        removed = asyncio.run(run())
    except Exception as exc:
        fail(str(getattr(exc, "message", exc)))
        return
    if as_json:
        print_json({"email": email, "erased": True, "removed": removed})
    else:
        parts = ", ".join(f"{n} {what}" for what, n in removed.items())
        print(f"erased {email}: removed {parts}; only a hash is kept")


def suppress(
    values: Annotated[list[str], typer.Argument(help="Emails and/or domains.")],
    workspace: WorkspaceOpt = "default",
) -> None:
    """Add emails and whole domains to the workspace's suppression list."""
    _migrate()

    async def run() -> int:
        from leadsmith.contacts import service
        from leadsmith.db.engine import dispose_engines, session_scope

        try:
            async with session_scope() as session:
                ws = await _workspace(session, workspace)
                return await service.suppress(session, ws.id, values)
        finally:
            await dispose_engines()

    try:
        added = asyncio.run(run())
    except Exception as exc:
        fail(str(getattr(exc, "message", exc)))
        return
    print(f"suppressed {added} new of {len(values)}")
