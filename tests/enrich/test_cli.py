"""`leadsmith find-email` and `leadsmith enrich` against the Hunter fake."""

from __future__ import annotations

import csv
import json
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from leadsmith.cli import enrich as enrich_cli
from leadsmith.config import get_settings
from tests.enrich.live import balance, configure, point_providers
from tests.factories import make_caller
from tests.fakes.providers.hunter import FakeHunter

cli = typer.Typer()
enrich_cli.register(cli)
cli.command("noop", hidden=True)(lambda: None)  # keeps Typer in multi-command mode
runner = CliRunner()


def _invoke(*args: str) -> Result:
    """Run the CLI in a thread: it starts its own event loop, as it does for a user."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(runner.invoke, cli, list(args)).result()


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()


@pytest.fixture
async def workspace(fake_hunter: FakeHunter, monkeypatch: pytest.MonkeyPatch) -> str:
    point_providers(monkeypatch, hunter=fake_hunter)
    fake_hunter.add_person("Jane", "Doe", "acme.com")
    fake_hunter.add_person("Zoë", "Müller", "acme.com", email="zoe.mueller@acme.com")
    name = f"cli-{uuid.uuid4().hex[:8]}"
    caller = await make_caller(workspace=name, credits=10)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    return name


async def test_find_email_json(workspace: str) -> None:
    result = _invoke("find-email", "Jane", "Doe", "acme.com", "--json", "--workspace", workspace)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"email", "confidence", "evidence", "verified", "sources"}
    assert out["email"] == "jane.doe@acme.com" and out["sources"] == ["hunter"]
    result = _invoke("find-email", "No", "Body", "acme.com", "--json", "--workspace", workspace)
    assert json.loads(result.stdout)["email"] is None


async def test_enrich_csv_maps_columns_and_resumes(
    workspace: str, fake_hunter: FakeHunter, tmp_path: Path
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "First Name,Surname,Website\nJane,Doe,acme.com\nZoë,Müller,acme.com\nNo,Body,acme.com\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    # An earlier, interrupted run finished the first row.
    state = out.with_name("out.csv.state.jsonl")
    state.write_text(
        json.dumps(
            {
                "i": 0,
                "result": {
                    "email": "jane.doe@acme.com",
                    "status": "found",
                    "score": 95,
                    "verified": True,
                },
            }
        )
        + '\n{"i": 1, ',
        encoding="utf-8",
    )
    result = _invoke("enrich", str(source), "-o", str(out), "--workspace", workspace, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] == 3 and summary["found"] == 2
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["email"] for r in rows] == ["jane.doe@acme.com", "zoe.mueller@acme.com", ""]
    assert [r["enrich_status"] for r in rows] == ["found", "found", "not_found"]
    assert not state.exists()
    # Jane was not asked again: only Zoë and the miss reached the provider.
    assert fake_hunter.count("/email-finder") == 2
    assert await balance(await _workspace_id(workspace)) == 9  # Zoë only


async def _workspace_id(name: str) -> str:
    from leadsmith.accounts.service import get_workspace_by_name
    from leadsmith.db.engine import read_scope

    async with read_scope() as session:
        ws = await get_workspace_by_name(session, name)
    assert ws is not None
    return ws.id


async def test_enrich_refuses_a_file_without_names(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = _invoke("enrich", str(source), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 2
