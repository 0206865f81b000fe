"""Contract tests with test keys: every finder route answers from the sandbox, free."""

from __future__ import annotations

import re

import httpx

from leadsmith.billing import ledger
from leadsmith.db.engine import read_scope
from leadsmith.enrich.tasks import enrich_batch
from tests.factories import make_caller


async def _balance(workspace_id: str) -> float:
    async with read_scope() as session:
        return float((await ledger.get_balance(session, workspace_id)).balance)


async def test_find_email_doc_example(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    before = await _balance(caller.workspace_id)
    r = await client.post(
        "/api/v1/find-email",
        headers=caller.headers,
        json={"firstName": "Alex", "lastName": "Johnson", "website": "notion.so"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"email", "confidence", "sources", "credits_used"}
    assert body["email"].endswith("@notion.so")
    assert body["confidence"] in ("high", "medium", "low")
    assert isinstance(body["sources"], int) and body["sources"] >= 1
    assert body["credits_used"] == 0
    assert await _balance(caller.workspace_id) == before


async def test_find_email_needs_company_or_website(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/find-email",
        headers=caller.headers,
        json={"firstName": "Alex", "lastName": "Johnson"},
    )
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_input"


async def test_find_phone_doc_example(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/find-phone",
        headers=caller.headers,
        json={"firstName": "Alex", "lastName": "Johnson", "company": "Notion"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) >= {"phone", "type", "credits_used"}
    assert body["credits_used"] == 0
    if body["phone"] is not None:
        assert re.fullmatch(r"\+\d{1,3}(-\d+)+", body["phone"]), body["phone"]  # +1-415-555-0192
        assert body["type"] in ("direct", "mobile", "office", "unknown")


async def test_lookup_both_doc_example(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/v1/lookup",
        headers=caller.headers,
        json={
            "first_name": "John",
            "last_name": "Doe",
            "domain": "acme.com",
            "lookup_type": "both",
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    for key in (
        "email",
        "phone",
        "status",
        "verified",
        "credits_charged",
        "cached_hit",
        "alt_emails",
        "alt_phones",
    ):
        assert key in body
    assert body["status"] == "found"
    assert body["email"].endswith("@acme.com")
    assert body["credits_charged"] == 0 and body["cached_hit"] is False


async def test_lookup_needs_domain_or_linkedin(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/v1/lookup", headers=caller.headers, json={"first_name": "John", "last_name": "Doe"}
    )
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"


async def test_lookup_scope(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True, scopes=["verify"])
    r = await client.post(
        "/v1/lookup",
        headers=caller.headers,
        json={"first_name": "John", "last_name": "Doe", "domain": "acme.com"},
    )
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"


async def test_domain_finder_and_clean_names(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/v1/domain-finder", headers=caller.headers, json={"company_name": "Modern Inbound"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["company_name"] == "Modern Inbound"
    assert body["confidence"] in ("high", "medium", "low", None)
    assert body["credits_charged"] == 0
    r = await client.post(
        "/v1/batch/clean-names",
        headers=caller.headers,
        json={"names": ["Acme Inc.", "Foo Pvt Ltd", "Bar GmbH"]},
    )
    assert r.status_code == 200
    assert r.json() == {"cleaned": ["Acme", "Foo", "Bar"]}


async def test_enrich_single_004(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/enrich",
        headers=caller.headers,
        json={"email": "amanda@northpeak.io", "company": "North Peak"},
    )
    if r.status_code == 404:  # a deterministic sandbox miss is also a valid contract answer
        assert r.json()["code"] == "no_match"
        return
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True
    person, company = body["person"], body["company"]
    for key in (
        "full_name",
        "first_name",
        "last_name",
        "job_title",
        "department",
        "management_level",
        "email",
        "phone",
        "linkedin_url",
        "location",
    ):
        assert key in person
    for key in (
        "name",
        "domain",
        "industry",
        "headcount",
        "website",
        "technologies",
        "location",
        "status",
    ):
        assert key in company
    assert body["meta"]["request_id"].startswith("req_")
    assert body["meta"]["credits_used"] == 0


async def test_enrich_fits_neither(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post("/api/v1/enrich", headers=caller.headers, json={"hello": "world"})
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_request"


async def test_enrich_batch_004(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/enrich/batch",
        headers=caller.headers,
        json={
            "items": [
                {"email": "amanda@northpeak.io"},
                {"phone": "+1 415 555 0106"},
                {"linkedin": "priya-shah-growth"},
                {"nothing": True},
            ]
        },
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert len(results) == 4
    for item in results[:3]:
        assert item["success"] in (True, False)
        if item["success"]:
            assert item["person"]["full_name"]
        else:
            assert item["error"]["code"] == "no_match"
    assert results[3]["success"] is False
    assert results[3]["error"]["code"] == "invalid_request"


async def test_enrich_batch_not_on_free(client: httpx.AsyncClient) -> None:
    caller = await make_caller(plan="free")
    r = await client.post(
        "/api/v1/enrich/batch",
        headers=caller.headers,
        json={"items": [{"email": "amanda@northpeak.io"}]},
    )
    assert r.status_code == 403
    assert r.json()["code"] == "batch_not_available"


async def test_bulk_job_002_runs_to_completed(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/enrich",
        headers=caller.headers,
        json={
            "contacts": [
                {"firstName": "Sarah", "lastName": "Chen", "website": "figma.com"},
                {"firstName": "Mike", "lastName": "Lee", "website": "linear.app"},
            ],
            "findEmail": True,
            "findPhone": True,
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "processing" and body["total"] == 2
    assert body["jobId"].startswith("enr_") and body["message"]
    r = await client.get(f"/api/v1/enrich/{body['jobId']}", headers=caller.headers)
    assert r.json()["status"] == "processing"
    await enrich_batch({"batch_id": body["jobId"].removeprefix("enr_")})
    r = await client.get(f"/api/v1/enrich/{body['jobId']}", headers=caller.headers)
    done = r.json()
    assert done["status"] == "completed" and done["completed"] == 2
    assert [x["firstName"] for x in done["results"]] == ["Sarah", "Mike"]
    for x in done["results"]:
        assert set(x) >= {"firstName", "lastName", "email", "phone", "confidence"}


async def test_bulk_job_002_bad_body_uses_default_words(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/enrich", headers=caller.headers, json={"contacts": [{"firstName": "Sarah"}]}
    )
    assert r.status_code == 400
    assert r.json()["code"] == "invalid_input"
    r = await client.get("/api/v1/enrich/enr_nope", headers=caller.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"


async def test_batch_enrich_003_and_download(client: httpx.AsyncClient) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/v1/batch/enrich",
        headers=caller.headers,
        json={
            "name": "Q2 outbound",
            "find_phones": True,
            "rows": [
                {"first_name": "John", "last_name": "Doe", "domain": "acme.com"},
                {
                    "first_name": "Jane",
                    "last_name": "Smith",
                    "linkedin_url": "https://linkedin.com/in/janesmith",
                },
                {"first_name": "John", "last_name": "Doe", "domain": "acme.com"},
            ],
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "queued" and body["total_rows"] == 3
    assert body["status_url"].endswith(f"/v1/batch/{body['batch_id']}")
    assert body["download_url"].endswith(f"/v1/batch/{body['batch_id']}/download")
    await enrich_batch({"batch_id": body["batch_id"]})
    status = (await client.get(f"/v1/batch/{body['batch_id']}", headers=caller.headers)).json()
    assert status["kind"] == "enrich" and status["status"] == "completed"
    assert status["processed_rows"] == 3
    r = await client.get(f"/v1/batch/{body['batch_id']}/download", headers=caller.headers)
    results = r.json()["results"]
    assert len(results) == 3
    for row in results:
        assert set(row) >= {
            "first_name",
            "last_name",
            "domain",
            "email",
            "phone",
            "status",
            "verified",
        }
        assert row["status"] in ("found", "not_found")
    assert results[0]["email"] == results[2]["email"]
