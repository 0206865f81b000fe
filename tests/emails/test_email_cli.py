"""`leadsmith verify` against the mail world, through Typer's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from leadsmith.cli.verify import register
from leadsmith.config import get_settings
from tests.fakes.mailworld import MailWorld


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """A stand-in for the real `leadsmith` app."""

    register(app)
    return app


@pytest.fixture
def runner(mail_world: MailWorld) -> Iterator[CliRunner]:
    env = {**mail_world.env(), "LEADSMITH_SMTP_TIMEOUT": "1", "LEADSMITH_DNS_TIMEOUT": "1"}
    get_settings.cache_clear()  # settings are read once per process; make it re-read env
    yield CliRunner(env=env)
    get_settings.cache_clear()


def test_jsonl_for_arguments(runner: CliRunner) -> None:
    result = runner.invoke(make_app(), ["verify", "john@acme.com", "nobody@acme.com", "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["email"], r["status"], r["reason"]) for r in rows] == [
        ("john@acme.com", "valid", "accepted"),
        ("nobody@acme.com", "invalid", "user_unknown"),
    ]
    assert all(isinstance(r["score"], int) for r in rows)


def test_file_with_progress_keeps_stdout_pure_json(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "emails.txt"
    path.write_text("john@acme.com\n# a comment\n\nanyone@catchall.com\nnot-an-email\n")
    result = runner.invoke(make_app(), ["verify", "--file", str(path), "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in rows] == ["valid", "risky", "invalid"]
    assert "3/3" in result.stderr  # the progress bar went to stderr


def test_csv_file_with_email_column(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "leads.csv"
    path.write_text("name,email\nJohn,john@acme.com\nJane,jane@acme.com\n")
    result = runner.invoke(make_app(), ["verify", "-f", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["email"] for r in rows] == ["john@acme.com", "jane@acme.com"]
    assert {r["status"] for r in rows} == {"valid"}


def test_table_by_default(runner: CliRunner) -> None:
    result = runner.invoke(make_app(), ["verify", "john@acme.com", "x@nxdomain.com"])
    assert result.exit_code == 0, result.output
    assert "john@acme.com" in result.stdout and "nxdomain" in result.stdout
    assert "Status" in result.stdout


def test_no_address_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(make_app(), ["verify"])
    assert result.exit_code == 2
