"""`leadsmith icp ...`: a workspace's ideal customer profile (buyer context)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from leadsmith.accounts.service import get_workspace_by_name
from leadsmith.ai.icp import FIELDS, ICP, canonical_icp, set_icp, stored_icp
from leadsmith.cli.admin import run
from leadsmith.cli.output import print_json, print_record, stderr
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.errors import LeadsmithError

icp_app = typer.Typer(
    help="The ideal customer profile that qualify and research judge against.",
    no_args_is_help=True,
)

WorkspaceOption = Annotated[str, typer.Option("--workspace", help="Workspace name.")]
ListOption = Annotated[str | None, typer.Option(help="Comma-separated values.")]


def _shown(icp: ICP | None) -> dict[str, Any]:
    if icp is None:
        return {}
    return {**{f: ", ".join(getattr(icp, f)) for f in FIELDS}, "notes": icp.notes}


@icp_app.command("set")
def set_(
    workspace: WorkspaceOption,
    industries: ListOption = None,
    sizes: Annotated[str | None, typer.Option(help='Employee ranges, e.g. "11-200,500+".')] = None,
    countries: ListOption = None,
    titles: ListOption = None,
    seniorities: ListOption = None,
    technologies: ListOption = None,
    notes: Annotated[str | None, typer.Option(help="Free-text notes.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Set ICP fields; fields not given keep their value ("" clears one)."""
    given = {
        "industries": industries,
        "sizes": sizes,
        "countries": countries,
        "titles": titles,
        "seniorities": seniorities,
        "technologies": technologies,
        "notes": notes,
    }

    async def work() -> ICP:
        async with session_scope() as session:
            ws = await get_workspace_by_name(session, workspace)
            if ws is None:
                raise ValueError(f"no workspace named {workspace!r}")
            current = (stored_icp(ws) or ICP()).model_dump()
            merged = {**current, **{k: v for k, v in given.items() if v is not None}}
            try:
                icp = canonical_icp({k: v for k, v in merged.items() if v not in (None, "")})
            except LeadsmithError as exc:
                raise ValueError(exc.message) from exc
            return await set_icp(session, ws, icp)

    icp = run(work)
    if as_json:
        print_json(icp.model_dump())
    else:
        print_record(_shown(icp), title=f"ICP of {workspace}")
        stderr.print("ICP saved.")


@icp_app.command("show")
def show(
    workspace: WorkspaceOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the workspace's ICP (JSON null when none is set)."""

    async def work() -> ICP | None:
        async with read_scope() as session:
            ws = await get_workspace_by_name(session, workspace)
            if ws is None:
                raise ValueError(f"no workspace named {workspace!r}")
            return stored_icp(ws)

    icp = run(work)
    if as_json:
        print_json(icp.model_dump() if icp else None)
    elif icp is None:
        stderr.print(
            f"{workspace} has no ICP yet; set one with `leadsmith icp set --workspace"
            f" {workspace} --industries ... --sizes ...`."
        )
    else:
        print_record(_shown(icp), title=f"ICP of {workspace}")
