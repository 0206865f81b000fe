"""`leadsmith parse PROMPT [--json]` on a Typer app of its own."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from leadsmith.cli.parse import register


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps "parse" a subcommand
        """Nothing."""

    return app


def test_parse_json_prints_exactly_the_filters() -> None:
    result = CliRunner().invoke(_app(), ["parse", "SaaS founders in India", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "titles": ["Founder"],
        "seniorities": ["founder"],
        "departments": [],
        "locations": [{"country": "IN", "region": None, "city": None}],
        "industries": ["saas"],
        "company_size": None,
        "technologies": [],
        "keywords": [],
        "unsupported": None,
    }
    assert list(json.loads(result.output)) == [
        "titles",
        "seniorities",
        "departments",
        "locations",
        "industries",
        "company_size",
        "technologies",
        "keywords",
        "unsupported",
    ]


def test_parse_json_with_size_and_unsupported() -> None:
    prompt = "VP of Sales in Austin, TX with 51-200 employees not in fintech"
    result = CliRunner().invoke(_app(), ["parse", prompt, "--json"])
    data = json.loads(result.output)
    assert data["company_size"] == {"min": 51, "max": 200}
    assert data["locations"] == [{"country": "US", "region": "US-TX", "city": "Austin"}]
    assert data["unsupported"] == "not in fintech"


def test_parse_prints_a_readable_table() -> None:
    result = CliRunner().invoke(_app(), ["parse", "CTOs in Berlin using AWS, 1000+ employees"])
    assert result.exit_code == 0, result.output
    for text in ("CTO", "c_suite", "engineering", "Berlin, DE", "aws", "1000+ employees"):
        assert text in result.output
