"""Dashboard bulk verification: paste or upload, validation, progress, download."""

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
from sqlalchemy import select, update

from leadsmith.batches.models import Batch, BatchRow
from leadsmith.db.engine import session_scope
from tests.web.conftest import DashboardUserFactory, _client, sign_in

MB = 1024 * 1024


def _batch_id(response: httpx.Response, kind: str = "verify") -> str:
    assert response.status_code == 303, response.text[:800]
    found = re.fullmatch(rf"/{kind}/([0-9a-f-]{{36}})", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


async def batches_of(workspace_id: str) -> list[Batch]:
    async with session_scope() as session:
        return list(
            (
                await session.execute(
                    select(Batch)
                    .where(Batch.workspace_id == workspace_id)
                    .order_by(Batch.created_at)
                )
            ).scalars()
        )


async def inputs_of(batch_id: str) -> list[dict[str, Any]]:
    async with session_scope() as session:
        rows = (
            await session.execute(
                select(BatchRow.input).where(BatchRow.batch_id == batch_id).order_by(BatchRow.idx)
            )
        ).scalars()
        return list(rows)


async def finish_with(batch_id: str, results: list[dict[str, Any] | None]) -> None:
    """Mark a batch's rows done with these results, as its job would (None: left pending)."""
    async with session_scope() as session:
        rows = list(
            (
                await session.execute(
                    select(BatchRow).where(BatchRow.batch_id == batch_id).order_by(BatchRow.idx)
                )
            ).scalars()
        )
        for row, result in zip(rows, results, strict=True):
            if result is not None:
                row.state, row.result, row.found = "done", result, result.get("status") == "found"
        await session.execute(
            update(Batch)
            .where(Batch.id == batch_id)
            .values(status="completed", processed_rows=sum(r is not None for r in results))
        )


async def _verify(client: Any, emails: str = "", **files: Any) -> httpx.Response:
    return await client.post(
        "/verify",
        data={"csrf_token": client.csrf, "emails": emails},
        files=files or {"file": ("", b"", "application/octet-stream")},
    )


async def test_page_explains_and_lists_nothing_yet(web_client: Any) -> None:
    r = await web_client.get("/verify")
    assert r.status_code == 200 and 'enctype="multipart/form-data"' in r.text
    assert "Nothing here yet" in r.text


async def test_pasted_addresses_start_a_sandbox_batch(web_client: Any) -> None:
    r = await _verify(web_client, "a@b.example\nA@B.example, c@d.example;\nnot-an-address\n\n")
    batch_id = _batch_id(r)
    (batch,) = await batches_of(web_client.user.workspace_id)
    assert (batch.id, batch.kind, batch.test, batch.status) == (batch_id, "verify", True, "queued")
    assert await inputs_of(batch_id) == [{"email": "a@b.example"}, {"email": "c@d.example"}]
    page = await web_client.get(r.headers["location"])
    assert "Verifying 2 address(es). 1 piece(s) without an @ were left out." in page.text
    assert f'data-poll="/verify/{batch_id}/fragment"' in page.text
    assert 'http-equiv="refresh"' in page.text and "Download CSV" not in page.text
    early = await web_client.get(f"/verify/{batch_id}/download.csv")
    assert early.status_code == 303  # not finished: back to the page, which says so
    listing = await web_client.get("/verify")
    assert f'href="/verify/{batch_id}"' in listing.text


async def test_uploaded_csv_and_text_files(web_client: Any) -> None:
    csv_file = b"Name,Work Email\nAnn,ann@acme.example\nBob,bob@acme.example\n"
    batch_id = _batch_id(await _verify(web_client, file=("people.csv", csv_file, "text/csv")))
    assert [r["email"] for r in await inputs_of(batch_id)] == [
        "ann@acme.example",
        "bob@acme.example",
    ]
    txt = b"x@one.example\r\ny@two.example\r\n"
    batch_id = _batch_id(await _verify(web_client, file=("list.txt", txt, "text/plain")))
    assert [r["email"] for r in await inputs_of(batch_id)] == ["x@one.example", "y@two.example"]
    names = [b.name for b in await batches_of(web_client.user.workspace_id)]
    assert names == ["people.csv", "list.txt"]


@pytest.mark.parametrize(
    ("emails", "upload", "status", "message"),
    [
        ("", None, 400, "No email addresses found"),
        (
            "",
            ("big.csv", b"a@b.example\n" * (5 * MB // 12 + 1), "text/csv"),
            413,
            "larger than 5 MB",
        ),
        ("", ("sheet.xlsx", b"PK\x03\x04 not csv", "application/octet-stream"), 415, "not a CSV"),
        ("", ("x.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "text/csv"), 415, "it is not text"),
        ("\n".join(f"u{i}@x.example" for i in range(10_001)), None, 413, "at most 10,000"),
    ],
    ids=["empty", "too-big", "spreadsheet", "binary", "too-many"],
)
async def test_bad_input_is_refused_with_a_clear_message(
    web_client: Any, emails: str, upload: tuple[str, bytes, str] | None, status: int, message: str
) -> None:
    files = {"file": upload} if upload else {}
    r = await _verify(web_client, emails, **files)
    assert r.status_code == status
    assert message in r.text and 'action="/verify"' in r.text  # the form, shown again
    assert await batches_of(web_client.user.workspace_id) == []


async def test_live_mode_refuses_when_the_balance_is_short(
    web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    user = await dashboard_user(credits=Decimal("0.1"))
    async with _client(web_app) as client:
        client.csrf = await sign_in(client, user)  # type: ignore[attr-defined]
        client.cookies.set("ls_mode", "live")
        r = await _verify(client, "a@b.example\nc@d.example")
        assert r.status_code == 402 and "balance is 0.1" in r.text
        assert "a@b.example" in r.text  # what was pasted is kept
        assert "0.1 credit per address" in (await client.get("/verify")).text
        r = await _verify(client, "a@b.example")
        _batch_id(r)
    (batch,) = await batches_of(user.workspace_id)
    assert batch.test is False


async def test_finished_batch_shows_counts_and_downloads(web_client: Any) -> None:
    batch_id = _batch_id(await _verify(web_client, "ok@a.example\nbad@a.example\nx@a.example"))
    await finish_with(
        batch_id,
        [
            {"email": "ok@a.example", "status": "valid", "reason": "accepted", "score": 95},
            {"email": "=HYPERLINK(1)@a.example", "status": "invalid", "reason": "no_mailbox"},
            {"email": "x@a.example", "status": "risky", "reason": "catch_all", "score": 50},
        ],
    )
    page = await web_client.get(f"/verify/{batch_id}")
    assert 'http-equiv="refresh"' not in page.text and "Download CSV" in page.text
    counts = dict(re.findall(r'data-verdict="(\w+)">(\d+)<', page.text))
    assert counts == {"valid": "1", "risky": "1", "invalid": "1", "unknown": "0"}
    fragment = await web_client.get(f"/verify/{batch_id}/fragment")
    assert "data-done" in fragment.text
    body = await web_client.get(f"/verify/{batch_id}/download.csv")
    assert body.status_code == 200 and body.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.text)))
    assert [r["status"] for r in rows] == ["valid", "invalid", "risky"]
    assert rows[1]["email"] == "'=HYPERLINK(1)@a.example"
    data = json.loads((await web_client.get(f"/verify/{batch_id}/download.json")).text)
    assert data["status"] == "completed" and len(data["results"]) == 3


async def test_another_workspaces_batch_is_not_found(
    web_client: Any, web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    other = await dashboard_user()
    async with _client(web_app) as client:
        client.csrf = await sign_in(client, other)  # type: ignore[attr-defined]
        batch_id = _batch_id(await _verify(client, "secret@other.example"))
    await finish_with(batch_id, [{"email": "secret@other.example", "status": "valid"}])
    for suffix in ("", "/fragment", "/download.csv", "/download.json"):
        r = await web_client.get(f"/verify/{batch_id}{suffix}")
        assert r.status_code == 404 and "secret@other.example" not in r.text, suffix
    # An enrichment id is not a verification either.
    assert (await web_client.get(f"/enrich/{batch_id}")).status_code == 404


async def test_posting_without_the_csrf_token_is_refused(web_client: Any) -> None:
    r = await web_client.post("/verify", data={"emails": "a@b.example"})
    assert r.status_code == 403
    r = await web_client.post(
        "/verify", data={"emails": "a@b.example"}, files={"file": ("a.txt", b"c@d.example")}
    )
    assert r.status_code == 403
    assert await batches_of(web_client.user.workspace_id) == []


async def test_values_from_outside_are_escaped(web_client: Any) -> None:
    xss = "<script>alert(1)</script>"
    batch_id = _batch_id(await _verify(web_client, f"{xss}@x.example"))
    await finish_with(batch_id, [{"email": f"{xss}@x.example", "status": "invalid", "reason": xss}])
    page = await web_client.get(f"/verify/{batch_id}")
    assert xss not in page.text and "&lt;script&gt;" in page.text


async def test_signed_out_visitors_are_sent_to_sign_in(anon_client: Any) -> None:
    for url in ("/verify", "/enrich", "/search", "/lists", "/contacts", "/suppression"):
        r = await anon_client.get(url)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), url


# -- in the browser ---------------------------------------------------------------------------


def test_verify_pasted_addresses_and_download(page: Any) -> None:
    from playwright.sync_api import expect

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Verify").click()
    page.get_by_label("Paste addresses, one per line").fill(
        "john.doe@acme.com\nsupport@acme.com\nnot-an-address\nsomeone@mailinator.com"
    )
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(r".*/verify/[0-9a-f-]{36}$"))
    expect(page.get_by_text("3 of 3 checked")).to_be_visible(timeout=20_000)
    link = page.get_by_role("link", name="Download CSV")
    expect(link).to_be_visible()
    shown = sum(
        int(page.locator(f'[data-verdict="{v}"]').inner_text())
        for v in ("valid", "risky", "invalid", "unknown")
    )
    assert shown == 3
    with page.expect_download() as download:
        link.click()
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["email"] for r in rows] == [
        "john.doe@acme.com",
        "support@acme.com",
        "someone@mailinator.com",
    ]
    assert all(r["status"] in ("valid", "risky", "invalid", "unknown") for r in rows)
