"""The workspace ICP: canonical values, GET/PUT /v1/icp, and the CLI."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import typer
from typer.testing import CliRunner

from leadsmith.ai.icp import canonical_icp
from leadsmith.cli.icp import icp_app
from leadsmith.errors import InvalidInput
from tests.factories import make_caller


def test_values_are_canonicalised() -> None:
    icp = canonical_icp(
        {
            "industries": "B2B SaaS, fintech",
            "sizes": ["11-200", 500, "1,000+"],
            "countries": "US, United Kingdom",
            "titles": ["vp sales"],
            "seniorities": ["VP", "C-level"],
            "technologies": "HubSpot",
            "notes": "  Teams selling to warehouses  ",
        }
    )
    assert icp.industries == ["saas", "fintech"]
    assert icp.sizes == ["11-200", "201-500", "1000+"]
    assert icp.countries == ["US", "GB"]
    assert icp.titles == ["VP Sales"] and icp.seniorities == ["vp", "c_suite"]
    assert icp.technologies == ["hubspot"] and icp.notes == "Teams selling to warehouses"


def test_unknown_values_are_refused_by_name() -> None:
    with pytest.raises(InvalidInput, match="industries: 'underwater basket weaving'"):
        canonical_icp({"industries": ["underwater basket weaving"]})
    with pytest.raises(InvalidInput, match="Unknown ICP field"):
        canonical_icp({"colour": "blue"})


async def test_put_and_get_icp(client: httpx.AsyncClient) -> None:
    caller = await make_caller()
    r = await client.get("/v1/icp", headers=caller.headers)
    assert r.status_code == 200 and r.json()["icp"] is None
    r = await client.put(
        "/v1/icp",
        headers=caller.headers,
        json={"industries": ["SaaS"], "sizes": "11-200", "countries": ["us", "Germany"]},
    )
    assert r.status_code == 200, r.text
    assert r.json()["icp"]["countries"] == ["US", "DE"]
    got = (await client.get("/v1/icp", headers=caller.headers)).json()
    assert got["icp"]["industries"] == ["saas"] and got["icp"]["sizes"] == ["11-200"]
    assert got["criteria"]["industries"] == "SaaS"
    r = await client.put("/v1/icp", headers=caller.headers, json={"industries": ["zzzz"]})
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    assert "zzzz" in r.json()["message"]


async def test_icp_needs_the_qualify_scope(client: httpx.AsyncClient) -> None:
    caller = await make_caller(scopes=["verify"])
    r = await client.get("/v1/icp", headers=caller.headers)
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"


def _invoke(*args: str) -> str:
    app = typer.Typer()
    app.add_typer(icp_app, name="icp")
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(CliRunner().invoke, app, list(args)).result()
    assert result.exit_code == 0, result.output
    return result.stdout


async def test_cli_set_and_show(client: httpx.AsyncClient) -> None:
    caller = await make_caller()
    ws = caller.workspace
    assert json.loads(_invoke("icp", "show", "--workspace", ws, "--json")) is None
    out = json.loads(
        _invoke(
            "icp", "set", "--workspace", ws, "--industries", "SaaS,Fintech",
            "--sizes", "11-200", "--countries", "US,DE", "--seniorities", "vp,director",
            "--json",
        )
    )  # fmt: skip
    assert out["industries"] == ["saas", "fintech"] and out["countries"] == ["US", "DE"]
    # Fields not given keep their values.
    _invoke("icp", "set", "--workspace", ws, "--technologies", "HubSpot", "--notes", "B2B only")
    shown = json.loads(_invoke("icp", "show", "--workspace", ws, "--json"))
    assert shown["industries"] == ["saas", "fintech"] and shown["technologies"] == ["hubspot"]
    assert shown["notes"] == "B2B only"
    got = (await client.get("/v1/icp", headers=caller.headers)).json()["icp"]
    assert got == shown
    assert "saas" in _invoke("icp", "show", "--workspace", ws)
