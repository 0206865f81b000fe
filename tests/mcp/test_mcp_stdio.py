"""`leadsmith mcp` over stdio: the real command as a subprocess, the official SDK client."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from leadsmith.accounts.models import ApiKey
from leadsmith.cli.main import app as cli
from leadsmith.db.base import utcnow
from leadsmith.db.engine import session_scope
from tests.factories import make_caller
from tests.mcp.conftest import (
    EXPECTED_TOOLS,
    answer,
    failure,
    poll,
    stdio_client,
)


async def test_sandbox_key_calls_tools_batches_progress_and_revocation_ends_it(
    tmp_path: Path,
) -> None:
    caller = await make_caller(test=True)
    async with stdio_client(tmp_path, caller.key, jobs=True) as client:
        tools = (await client.list_tools()).tools
        assert {t.name for t in tools} == EXPECTED_TOOLS
        found = answer(
            await client.call_tool(
                "lookup", {"first_name": "John", "last_name": "Doe", "domain": "acme.com"}
            )
        )
        assert found["status"] == "found" and found["credits_charged"] == 0
        cleaned = answer(await client.call_tool("clean_names", {"names": ["Acme Inc."]}))
        assert cleaned == {"cleaned": ["Acme"]}
        started = answer(
            await client.call_tool("batch_verify", {"emails": ["john.doe@acme.com", "x@y.org"]})
        )

        async def status() -> dict[str, Any]:
            return answer(await client.call_tool("batch_status", {"batch_id": started["batch_id"]}))

        # The command works the queue itself, as `leadsmith serve` does.
        assert (await poll(status, {"completed", "failed"}))["status"] == "completed"
        download = answer(
            await client.call_tool("batch_download", {"batch_id": started["batch_id"]})
        )
        assert [r["email"] for r in download["results"]] == ["john.doe@acme.com", "x@y.org"]

        async with session_scope() as session:
            key = await session.get(ApiKey, caller.key_id)
            assert key is not None
            key.revoked_at = utcnow()
        # The key is checked on every call: once the key cache forgets (a few seconds),
        # the same session's calls are refused.
        for _ in range(80):
            result = await client.call_tool("clean_names", {"names": ["Acme Inc."]})
            if result.is_error:
                break
            await asyncio.sleep(0.1)
        assert failure(result)["code"] == "revoked_key"


async def test_scopes_input_credits_and_rate_limits_apply_to_a_live_key(
    tmp_path: Path,
) -> None:
    caller = await make_caller(test=False, credits=0, scopes=["verify"])
    limits = {"LEADSMITH_RATE_LIMIT_PER_MINUTE": "4", "LEADSMITH_RATE_LIMIT_BURST_PER_MINUTE": "5"}
    async with stdio_client(tmp_path, caller.key, **limits) as client:
        denied = failure(
            await client.call_tool(
                "lookup", {"first_name": "John", "last_name": "Doe", "domain": "acme.com"}
            )
        )
        invalid = failure(await client.call_tool("verify_email", {}))
        refused = failure(await client.call_tool("verify_email", {"email": "john@acme.com"}))
        batch = failure(await client.call_tool("batch_verify", {"emails": ["a@acme.com"]}))
        # Four calls a minute, then the hourly burst allows a fifth; the sixth is refused.
        assert failure(await client.call_tool("verify_email", {}))["code"] == "invalid_input"
        limited = failure(await client.call_tool("verify_email", {"email": "john@acme.com"}))
    assert denied["code"] == "scope_denied" and denied["status"] == 403
    assert denied["message"].startswith("This key lacks the 'lookup' scope")
    assert invalid["code"] == "invalid_input" and invalid["message"] == "email: is required"
    for out_of_credits in (refused, batch):
        assert out_of_credits["code"] == "insufficient_credits"
        assert out_of_credits["status"] == 402 and out_of_credits["cta_url"]
    assert limited["code"] == "rate_limited" and limited["status"] == 429
    assert "More than 5 requests a minute" in limited["message"] and limited["retry_after"] > 0


@pytest.mark.parametrize("key", ["", "lsk_live_not_a_real_key"])
def test_missing_or_bad_key_stops_the_command_with_a_message(key: str) -> None:
    # In-process (the command's own code, without a subprocess): the calls above cover
    # the real process.
    result = CliRunner().invoke(cli, ["mcp", "--no-jobs"], env={"LEADSMITH_API_KEY": key})
    assert result.exit_code == 2
    assert result.stdout == ""  # stdout belongs to the protocol
    if not key:
        assert "missing_key" in result.stderr and "LEADSMITH_API_KEY" in result.stderr
    else:
        assert "invalid_key" in result.stderr and "copied whole" in result.stderr
