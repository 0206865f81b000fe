"""MCP over streamable HTTP at /mcp: the real server, the official SDK client."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
import pytest
from mcp.shared.exceptions import MCPError

from leadsmith.billing import ledger
from leadsmith.db.engine import read_scope
from tests.factories import make_caller
from tests.mcp.conftest import EXPECTED_TOOLS, answer, failure, http_client, poll


async def balance(workspace_id: str) -> Decimal:
    async with read_scope() as session:
        return (await ledger.get_balance(session, workspace_id)).balance


async def test_lists_every_tool_with_a_schema(server_url: str) -> None:
    caller = await make_caller(test=True)
    async with http_client(server_url, caller.key) as client:
        tools = (await client.list_tools()).tools
    assert {t.name for t in tools} == EXPECTED_TOOLS
    for tool in tools:
        assert tool.description and len(tool.description) > 40
        schema = tool.input_schema
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert "$ref" not in str(schema) and "$defs" not in schema
    lookup = next(t for t in tools if t.name == "lookup")
    assert set(lookup.input_schema["required"]) == {"first_name", "last_name"}
    assert lookup.input_schema["properties"]["lookup_type"]["enum"] == ["email", "phone", "both"]


async def test_every_tool_answers_on_the_sandbox(server_url: str) -> None:
    caller = await make_caller(test=True, credits=3)
    async with http_client(server_url, caller.key) as client:
        found = answer(
            await client.call_tool(
                "lookup",
                {
                    "first_name": "John",
                    "last_name": "Doe",
                    "domain": "acme.com",
                    "lookup_type": "both",
                },
            )
        )
        assert found["status"] == "found" and found["email"].endswith("@acme.com")
        assert found["credits_charged"] == 0 and "provenance" not in found

        verified = answer(await client.call_tool("verify_email", {"email": found["email"]}))
        assert verified["email"] == found["email"]
        assert verified["status"] in {"valid", "invalid", "risky", "unknown"}

        fit = answer(
            await client.call_tool(
                "qualify", {"domain": "acme.com", "employees": 50, "industry": "SaaS"}
            )
        )
        assert 0 <= fit["fit_score"] <= 10 and fit["fit_label"] in {"high", "medium", "low"}

        domain = answer(await client.call_tool("domain_finder", {"company_name": "Acme Inc"}))
        assert domain["company_name"] == "Acme Inc" and "domain" in domain

        dossier = answer(
            await client.call_tool(
                "research_prospect", {"domain": "acme.com", "contact_name": "John Doe"}
            )
        )
        assert dossier["output"]["fit_assessment"]["fit_label"] in {"high", "medium", "low"}

        cleaned = answer(
            await client.call_tool(
                "clean_names", {"names": ["Acme Inc.", "Foo Pvt Ltd", "Bar GmbH"]}
            )
        )
        assert cleaned == {"cleaned": ["Acme", "Foo", "Bar"]}

        emails = ["john.doe@acme.com", "not-an-address", "jane@example.org"]
        started = answer(await client.call_tool("batch_verify", {"emails": emails}))
        assert started["status"] == "queued" and started["total_rows"] == 3

        async def verify_status() -> dict[str, Any]:
            return answer(await client.call_tool("batch_status", {"batch_id": started["batch_id"]}))

        status = await poll(verify_status, {"completed", "failed"})
        assert status["status"] == "completed" and status["processed_rows"] == 3
        download = answer(
            await client.call_tool("batch_download", {"batch_id": started["batch_id"], "limit": 2})
        )
        assert download["total_results"] == 3 and download["returned"] == 2
        assert [r["email"] for r in download["results"]] == emails[:2]
        as_csv = answer(
            await client.call_tool(
                "batch_download", {"batch_id": started["batch_id"], "format": "csv"}
            )
        )
        assert as_csv["csv"].splitlines()[0].startswith("email,status")

        rows = [
            {"first_name": "John", "last_name": "Doe", "domain": "acme.com"},
            {
                "first_name": "Jane",
                "last_name": "Smith",
                "linkedin_url": "https://linkedin.com/in/janesmith",
            },
        ]
        enrich = answer(
            await client.call_tool(
                "batch_enrich", {"rows": rows, "find_phones": False, "name": "Q2"}
            )
        )

        async def enrich_status() -> dict[str, Any]:
            return answer(await client.call_tool("batch_status", {"batch_id": enrich["batch_id"]}))

        assert (await poll(enrich_status, {"completed", "failed"}))["status"] == "completed"
        enriched = answer(
            await client.call_tool("batch_download", {"batch_id": enrich["batch_id"]})
        )
        assert [r["first_name"] for r in enriched["results"]] == ["John", "Jane"]

        search = answer(
            await client.call_tool("lead_search", {"query": "SaaS founders in India", "limit": 5})
        )

        async def search_status() -> dict[str, Any]:
            return answer(
                await client.call_tool("lead_search_status", {"search_id": search["search_id"]})
            )

        run = await poll(search_status, {"completed", "failed", "cancelled"})
        assert run["status"] == "completed", run
        leads = answer(
            await client.call_tool(
                "lead_search_results", {"search_id": search["search_id"], "per_page": 3}
            )
        )
        assert 0 < len(leads["results"]) <= 3 and leads["total"] >= len(leads["results"])
        assert {"name", "email", "company", "role"} <= set(leads["results"][0])
    # Test keys never charge.
    assert await balance(caller.workspace_id) == 3


async def api_error(url: str, path: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
    """The HTTP API's error envelope for the same request, to compare with the tool's."""
    async with httpx.AsyncClient(base_url=url) as http:
        response = await http.post(path, json=body, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code >= 400, response.text
    error: dict[str, Any] = response.json()
    error["status"] = response.status_code
    return error


def same_error(tool: dict[str, Any], api: dict[str, Any]) -> None:
    for field in ("code", "error", "message", "status"):
        assert tool[field] == api[field], field


async def test_scope_denied_is_a_tool_error_worded_as_the_api(server_url: str) -> None:
    caller = await make_caller(test=True, scopes=["verify"])
    args = {"first_name": "John", "last_name": "Doe", "domain": "acme.com"}
    async with http_client(server_url, caller.key) as client:
        denied = failure(await client.call_tool("lookup", args))
        # verify alone may still start and read verification batches, as on the API.
        started = answer(await client.call_tool("batch_verify", {"emails": ["a@acme.com"]}))
        answer(await client.call_tool("batch_status", {"batch_id": started["batch_id"]}))
        research = failure(await client.call_tool("research_prospect", {"domain": "acme.com"}))
    assert denied["code"] == "scope_denied" and denied["status"] == 403
    same_error(denied, await api_error(server_url, "/v1/lookup", caller.key, args))
    assert "'research' scope" in research["message"]


async def test_invalid_input_is_a_tool_error_worded_as_the_api(server_url: str) -> None:
    caller = await make_caller(test=True)
    missing = {"first_name": "John", "domain": "acme.com"}
    async with http_client(server_url, caller.key) as client:
        invalid = failure(await client.call_tool("lookup", missing))
        nameonly = {"first_name": "J", "last_name": "D"}
        neither = failure(await client.call_tool("lookup", nameonly))
        empty = failure(await client.call_tool("batch_verify", {"emails": []}))
        unknown_batch = failure(await client.call_tool("batch_status", {"batch_id": "nope"}))
        misspelt = failure(await client.call_tool("verify_email", {"emial": "a@b.co"}))
        no_tool = failure(await client.call_tool("find_everything", {}))
    assert invalid["code"] == "invalid_input" and invalid["message"] == "last_name: is required"
    same_error(invalid, await api_error(server_url, "/v1/lookup", caller.key, missing))
    assert neither["code"] == "invalid_input" and "domain or linkedin_url" in neither["message"]
    same_error(
        neither,
        await api_error(server_url, "/v1/lookup", caller.key, nameonly),
    )
    same_error(empty, await api_error(server_url, "/v1/batch/verify", caller.key, {"emails": []}))
    assert unknown_batch["code"] == "not_found" and unknown_batch["status"] == 404
    assert misspelt["code"] == "invalid_input" and "emial" in misspelt["message"]
    assert no_tool["code"] == "not_found" and "lookup" in no_tool["message"]


async def test_live_key_without_credits_gets_insufficient_credits(server_url: str) -> None:
    caller = await make_caller(test=False, credits=0)
    async with http_client(server_url, caller.key) as client:
        verify = failure(await client.call_tool("verify_email", {"email": "john@acme.com"}))
        lookup = failure(
            await client.call_tool(
                "lookup", {"first_name": "John", "last_name": "Doe", "domain": "acme.com"}
            )
        )
        batch = failure(await client.call_tool("batch_verify", {"emails": ["a@acme.com"]}))
        # Free tools still answer.
        answer(await client.call_tool("clean_names", {"names": ["Acme Inc."]}))
    for refused in (verify, lookup, batch):
        assert refused["code"] == "insufficient_credits" and refused["status"] == 402
        assert refused["cta_url"] and refused["cta_label"]
    api = await api_error(server_url, "/v1/verify/email", caller.key, {"email": "john@acme.com"})
    same_error(verify, api)
    assert await balance(caller.workspace_id) == 0


async def test_live_key_is_charged_as_on_the_api(server_url: str) -> None:
    from leadsmith.accounts.models import Workspace
    from leadsmith.ai.icp import canonical_icp, set_icp
    from leadsmith.db.engine import session_scope

    caller = await make_caller(test=False, credits=5)
    args = {"domain": "acme.com", "employees": 50, "industry": "SaaS", "country": "US"}
    async with http_client(server_url, caller.key) as client:
        missing_icp = failure(await client.call_tool("qualify", args))
        assert missing_icp["code"] == "buyer_context_missing"
        async with session_scope() as session:
            workspace = await session.get(Workspace, caller.workspace_id)
            assert workspace is not None
            await set_icp(session, workspace, canonical_icp({"industries": ["SaaS"]}))
        fit = answer(await client.call_tool("qualify", args))
    assert fit["credits_charged"] == 1
    assert await balance(caller.workspace_id) == 4


async def test_every_request_needs_a_live_key(server_url: str) -> None:
    async with httpx.AsyncClient(base_url=server_url) as http:
        anonymous = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "missing_key"

    caller = await make_caller(test=True, expires_in_days=2.5 / 86400)
    async with http_client(server_url, caller.key) as client:
        answer(await client.call_tool("clean_names", {"names": ["Acme Inc."]}))
        await asyncio.sleep(2.6)
        # The same client, a moment later: its key has expired, so the call is refused.
        with pytest.raises(MCPError):
            await client.call_tool("clean_names", {"names": ["Acme Inc."]})
    async with httpx.AsyncClient(base_url=server_url, headers=caller.headers) as http:
        expired = await http.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert expired.status_code == 401 and expired.json()["code"] == "expired_key"
