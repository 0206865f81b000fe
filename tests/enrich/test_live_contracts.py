"""Contract tests with live keys: providers are the local Hunter and PDL fakes."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from leadsmith.config import get_settings
from leadsmith.enrich.tasks import enrich_batch
from tests.enrich.live import balance, configure, point_providers
from tests.factories import make_caller
from tests.fakes.providers.hunter import FakeHunter
from tests.fakes.providers.pdl import FakePDL


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    yield
    get_settings.cache_clear()


async def test_find_email_charges_once_then_serves_cache(
    client: httpx.AsyncClient, fake_hunter: FakeHunter, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    fake_hunter.add_person(
        "Alex", "Johnson", "notion.so", score=97, source_uris=("https://notion.so/team",)
    )
    caller = await make_caller(credits=10)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    body = {"firstName": "Alex", "lastName": "Johnson", "website": "notion.so"}
    r = await client.post("/api/v1/find-email", headers=caller.headers, json=body)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["email"] == "alex.johnson@notion.so"
    assert got["confidence"] == "high" and got["sources"] == 1 and got["credits_used"] == 1
    assert got["evidence"] == "found"
    assert any(
        p["source"] == "hunter" and p["url"] == "https://notion.so/team" for p in got["provenance"]
    )
    assert await balance(caller.workspace_id) == 9
    calls = fake_hunter.count("/email-finder")
    r = await client.post("/api/v1/find-email", headers=caller.headers, json=body)
    again = r.json()
    assert again["email"] == got["email"] and again["credits_used"] == 0 and again["cached"]
    assert fake_hunter.count("/email-finder") == calls
    assert await balance(caller.workspace_id) == 9


async def test_find_email_miss_is_free(
    client: httpx.AsyncClient, fake_hunter: FakeHunter, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    caller = await make_caller(credits=10)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    r = await client.post(
        "/api/v1/find-email",
        headers=caller.headers,
        json={"firstName": "Nobody", "lastName": "Here", "website": "void.io"},
    )
    assert r.status_code == 200
    assert r.json()["email"] is None and r.json()["credits_used"] == 0
    assert await balance(caller.workspace_id) == 10


async def test_insufficient_credits_002_and_004(client: httpx.AsyncClient) -> None:
    caller = await make_caller(credits=0)
    await configure(caller.workspace_id)
    r = await client.post(
        "/api/v1/find-email",
        headers=caller.headers,
        json={"firstName": "Alex", "lastName": "Johnson", "website": "notion.so"},
    )
    assert r.status_code == 402 and r.json()["code"] == "insufficient_credits"
    r = await client.post(
        "/api/v1/enrich", headers=caller.headers, json={"email": "amanda@northpeak.io"}
    )
    assert r.status_code == 403 and r.json()["code"] == "quota_exceeded"
    r = await client.post(
        "/v1/lookup",
        headers=caller.headers,
        json={"first_name": "J", "last_name": "D", "domain": "acme.com"},
    )
    assert r.status_code == 402 and r.json()["code"] == "insufficient_credits"


async def test_provider_failure_falls_through_in_configured_order(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    fake_pdl: FakePDL,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter, pdl=fake_pdl)
    fake_hunter.always("/email-finder", FakeHunter.invalid_key())
    fake_pdl.add_person(
        first_name="John",
        last_name="Doe",
        job_company_website="acme.com",
        work_email="jdoe@acme.com",
        mobile_phone="+14155550123",
        location_country="united states",
    )
    caller = await make_caller(credits=20)
    await configure(
        caller.workspace_id,
        hunter={"api_key": fake_hunter.api_key},
        pdl={"api_key": fake_pdl.api_key},
        order=["hunter", "pdl"],
    )
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
    got = r.json()
    assert got["email"] == "jdoe@acme.com" and got["phone"] == "+14155550123"
    assert got["status"] == "found" and got["credits_charged"] == 6
    assert got["sources"] == ["pdl"]
    assert fake_hunter.count("/email-finder") == 1
    assert await balance(caller.workspace_id) == 14
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
    assert r.json()["cached_hit"] is True and r.json()["credits_charged"] == 0


async def test_order_puts_pdl_first_and_stops_when_confident(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    fake_pdl: FakePDL,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter, pdl=fake_pdl)
    fake_hunter.add_person("John", "Doe", "acme.com")
    fake_pdl.add_person(
        first_name="John",
        last_name="Doe",
        job_company_website="acme.com",
        work_email="john.doe@acme.com",
    )
    caller = await make_caller(credits=20)
    await configure(
        caller.workspace_id,
        hunter={"api_key": fake_hunter.api_key},
        pdl={"api_key": fake_pdl.api_key},
        order=["pdl", "hunter"],
    )
    await client.post(
        "/api/v1/find-email",
        headers=caller.headers,
        json={"firstName": "John", "lastName": "Doe", "website": "acme.com"},
    )
    assert fake_pdl.count("/person/enrich") == 1
    # PDL's likelihood-7 answer is not confident enough: Hunter is asked too and agrees.
    assert fake_hunter.count("/email-finder") == 1


async def test_enrich_single_004_live(
    client: httpx.AsyncClient, fake_pdl: FakePDL, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_providers(monkeypatch, pdl=fake_pdl)
    fake_pdl.add_person(
        first_name="Amanda",
        last_name="Reyes",
        work_email="amanda@northpeak.io",
        job_title="VP Revenue Operations",
        job_company_name="North Peak",
        job_company_website="northpeak.io",
        linkedin_url="linkedin.com/in/amanda",
    )
    caller = await make_caller(credits=5)
    await configure(caller.workspace_id, pdl={"api_key": fake_pdl.api_key})
    r = await client.post(
        "/api/v1/enrich",
        headers=caller.headers,
        json={"email": "amanda@northpeak.io", "company": "North Peak"},
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["success"] is True
    assert got["person"]["full_name"].lower() == "amanda reyes"
    assert got["person"]["job_title"] == "VP Revenue Operations"
    assert got["company"]["domain"] == "northpeak.io"
    assert got["meta"]["credits_used"] == 1
    r = await client.post(
        "/api/v1/enrich", headers=caller.headers, json={"email": "ghost@nowhere.io"}
    )
    assert r.status_code == 404 and r.json()["code"] == "no_match"
    assert await balance(caller.workspace_id) == 4


async def test_providers_listing(
    client: httpx.AsyncClient, fake_hunter: FakeHunter, monkeypatch: pytest.MonkeyPatch
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    monkeypatch.delenv("LEADSMITH_PDL_API_KEY", raising=False)
    caller = await make_caller()
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    r = await client.get("/api/v1/providers", headers=caller.headers)
    assert r.status_code == 200
    by_name = {p["name"]: p for p in r.json()["providers"]}
    assert [p["name"] for p in r.json()["providers"]] == ["local", "smtp", "web", "hunter", "pdl"]
    assert by_name["hunter"] | {} and by_name["hunter"]["healthy"] is True
    assert by_name["hunter"]["configured"] is True
    assert by_name["pdl"]["configured"] is False and by_name["pdl"]["healthy"] is False
    assert by_name["web"]["enabled"] is False
    test_caller = await make_caller(test=True)
    r = await client.get("/api/v1/providers", headers=test_caller.headers)
    assert [p["name"] for p in r.json()["providers"]] == ["sandbox"]


async def test_batch_enrich_live_dedupes_and_charges_per_found(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    fake_hunter.add_person("John", "Doe", "acme.com")
    caller = await make_caller(credits=100)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    rows = [{"first_name": "John", "last_name": "Doe", "domain": "acme.com"}] * 3 + [
        {"first_name": "No", "last_name": "One", "domain": "acme.com"}
    ]
    r = await client.post(
        "/v1/batch/enrich", headers=caller.headers, json={"rows": rows, "find_phones": False}
    )
    batch_id = r.json()["batch_id"]
    await enrich_batch({"batch_id": batch_id})
    await enrich_batch({"batch_id": batch_id})  # a re-run finds nothing left to do
    status = (await client.get(f"/v1/batch/{batch_id}", headers=caller.headers)).json()
    assert status["status"] == "completed"
    assert status["found_count"] == 3 and status["not_found_count"] == 1
    assert fake_hunter.count("/email-finder") == 2  # one per distinct person
    assert await balance(caller.workspace_id) == 99


async def test_second_batch_of_the_same_rows_is_served_from_cache(
    client: httpx.AsyncClient,
    fake_hunter: FakeHunter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    point_providers(monkeypatch, hunter=fake_hunter)
    fake_hunter.add_person("Jane", "Roe", "acme.com")
    caller = await make_caller(credits=100)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    rows = [{"first_name": "Jane", "last_name": "Roe", "domain": "acme.com"}]
    for _ in range(2):
        r = await client.post(
            "/v1/batch/enrich", headers=caller.headers, json={"rows": rows, "find_phones": False}
        )
        await enrich_batch({"batch_id": r.json()["batch_id"]})
    download = (
        await client.get(f"/v1/batch/{r.json()['batch_id']}/download", headers=caller.headers)
    ).json()["results"]
    assert download[0]["email"] == "jane.roe@acme.com" and download[0]["cached_hit"] is True
    assert download[0]["credits_charged"] == 0
    assert fake_hunter.count("/email-finder") == 1
    assert await balance(caller.workspace_id) == 99


async def test_the_workspace_index_answers_first_and_free_of_providers(
    client: httpx.AsyncClient, fake_hunter: FakeHunter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadsmith.db.engine import session_scope
    from leadsmith.search.models import IndexPerson

    point_providers(monkeypatch, hunter=fake_hunter)
    caller = await make_caller(credits=10)
    await configure(caller.workspace_id, hunter={"api_key": fake_hunter.api_key})
    async with session_scope() as session:
        session.add(
            IndexPerson(
                workspace_id=caller.workspace_id,
                first_name="Lena",
                last_name="Berg",
                full_name="Lena Berg",
                email="lena@fjord.no",
                company_domain="fjord.no",
            )
        )
    r = await client.post(
        "/api/v1/find-email",
        headers=caller.headers,
        json={"firstName": "Lena", "lastName": "Berg", "website": "fjord.no"},
    )
    got = r.json()
    assert got["email"] == "lena@fjord.no" and got["evidence"] == "found"
    assert "local" in {p["source"] for p in got["provenance"]}
    # Not verified and below the stop line: providers are still asked to confirm.
    assert fake_hunter.count("/email-finder") == 1
