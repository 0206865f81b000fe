"""Dashboard CSV enrichment: upload, column mapping, validation, progress, download."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.web.conftest import DashboardUserFactory, _client, sign_in
from tests.web.test_verify_pages import MB, _batch_id, batches_of, finish_with, inputs_of

PEOPLE = (
    b"First Name,Last Name,Company Website,Notes\n"
    b'John,Doe,acme.com,=HYPERLINK("http://evil.example")\n'
    b"Jane,Roe,globex.com,\n"
)


def _payload(html: str) -> list[str]:
    return re.findall(r'name="payload" value="([^"]*)"', html)


def _selected(html: str) -> dict[str, str]:
    """Field -> the column its select has selected on the preview."""
    chosen: dict[str, str] = {}
    for field, body in re.findall(
        r'<select id="map-(\w+)" name="map_\w+">(.*?)</select>', html, re.S
    ):
        found = re.search(r'<option value="([^"]*)" selected>', body)
        if found:
            chosen[field] = found.group(1)
    return chosen


async def _upload(client: Any, name: str, data: bytes) -> httpx.Response:
    return await client.post(
        "/enrich", data={"csrf_token": client.csrf}, files={"file": (name, data, "text/csv")}
    )


async def _start(client: Any, preview: httpx.Response, **fields: str) -> httpx.Response:
    mapping = {f"map_{k}": v for k, v in _selected(preview.text).items()}
    mapping.update(fields)
    return await client.post(
        "/enrich/start",
        data={"csrf_token": client.csrf, "payload": _payload(preview.text), **mapping},
        files={"unused": ("", b"")},
    )


async def test_upload_shows_detected_columns_and_first_rows(web_client: Any) -> None:
    assert "Nothing here yet" in (await web_client.get("/enrich")).text
    r = await _upload(web_client, "people.csv", PEOPLE)
    assert r.status_code == 200
    assert _selected(r.text) == {
        "first_name": "First Name",
        "last_name": "Last Name",
        "domain": "Company Website",
    }
    assert '<td class="break">John</td>' in r.text and "globex.com" in r.text
    assert "2 rows" in r.text and "Sandbox" in r.text
    assert await batches_of(web_client.user.workspace_id) == []  # a preview stores nothing


async def test_start_makes_the_api_batch_and_download_adds_columns(web_client: Any) -> None:
    preview = await _upload(web_client, "people.csv", PEOPLE)
    r = await _start(web_client, preview, find_phones="1")
    batch_id = _batch_id(r, "enrich")
    (batch,) = await batches_of(web_client.user.workspace_id)
    assert (batch.kind, batch.test, batch.name, batch.total_rows) == (
        "enrich",
        True,
        "people.csv",
        2,
    )
    assert batch.params["contract"] == "003" and batch.params["find_phone"] is True
    assert batch.params["csv_header"] == ["First Name", "Last Name", "Company Website", "Notes"]
    first = (await inputs_of(batch_id))[0]
    assert {k: first[k] for k in ("first_name", "last_name", "domain")} == {
        "first_name": "John",
        "last_name": "Doe",
        "domain": "acme.com",
    }
    page = await web_client.get(r.headers["location"])
    assert "Enriching 2 rows" in page.text and 'http-equiv="refresh"' in page.text
    assert (await web_client.get(f"/enrich/{batch_id}/download.csv")).status_code == 303
    await finish_with(
        batch_id,
        [
            {
                "status": "found",
                "email": "john.doe@acme.com",
                "score": 91,
                "verified": True,
                "evidence": "pattern",
                "phone": "+14155550192",
                "phone_type": "mobile",
            },
            {"status": "not_found", "email": None, "verified": False},
        ],
    )
    page = await web_client.get(f"/enrich/{batch_id}")
    assert "Download enriched CSV" in page.text and "john.doe@acme.com" in page.text
    body = await web_client.get(f"/enrich/{batch_id}/download.csv")
    assert body.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.text)))
    assert list(rows[0])[:4] == ["First Name", "Last Name", "Company Website", "Notes"]
    assert rows[0]["email"] == "john.doe@acme.com" and rows[0]["email_verified"] == "True"
    assert rows[0]["phone"] == "'+14155550192"  # a leading + could start a formula
    assert rows[0]["Notes"].startswith("'=HYPERLINK")  # the original cell, neutralised
    assert rows[1]["email"] == "" and rows[1]["enrich_status"] == "not_found"
    data = json.loads((await web_client.get(f"/enrich/{batch_id}/download.json")).text)
    assert data["rows"][0]["input"]["First Name"] == "John"
    assert data["rows"][0]["result"]["email"] == "john.doe@acme.com"


async def test_columns_not_recognised_can_be_chosen(web_client: Any) -> None:
    data = b"Given,Family,Employer site\nJohn,Doe,acme.com\n"
    preview = await _upload(web_client, "odd.csv", data)
    assert preview.status_code == 200 and _selected(preview.text) == {}
    assert "Choose columns for the person" in preview.text
    r = await _start(web_client, preview)  # nothing chosen: the preview again, with the reason
    assert r.status_code == 400 and "Choose columns for" in r.text and _payload(r.text)
    r = await _start(
        web_client,
        preview,
        map_first_name="Given",
        map_last_name="Family",
        map_domain="Employer site",
    )
    batch_id = _batch_id(r, "enrich")
    (row,) = await inputs_of(batch_id)
    assert (row["first_name"], row["last_name"], row["domain"]) == ("John", "Doe", "acme.com")


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        (
            "big.csv",
            b"name,domain\n" + b"Ann Lee,acme.com\n" * (5 * MB // 17 + 1),
            413,
            "larger than 5 MB",
        ),
        ("people.xlsx", b"PK\x03\x04", 415, "is not a CSV file"),
        ("people.csv", b"\x89PNG\r\n\x1a\n\x00\x00", 415, "it is not text"),
        ("people.csv", b"", 400, "is empty"),
        ("people.csv", b"john@acme.com,John,Doe\n", 400, "looks like data, not column names"),
        ("people.csv", b"name\nAnn\n", 400, "No usable columns"),
        ("people.csv", b"name,domain\n", 400, "no rows to enrich"),
        (
            "people.csv",
            b"name,domain\n" + b"A B,c.io\n" * 10_001,
            413,
            "10,001 rows; at most 10,000",
        ),
    ],
    ids=[
        "too-big",
        "spreadsheet",
        "binary",
        "empty",
        "no-header",
        "no-columns",
        "no-rows",
        "too-many",
    ],
)
async def test_bad_uploads_are_refused_with_a_clear_message(
    web_client: Any, name: str, data: bytes, status: int, message: str
) -> None:
    r = await _upload(web_client, name, data)
    assert r.status_code == status, r.text[:300]
    assert message in r.text and 'action="/enrich"' in r.text  # the upload form again
    assert await batches_of(web_client.user.workspace_id) == []


async def test_a_tampered_payload_is_refused(web_client: Any) -> None:
    r = await web_client.post(
        "/enrich/start",
        data={"csrf_token": web_client.csrf, "payload": "not-base64!", "map_full_name": "x"},
    )
    assert r.status_code == 400 and "upload the file again" in r.text
    assert await batches_of(web_client.user.workspace_id) == []


async def test_live_mode_shows_the_cost_and_refuses_a_short_balance(
    web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user(credits=Decimal(5))
    async with _client(web_app) as client:
        client.csrf = await sign_in(client, user)  # type: ignore[attr-defined]
        client.cookies.set("ls_mode", "live")
        preview = await _upload(client, "people.csv", PEOPLE)
        assert "at most 2 for 2 rows" in preview.text and "at most 10 more" in preview.text
        r = await _start(client, preview, find_phones="1")  # 2 x (1 + 5) = 12 > 5
        assert r.status_code == 402 and "balance is 5" in r.text
        assert await batches_of(user.workspace_id) == []
        r = await _start(client, preview)  # emails only: at most 2
        _batch_id(r, "enrich")
    (batch,) = await batches_of(user.workspace_id)
    assert batch.test is False and batch.params["find_phone"] is False


async def test_another_workspaces_enrichment_is_not_found(
    web_client: Any, web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    other = await dashboard_user()
    async with _client(web_app) as client:
        client.csrf = await sign_in(client, other)  # type: ignore[attr-defined]
        batch_id = _batch_id(await _start(client, await _upload(client, "s.csv", PEOPLE)), "enrich")
    await finish_with(batch_id, [{"status": "found", "email": "secret@acme.com"}, None])
    for suffix in ("", "/fragment", "/download.csv", "/download.json"):
        r = await web_client.get(f"/enrich/{batch_id}{suffix}")
        assert r.status_code == 404 and "secret@acme.com" not in r.text, suffix
    assert (await web_client.get(f"/verify/{batch_id}")).status_code == 404


async def test_posts_without_the_csrf_token_are_refused(web_client: Any) -> None:
    preview = await _upload(web_client, "people.csv", PEOPLE)
    r = await web_client.post("/enrich", files={"file": ("people.csv", PEOPLE, "text/csv")})
    assert r.status_code == 403
    r = await web_client.post(
        "/enrich/start", data={"payload": _payload(preview.text), "map_full_name": "First Name"}
    )
    assert r.status_code == 403
    assert await batches_of(web_client.user.workspace_id) == []


async def test_cells_from_the_file_are_escaped(web_client: Any) -> None:
    xss = "<script>alert(1)</script>"
    data = f"name,domain,{xss}\n{xss},acme.com,x\n".encode()
    preview = await _upload(web_client, f"{xss}.csv", data)
    assert preview.status_code == 200
    assert xss not in preview.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in preview.text


# -- in the browser ---------------------------------------------------------------------------


def test_upload_a_csv_and_download_it_enriched(page: Any) -> None:
    from playwright.sync_api import expect

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Enrich CSV").click()
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": PEOPLE}]
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_label("First name", exact=True)).to_have_value("First Name")
    expect(page.get_by_label("Company domain or website")).to_have_value("Company Website")
    page.get_by_role("button", name="Start enrichment").click()
    page.wait_for_url(re.compile(r".*/enrich/[0-9a-f-]{36}$"))
    link = page.get_by_role("link", name="Download enriched CSV")
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as download:
        link.click()
    text = download.value.path().read_text(encoding="utf-8")
    rows = {r["First Name"]: r for r in csv.DictReader(io.StringIO(text))}
    # John Doe at acme.com is the documents' own example: the sandbox always finds him.
    assert rows["John"]["email"].endswith("@acme.com")
    assert rows["John"]["enrich_status"] == "found"
    assert rows["John"]["Notes"].startswith("'=HYPERLINK")
    assert set(rows) == {"John", "Jane"}
