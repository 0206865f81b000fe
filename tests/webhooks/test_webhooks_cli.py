"""`leadsmith webhooks ...`: add, list, update, rotate, remove, deliveries, show, replay."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import typer
from typer.testing import CliRunner

from leadsmith.cli.webhooks import webhooks_app
from leadsmith.jobs import JobRuntime
from tests.factories import make_caller
from tests.webhooks.conftest import (
    Receiver,
    deliveries_of,
    insert_delivery,
    settings_env,
    wait_for_status,
)

cli = typer.Typer()
cli.add_typer(webhooks_app, name="webhooks")
runner = CliRunner()


def invoke(*args: str, ok: bool = True) -> Any:
    """Run the CLI in a thread (it starts its own event loop, as it does for a user)."""
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(runner.invoke, cli, ["webhooks", *args]).result()
    if not ok:
        assert result.exit_code != 0, result.output
        return result.output
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.output


async def test_add_list_update_rotate_remove() -> None:
    caller = await make_caller()
    ws = caller.workspace
    url = "http://127.0.0.1:9/hook"
    added = invoke("add", url, "--workspace", ws, "--events", "batch.completed", "--json")
    assert added["secret"].startswith("whsec_") and added["events"] == ["batch.completed"]
    assert added["url"] == url and added["status"] == "active"

    listed = invoke("list", "--workspace", ws, "--json")
    assert [e["id"] for e in listed] == [added["id"]]
    assert added["secret"] not in json.dumps(listed) and "secret" not in listed[0]
    assert added["id"][:8] in invoke("list", "--workspace", ws)  # the table

    updated = invoke("update", added["id"], "--disable", "--events", "*", "--json")
    assert updated["status"] == "disabled" and updated["events"] == ["*"]
    assert invoke("update", added["id"], "--enable", "--json")["status"] == "active"

    rotated = invoke("rotate-secret", added["id"], "--json")
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != added["secret"]

    invoke("remove", added["id"])
    assert invoke("list", "--workspace", ws, "--json") == []
    assert "no webhook endpoint" in invoke("remove", added["id"], ok=False)


async def test_add_refuses_bad_input() -> None:
    caller = await make_caller()
    out = invoke("add", "http://127.0.0.1:9/x", "--workspace", "no-such-ws-x", ok=False)
    assert "no workspace named" in out
    out = invoke(
        "add", "http://127.0.0.1:9/x", "--workspace", caller.workspace, "--events", "x", ok=False
    )
    assert "unknown event" in out
    assert "disagree" in invoke(
        "deliveries", "--workspace", caller.workspace, "--dead", "--status", "failed", ok=False
    )


async def test_add_refuses_private_targets_without_the_setting() -> None:
    caller = await make_caller()
    with settings_env(allow_private_networks="0"):
        out = invoke("add", "http://127.0.0.1:9/x", "--workspace", caller.workspace, ok=False)
        assert "https" in out
        out = invoke("add", "https://10.0.0.7/x", "--workspace", caller.workspace, ok=False)
        assert "private" in out
    assert invoke("list", "--workspace", caller.workspace, "--json") == []


async def test_deliveries_show_and_replay_through_a_worker(receiver: Receiver) -> None:
    caller = await make_caller()
    ws = caller.workspace
    added = invoke("add", receiver.url, "--workspace", ws, "--json")
    receiver.secret = added["secret"]
    dead = [await insert_delivery(caller.workspace_id, added["id"], "dead") for _ in range(3)]
    delivered = await insert_delivery(caller.workspace_id, added["id"], "delivered")

    listed = invoke("deliveries", "--workspace", ws, "--json")
    assert {d["id"] for d in listed} == {*dead, delivered}
    dlq = invoke("deliveries", "--workspace", ws, "--dead", "--json")
    assert {d["id"] for d in dlq} == set(dead) and all(d["status"] == "dead" for d in dlq)
    assert dead[0][:8] in invoke("deliveries", "--workspace", ws, "--dead")  # the table
    shown = invoke("show", dead[0], "--json")
    assert shown["payload"]["delivery_id"] == dead[0] and shown["attempts"] == []

    # The CLI only enqueues; the server (or `leadsmith worker`) delivers.
    assert invoke("replay", dead[0], "--json") == {"replayed": 1, "delivery_ids": [dead[0]]}
    out = invoke("replay", "--all-dead", "--workspace", ws, "--json")
    assert out["replayed"] == 2 and set(out["delivery_ids"]) == set(dead[1:])
    assert "not both" in invoke("replay", dead[0], "--all-dead", ok=False)
    assert "needs --workspace" in invoke("replay", "--all-dead", ok=False)
    assert "still running" in invoke("replay", dead[0], ok=False)
    assert receiver.requests == []

    async with JobRuntime(poll_interval=0.1):
        for delivery_id in dead:
            stored = await wait_for_status(delivery_id, "delivered")
            assert stored.sequence == 1
    assert sorted(r.headers["x-leadsmith-delivery"] for r in receiver.requests) == sorted(dead)
    assert all(r.leadsmith_ok and r.standard_ok for r in receiver.requests)
    assert len(await deliveries_of(added["id"])) == 4
