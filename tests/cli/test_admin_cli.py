"""The operator CLI: keys, workspaces, credits, users."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
from typer.testing import CliRunner

from leadsmith.cli.main import app as cli

runner = CliRunner()


def _invoke(*args: str, input: str | None = None) -> str:
    """Run the CLI in a thread: it starts its own event loop, as it does for a user."""
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(runner.invoke, cli, list(args), input=input).result()
    assert result.exit_code == 0, result.output
    return result.stdout


def _invoke_failing(*args: str) -> str:
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(runner.invoke, cli, list(args)).result()
    assert result.exit_code != 0
    return result.output


async def test_keys_create_json_list_and_revoke(client: httpx.AsyncClient) -> None:
    ws = f"cli-{uuid.uuid4().hex[:8]}"
    out = json.loads(
        _invoke(
            "keys",
            "create",
            "--workspace",
            ws,
            "--scopes",
            "verify,batch",
            "--name",
            "ci",
            "--json",
        )
    )
    assert set(out) == {"id", "key", "workspace", "test", "scopes"}
    assert out["key"].startswith("lsk_live_") and out["workspace"] == ws
    assert out["scopes"] == ["verify", "batch"] and out["test"] is False
    test_key = json.loads(_invoke("keys", "create", "--workspace", ws, "--test", "--json"))
    assert test_key["key"].startswith("lsk_test_") and test_key["test"] is True
    listed = json.loads(_invoke("keys", "list", "--workspace", ws, "--json"))
    assert {k["id"] for k in listed} == {out["id"], test_key["id"]}
    assert out["key"] not in json.dumps(listed)
    headers = {"Authorization": f"Bearer {out['key']}"}
    assert (await client.get("/api/v1/credits", headers=headers)).status_code == 200
    _invoke("keys", "revoke", out["id"])
    r = await client.get("/api/v1/credits", headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "revoked_key"


async def test_expires_in_zero_and_allow_ip(client: httpx.AsyncClient) -> None:
    ws = f"cli-{uuid.uuid4().hex[:8]}"
    expired = json.loads(
        _invoke("keys", "create", "--workspace", ws, "--expires-in", "0", "--json")
    )
    r = await client.get("/api/v1/credits", headers={"x-api-key": expired["key"]})
    assert r.json()["code"] == "expired_key"
    ip = json.loads(
        _invoke(
            "keys",
            "create",
            "--workspace",
            ws,
            "--allow-ip",
            "10.0.0.0/8",
            "--allow-ip",
            "192.168.0.0/16",
            "--json",
        )
    )
    r = await client.get("/api/v1/credits", headers={"x-api-key": ip["key"]})
    assert r.status_code == 403 and r.json()["code"] == "ip_denied"


def test_unknown_scope_is_refused() -> None:
    result = runner.invoke(cli, ["keys", "create", "--workspace", "x", "--scopes", "nope"])
    assert result.exit_code != 0 and "unknown scope" in result.output


async def test_workspaces_set_and_credits(client: httpx.AsyncClient) -> None:
    ws = f"cli-{uuid.uuid4().hex[:8]}"
    key = json.loads(_invoke("keys", "create", "--workspace", ws, "--json"))["key"]
    _invoke(
        "workspaces",
        "set",
        ws,
        "--plan",
        "max",
        "--status",
        "active",
        "--overage",
        "on",
        "--spend-cap",
        "25",
    )
    body = (await client.get("/api/v1/leads/credits", headers={"x-api-key": key})).json()
    assert body["plan"] == "max" and body["overage_enabled"] is True
    _invoke("credits", "grant", ws, "100.5")
    _invoke("credits", "grant", ws, "-0.5")
    shown = json.loads(_invoke("credits", "show", ws, "--json"))
    # Max plan allowance 10,000 was granted when the workspace was first charged or shown.
    assert shown == {"balance": 10100, "earned": 10100, "spent": 0}
    assert "unknown plan" in _invoke_failing("workspaces", "set", ws, "--plan", "gold")


def test_users_create_asks_for_password() -> None:
    email = f"u{uuid.uuid4().hex[:6]}@example.com"
    result = runner.invoke(
        cli,
        ["users", "create", email, "--workspace", "people"],
        input="correct horse\ncorrect horse\n",
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(
        cli,
        ["users", "create", email, "--workspace", "people"],
        input="correct horse\ncorrect horse\n",
    )
    assert again.exit_code != 0 and "already exists" in again.output
