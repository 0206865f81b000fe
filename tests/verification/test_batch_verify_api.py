"""Seed 003's bulk verification: POST /v1/batch/verify, GET /v1/batch/{id}, download."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from decimal import Decimal
from typing import Any

import httpx

from leadsmith.billing.ledger import get_balance
from leadsmith.db.engine import session_scope
from tests.factories import Caller, make_caller
from tests.fakes.mailworld import MailWorld


async def _wait_done(client: httpx.AsyncClient, caller: Caller, batch_id: str) -> dict[str, Any]:
    for _ in range(300):
        body = (await client.get(f"/v1/batch/{batch_id}", headers=caller.headers)).json()
        if body["status"] in ("completed", "failed"):
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"batch {batch_id} did not finish: {body}")


async def test_doc_example_with_a_test_key(jobs_client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True, credits=1)
    r = await jobs_client.post(
        "/v1/batch/verify",
        json={"emails": ["a@b.com", "c@d.com", "e@f.com"]},
        headers=caller.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "queued" and body["total_emails"] == 3
    assert body["status_url"].endswith(f"/v1/batch/{body['batch_id']}")
    done = await _wait_done(jobs_client, caller, body["batch_id"])
    assert done["status"] == "completed" and done["kind"] == "verify"
    assert done["total_rows"] == 3 and done["processed_rows"] == 3
    assert done["found_count"] + done["not_found_count"] == 3
    assert done["download_url"].endswith(f"/v1/batch/{body['batch_id']}/download")
    dl = (
        await jobs_client.get(f"/v1/batch/{body['batch_id']}/download", headers=caller.headers)
    ).json()
    assert [row["email"] for row in dl["results"]] == ["a@b.com", "c@d.com", "e@f.com"]
    async with session_scope() as session:
        assert (await get_balance(session, caller.workspace_id)).balance == 1


async def test_live_batch_charges_a_tenth_per_definite_verdict(
    jobs_client: httpx.AsyncClient, world_env: MailWorld
) -> None:
    caller = await make_caller(credits=1)
    emails = [
        "john@acme.com",
        "jane@acme.com",
        "nobody@acme.com",
        "x@blocked.com",
        "john@greylist.com",
        "=HYPERLINK(1)@acme.com",
    ]
    r = await jobs_client.post(
        "/v1/batch/verify", json={"emails": emails, "name": "q2"}, headers=caller.headers
    )
    assert r.status_code == 200, r.text
    done = await _wait_done(jobs_client, caller, r.json()["batch_id"])
    assert done["status"] == "completed", done
    assert done["name"] == "q2"
    results = (
        await jobs_client.get(f"/v1/batch/{done['batch_id']}/download", headers=caller.headers)
    ).json()["results"]
    by_email = {row["email"]: row for row in results}
    assert by_email["john@acme.com"]["status"] == "valid"
    assert by_email["nobody@acme.com"]["status"] == "invalid"
    assert by_email["x@blocked.com"]["status"] == "unknown"
    # Greylisted on the first pass, accepted when the job asked again later.
    assert by_email["john@greylist.com"]["status"] == "valid"
    definite = sum(1 for row in results if row["status"] in ("valid", "invalid", "risky"))
    async with session_scope() as session:
        bal = await get_balance(session, caller.workspace_id)
    assert bal.spent == definite * Decimal("0.1")
    text = (
        await jobs_client.get(
            f"/v1/batch/{done['batch_id']}/download?format=csv", headers=caller.headers
        )
    ).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(emails)
    assert all(not row["email"].startswith("=") for row in rows)
    assert not any(e.command == "DATA" for e in world_env.events())


async def test_limits_isolation_and_idempotency(jobs_client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await jobs_client.post(
        "/v1/batch/verify", json={"emails": ["a@b.co"] * 10_001}, headers=caller.headers
    )
    assert r.status_code == 400 and "10,000" in r.json()["message"]
    r = await jobs_client.post("/v1/batch/verify", json={"emails": []}, headers=caller.headers)
    assert r.status_code == 400
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await jobs_client.post(
        "/v1/batch/verify", json={"emails": ["a@b.co"]}, headers={**caller.headers, **key}
    )
    second = await jobs_client.post(
        "/v1/batch/verify", json={"emails": ["a@b.co"]}, headers={**caller.headers, **key}
    )
    assert second.headers["x-idempotent-replay"] == "true"
    assert first.json()["batch_id"] == second.json()["batch_id"]
    other = await make_caller(test=True)
    r = await jobs_client.get(f"/v1/batch/{first.json()['batch_id']}", headers=other.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await jobs_client.get(
        f"/v1/batch/{first.json()['batch_id']}/download", headers=other.headers
    )
    assert r.status_code == 404


async def test_insufficient_credits_up_front(jobs_client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=Decimal("0.2"))
    r = await jobs_client.post(
        "/v1/batch/verify", json={"emails": ["a@x.co", "b@x.co", "c@x.co"]}, headers=caller.headers
    )
    assert r.status_code == 402 and r.json()["code"] == "insufficient_credits"


async def test_batch_scope_or_verify_scope(jobs_client: httpx.AsyncClient) -> None:
    verify_only = await make_caller(test=True, scopes=["verify"])
    r = await jobs_client.post(
        "/v1/batch/verify", json={"emails": ["a@b.co"]}, headers=verify_only.headers
    )
    assert r.status_code == 200
    lookup_only = await make_caller(test=True, scopes=["lookup"])
    r = await jobs_client.post(
        "/v1/batch/verify", json={"emails": ["a@b.co"]}, headers=lookup_only.headers
    )
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"
