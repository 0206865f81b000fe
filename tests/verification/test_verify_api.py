"""Seed 003's POST /v1/verify/email: sandbox for test keys, the real verifier for live keys."""

from __future__ import annotations

import httpx

from leadsmith.billing.ledger import get_balance
from leadsmith.db.engine import session_scope
from tests.factories import make_caller
from tests.fakes.mailworld import MailWorld

DOC_FIELDS = {"email", "status", "verified", "deliverable", "cached", "credits_charged"}


async def _balance(workspace_id: str) -> str:
    async with session_scope() as session:
        return str((await get_balance(session, workspace_id)).balance)


async def test_doc_example_with_a_test_key(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True, credits=5)
    r = await client.post(
        "/v1/verify/email", json={"email": "john@acme.com"}, headers=caller.headers
    )
    assert r.status_code == 200
    body = r.json()
    assert body.keys() >= DOC_FIELDS and {"reason", "checks", "score"} <= body.keys()
    assert body["email"] == "john@acme.com"
    assert body["status"] in ("valid", "invalid", "risky", "unknown")
    assert body["credits_charged"] == 0
    assert await _balance(caller.workspace_id) == "5"


async def test_live_key_charges_definite_verdicts_once(
    client: httpx.AsyncClient, world_env: MailWorld
) -> None:
    caller = await make_caller(credits=10)
    r = await client.post(
        "/v1/verify/email", json={"email": "john@acme.com"}, headers=caller.headers
    )
    body = r.json()
    assert r.status_code == 200, body
    assert body["status"] == "valid" and body["verified"] is True and body["deliverable"] is True
    assert body["cached"] is False and body["credits_charged"] == 1
    again = (
        await client.post(
            "/v1/verify/email", json={"email": "john@acme.com"}, headers=caller.headers
        )
    ).json()
    assert again["cached"] is True and again["credits_charged"] == 0
    invalid = (
        await client.post(
            "/v1/verify/email", json={"email": "nobody@acme.com"}, headers=caller.headers
        )
    ).json()
    assert invalid["status"] == "invalid" and invalid["deliverable"] is False
    assert invalid["credits_charged"] == 1
    unknown = (
        await client.post(
            "/v1/verify/email", json={"email": "x@blocked.com"}, headers=caller.headers
        )
    ).json()
    assert unknown["status"] == "unknown" and unknown["credits_charged"] == 0
    assert await _balance(caller.workspace_id) == "8"
    assert not any(e.command == "DATA" for e in world_env.events())


async def test_out_of_credits_is_402_before_probing(
    client: httpx.AsyncClient, world_env: MailWorld
) -> None:
    caller = await make_caller(credits=0)
    r = await client.post(
        "/v1/verify/email", json={"email": "jane@acme.com"}, headers=caller.headers
    )
    assert r.status_code == 402
    body = r.json()
    assert body["code"] == "insufficient_credits" and body["cta_url"] and body["cta_label"]
    assert not world_env.events()


async def test_scope_and_validation(client: httpx.AsyncClient) -> None:
    lookup_only = await make_caller(scopes=["lookup"])
    r = await client.post("/v1/verify/email", json={"email": "a@b.co"}, headers=lookup_only.headers)
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"
    caller = await make_caller()
    r = await client.post("/v1/verify/email", json={}, headers=caller.headers)
    assert r.status_code == 400 and "email" in r.json()["message"]
