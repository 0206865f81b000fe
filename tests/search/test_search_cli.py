"""The CLI: import-index, search (local index and sandbox, --list continuation), erase,
suppress."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

import typer
from typer.testing import CliRunner

from leadsmith.accounts.service import get_or_create_workspace
from leadsmith.cli.search import register
from leadsmith.db.engine import dispose_engines, session_scope
from tests.enrich.live import configure

app = typer.Typer()
register(app)
runner = CliRunner()


def test_import_then_search_the_local_index(tmp_path: Path) -> None:
    ws = f"cli-{uuid.uuid4().hex[:8]}"
    people = tmp_path / "people.csv"
    people.write_text(
        "Name,Title,Email,Company,Country,Industry\n"
        "Priya Sharma,Founder,priya@acmesaas.io,Acme SaaS,India,SaaS\n"
        "Bad Row,Founder,not-an-email,X,India,SaaS\n"
        "Ravi Kumar,Co-Founder,ravi@kumar.io,Kumar Labs,India,SaaS\n"
    )
    result = runner.invoke(app, ["import-index", str(people), "--workspace", ws, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["imported"] == 2 and report["errors"][0]["line"] == 3
    asyncio.run(_index_only(ws))

    result = runner.invoke(app, ["search", "SaaS founders in India", "-w", ws, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["email"] for r in rows} == {"priya@acmesaas.io", "ravi@kumar.io"}
    assert {r["source"] for r in rows} == {"local"}

    result = runner.invoke(app, ["erase", "priya@acmesaas.io", "-w", ws, "--json"])
    assert json.loads(result.stdout)["removed"]["index_people"] == 1
    result = runner.invoke(app, ["suppress", "kumar.io", "-w", ws])
    assert result.exit_code == 0 and "suppressed 1" in result.stdout
    result = runner.invoke(app, ["search", "SaaS founders in India", "-w", ws, "--csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [result.stdout.splitlines()[0]]  # header only


async def _index_only(name: str) -> None:
    """Live lookups ask only the workspace's index (no SMTP probes or crawls offline)."""
    async with session_scope() as session:
        ws = await get_or_create_workspace(session, name)
        workspace_id = ws.id
    await configure(workspace_id)
    await dispose_engines()


def test_sandbox_search_on_a_list_continues(tmp_path: Path) -> None:
    ws = f"cli-{uuid.uuid4().hex[:8]}"
    args = ["search", "Founders in India", "-n", "3", "--list", "in-founders", "-w", ws, "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, args)
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert len(a) == len(b) == 3
    assert {r["source"] for r in a} == {"sandbox"}
    assert not {r["email"] for r in a} & {r["email"] for r in b}
