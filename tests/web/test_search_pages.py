"""Dashboard lead search: start, progress, results, import, export, find more, cancel."""

from __future__ import annotations

import csv
import io
import re
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from leadsmith.contacts.models import Contact, ContactList, ListMember
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.engine import session_scope
from leadsmith.search import runs
from leadsmith.search.models import SearchResult, SearchRun
from tests.web.conftest import DashboardUserFactory

XSS = "<script>alert(1)</script>"


def _run_id(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text[:800]
    found = re.fullmatch(r"/search/([0-9a-f-]{36})", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


async def _start(client: Any, prompt: str = "Founders in India", **fields: str) -> str:
    data = {"csrf_token": client.csrf, "prompt": prompt, "fetch_count": "5", **fields}
    return _run_id(await client.post("/search", data=data))


async def _run(run_id: str) -> SearchRun:
    """Work the run in this process (the tests' app has no job runtime)."""
    await runs.execute(run_id)
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id)
        assert run is not None
        return run


async def _seed_run(workspace_id: str, people: list[dict[str, Any]]) -> str:
    """A finished run with the given results, written straight to the database."""
    run_id = new_id()
    async with session_scope() as session:
        session.add(
            SearchRun(
                id=run_id,
                workspace_id=workspace_id,
                contract="web",
                prompt="seeded",
                normalised_prompt="seeded",
                filters={},
                fetch_count=len(people),
                status="completed",
                test=True,
                sandbox=True,
                correlation_id="corr_" + uuid.uuid4().hex[:12],
                total_found=len(people),
                progress=100,
                cursors={},
                completed_at=utcnow(),
            )
        )
        await session.flush()
        for i, person in enumerate(people):
            session.add(
                SearchResult(
                    workspace_id=workspace_id,
                    run_id=run_id,
                    position=i,
                    score=50.0,
                    name_key=f"k{i}",
                    source="sandbox",
                    **person,
                )
            )
    return run_id


async def test_search_page_has_the_form_and_says_what_to_do(web_client: Any) -> None:
    r = await web_client.get("/search")
    assert r.status_code == 200
    assert 'name="prompt"' in r.text and 'action="/search"' in r.text
    assert "No searches yet" in r.text


async def test_preview_shows_parsed_filters_with_explicit_ones_winning(web_client: Any) -> None:
    r = await web_client.post(
        "/search/preview",
        data={"csrf_token": web_client.csrf, "prompt": "Founders in India", "country": "Germany"},
    )
    assert r.status_code == 200
    assert "What the search will look for" in r.text
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", r.text))
    assert facts["seniorities"] == "founder"
    assert facts["locations"] == "DE"  # the explicit country replaced the prompt's India
    async with session_scope() as session:
        n = await session.scalar(
            select(func.count())
            .select_from(SearchRun)
            .where(SearchRun.workspace_id == web_client.user.workspace_id)
        )
    assert n == 0  # a preview starts nothing


async def test_sandbox_search_runs_shows_results_and_exports(web_client: Any) -> None:
    run_id = await _start(web_client, industry="", seniority="founder")
    page = await web_client.get(f"/search/{run_id}")
    assert page.status_code == 200
    assert f'data-poll="/search/{run_id}/fragment?page=1"' in page.text
    assert 'http-equiv="refresh"' in page.text  # the no-JS fallback while it runs
    assert "Cancel search" in page.text
    run = await _run(run_id)
    assert (run.status, run.test, run.sandbox, run.contract) == ("completed", True, True, "web")
    assert run.request_filters == {"seniority": "founder"}
    assert run.total_found == 5 and run.list_id is not None  # saved to a new list by default
    fragment = await web_client.get(f"/search/{run_id}/fragment")
    assert fragment.status_code == 200
    assert "data-done" in fragment.text and "Find more" in fragment.text
    done = await web_client.get(f"/search/{run_id}")
    assert 'http-equiv="refresh"' not in done.text
    assert done.text.count('name="result_id"') == 5
    async with session_scope() as session:
        names = (
            await session.execute(select(SearchResult.name).where(SearchResult.run_id == run_id))
        ).scalars()
        for name in names:
            assert name in done.text
    exported = await web_client.get(f"/search/{run_id}/export.csv")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 5 and all(r["email"] for r in rows)
    listing = await web_client.get("/search")
    assert f'href="/search/{run_id}"' in listing.text


async def test_find_more_continues_on_the_same_list_without_repeats(web_client: Any) -> None:
    first = await _start(web_client)
    await _run(first)
    more = await web_client.post(f"/search/{first}/more", data={"csrf_token": web_client.csrf})
    second = _run_id(more)
    assert second != first
    run2 = await _run(second)
    async with session_scope() as session:
        run1 = await session.get(SearchRun, first)
        assert run1 is not None and run2.list_id == run1.list_id
        emails = (
            await session.execute(
                select(SearchResult.email).where(SearchResult.run_id.in_([first, second]))
            )
        ).scalars()
        found = [e for e in emails if e]
    assert run2.total_found == 5
    assert len(found) == len(set(found)) == 10  # nobody twice


async def test_find_more_needs_a_list(web_client: Any) -> None:
    run_id = await _start(web_client, save_to="none")
    await _run(run_id)
    page = await web_client.get(f"/search/{run_id}")
    assert "Find more</button>" not in page.text and "save" in page.text
    r = await web_client.post(f"/search/{run_id}/more", data={"csrf_token": web_client.csrf})
    assert r.status_code == 303 and r.headers["location"] == f"/search/{run_id}"
    shown = await web_client.get(r.headers["location"])
    assert "Find more continues a search saved to a list" in shown.text


async def test_cancel_while_running(web_client: Any) -> None:
    run_id = await _start(web_client)
    r = await web_client.post(f"/search/{run_id}/cancel", data={"csrf_token": web_client.csrf})
    assert r.status_code == 303
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id)
        assert run is not None and run.status == "cancelled"
    page = await web_client.get(r.headers["location"])
    assert "Search cancelled" in page.text and "Cancel search" not in page.text


async def test_import_selected_into_a_new_list(web_client: Any) -> None:
    run_id = await _start(web_client, save_to="none")
    await _run(run_id)
    async with session_scope() as session:
        rows = list(
            (
                await session.execute(
                    select(SearchResult)
                    .where(SearchResult.run_id == run_id)
                    .order_by(SearchResult.position)
                )
            ).scalars()
        )
    picked = [rows[0].id, rows[1].id]
    r = await web_client.post(
        f"/search/{run_id}/import",
        data={
            "csrf_token": web_client.csrf,
            "result_id": picked,
            "target": "new",
            "new_list_name": "Picked founders",
        },
    )
    assert r.status_code == 303
    list_id = r.headers["location"].removeprefix("/lists/")
    page = await web_client.get(r.headers["location"])
    assert "Imported 2 new contacts" in page.text and "Picked founders" in page.text
    assert rows[0].email in page.text and rows[1].email in page.text
    assert rows[2].email not in page.text
    async with session_scope() as session:
        members = await session.scalar(
            select(func.count()).select_from(ListMember).where(ListMember.list_id == list_id)
        )
    assert members == 2
    # Importing the same people again into the same list adds nobody.
    again = await web_client.post(
        f"/search/{run_id}/import",
        data={"csrf_token": web_client.csrf, "result_id": picked, "target": list_id},
    )
    shown = await web_client.get(again.headers["location"])
    assert "Imported 0 new contacts and skipped 2" in shown.text


async def test_import_with_nothing_ticked_says_so(web_client: Any) -> None:
    run_id = await _seed_run(web_client.user.workspace_id, [{"name": "A B", "email": "a@b.io"}])
    r = await web_client.post(
        f"/search/{run_id}/import", data={"csrf_token": web_client.csrf, "target": "new"}
    )
    page = await web_client.get(r.headers["location"])
    assert "Tick the people to import first" in page.text
    async with session_scope() as session:
        lists = await session.scalar(
            select(func.count())
            .select_from(ContactList)
            .where(ContactList.workspace_id == web_client.user.workspace_id)
        )
    assert lists == 0


async def test_outside_values_are_escaped(web_client: Any) -> None:
    run_id = await _seed_run(
        web_client.user.workspace_id,
        [
            {
                "name": XSS,
                "company": '<img src=x onerror="alert(2)">',
                "role": XSS,
                "location": XSS,
                "email": "x@evil.example",
                "phone": XSS[:30],
                "linkedin_url": "javascript:alert(3)",
                "data": {"provenance": [{"source": XSS, "url": "javascript:alert(4)"}]},
            }
        ],
    )
    for url in (f"/search/{run_id}", f"/search/{run_id}/fragment"):
        page = await web_client.get(url)
        assert page.status_code == 200
        assert XSS not in page.text and "<img src=x" not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "javascript:" not in page.text
    # Imported, the same person is escaped on the list and contacts pages too.
    r = await web_client.post(
        f"/search/{run_id}/import",
        data={"csrf_token": web_client.csrf, "result_id": _ids(page.text), "target": "new"},
    )
    for url in (r.headers["location"], "/contacts", "/contacts?q=script"):
        shown = await web_client.get(url)
        assert XSS not in shown.text and "&lt;script&gt;" in shown.text
        assert "javascript:" not in shown.text


def _ids(html: str) -> list[str]:
    return re.findall(r'name="result_id" value="([^"]+)"', html)


async def test_csv_export_neutralises_formulas(web_client: Any) -> None:
    run_id = await _seed_run(
        web_client.user.workspace_id,
        [
            {
                "name": '=HYPERLINK("http://evil.example","click")',
                "company": "+cmd|' /C calc'!A0",
                "email": "f@formula.example",
            }
        ],
    )
    r = await web_client.get(f"/search/{run_id}/export.csv")
    row = next(csv.DictReader(io.StringIO(r.text)))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["company"].startswith("'+")


async def test_another_workspaces_run_is_not_found(
    web_client: Any, dashboard_user: DashboardUserFactory
) -> None:
    other = await dashboard_user()
    run_id = await _seed_run(other.workspace_id, [{"name": "Secret Person", "email": "s@p.io"}])
    for url in (
        f"/search/{run_id}",
        f"/search/{run_id}/fragment",
        f"/search/{run_id}/export.csv",
        f"/search/{uuid.uuid4()}",
    ):
        r = await web_client.get(url)
        assert r.status_code == 404, url
        assert "Secret Person" not in r.text and "<html" in r.text
    for action in ("cancel", "more", "import"):
        r = await web_client.post(
            f"/search/{run_id}/{action}", data={"csrf_token": web_client.csrf, "result_id": "x"}
        )
        assert r.status_code == 404, action


@pytest.mark.parametrize(
    "path", ["/search", "/search/preview", "/search/{run}/import", "/search/{run}/cancel"]
)
async def test_posts_without_the_csrf_token_are_refused(web_client: Any, path: str) -> None:
    run_id = await _seed_run(web_client.user.workspace_id, [{"name": "A B", "email": "a@b.io"}])
    r = await web_client.post(
        path.format(run=run_id), data={"prompt": "Founders in India", "target": "new"}
    )
    assert r.status_code == 403
    async with session_scope() as session:
        runs_now = await session.scalar(
            select(func.count())
            .select_from(SearchRun)
            .where(SearchRun.workspace_id == web_client.user.workspace_id)
        )
        run = await session.get(SearchRun, run_id)
        contacts = await session.scalar(
            select(func.count())
            .select_from(Contact)
            .where(Contact.workspace_id == web_client.user.workspace_id)
        )
    assert runs_now == 1 and run is not None and run.status == "completed" and contacts == 0


async def test_bad_forms_are_shown_again_with_the_problem(web_client: Any) -> None:
    r = await web_client.post(
        "/search", data={"csrf_token": web_client.csrf, "prompt": "  ", "fetch_count": "5"}
    )
    assert r.status_code == 400 and "Describe who you are looking for" in r.text
    r = await web_client.post(
        "/search",
        data={"csrf_token": web_client.csrf, "prompt": "CTOs", "fetch_count": "100000"},
    )
    assert r.status_code == 400 and "from 1 to 500" in r.text
    assert 'value="CTOs"' not in r.text and ">CTOs</textarea>" in r.text  # kept in the form
    r = await web_client.post(
        "/search",
        data={"csrf_token": web_client.csrf, "prompt": "CTOs", "save_to": str(uuid.uuid4())},
    )
    assert r.status_code == 404 and "No list" in r.text


async def test_live_mode_runs_live_searches(web_client: Any) -> None:
    web_client.cookies.set("ls_mode", "live")
    run_id = await _start(web_client, save_to="none")
    async with session_scope() as session:
        run = await session.get(SearchRun, run_id)
        assert run is not None and (run.test, run.sandbox) == (False, False)


# -- in the browser ---------------------------------------------------------------------------


def test_sandbox_search_then_import_picked_people_to_a_new_list(page: Any) -> None:
    from playwright.sync_api import expect

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    page.get_by_label("Who are you looking for?").fill("Founders in India")
    page.get_by_label("How many people").fill("4")
    page.get_by_label("Save results to").select_option("none")
    page.get_by_role("button", name="Start search").click()
    page.wait_for_url(re.compile(r".*/search/[0-9a-f-]{36}$"))
    # The page polls its fragment until the run is done, then offers the results to pick.
    expect(page.get_by_text("4 of 4 found")).to_be_visible(timeout=20_000)
    picks = page.locator('input[name="result_id"]')
    expect(picks).to_have_count(4)
    names = [
        page.locator("table.results tbody tr").nth(i).locator("label").inner_text() for i in (0, 1)
    ]
    every = page.get_by_label("Select all on this page")
    every.check()  # search.js ticks every row, and unticks them again
    for i in range(4):
        expect(picks.nth(i)).to_be_checked()
    every.uncheck()
    expect(page.locator('input[name="result_id"]:checked')).to_have_count(0)
    picks.nth(0).check()
    picks.nth(1).check()
    page.get_by_label("New list name").fill("Browser picks")
    page.get_by_role("button", name="Import selected").click()
    page.wait_for_url(re.compile(r".*/lists/[0-9a-f-]{36}$"))
    expect(page.get_by_text("Imported 2 new contacts")).to_be_visible()
    expect(page.get_by_role("heading", name="Browser picks")).to_be_visible()
    for name in names:
        expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    page.get_by_role("link", name="All lists").click()
    expect(page.get_by_role("row").filter(has_text="Browser picks")).to_contain_text("2")


async def test_pages_need_nothing_the_content_security_policy_forbids(web_client: Any) -> None:
    """No inline scripts, event handlers or style attributes on any of these pages."""
    from tests.web.test_enrich_pages import PEOPLE
    from tests.web.test_lists_pages import _list_with

    ws = web_client.user.workspace_id
    run_id = await _seed_run(ws, [{"name": "A B", "email": "a@b.io", "linkedin_url": "https://x"}])
    running = await _start(web_client)
    list_id = await _list_with(ws, "L", [{"email": "c@d.io", "name": "C D"}])
    csrf = web_client.csrf
    pages = [
        await web_client.get(url)
        for url in (
            "/search",
            f"/search/{run_id}",
            f"/search/{running}",
            f"/search/{running}/fragment",
            "/lists",
            f"/lists/{list_id}",
            "/contacts",
            "/suppression",
            "/enrich",
            "/verify",
        )
    ]
    pages.append(await web_client.post("/search/preview", data={"csrf_token": csrf, "prompt": "x"}))
    pages.append(
        await web_client.post("/suppression/erase", data={"csrf_token": csrf, "email": "c@d.io"})
    )
    pages.append(
        await web_client.post(
            "/enrich", data={"csrf_token": csrf}, files={"file": ("p.csv", PEOPLE, "text/csv")}
        )
    )
    verify = await web_client.post(
        "/verify", data={"csrf_token": csrf, "emails": "a@b.io"}, files={"file": ("", b"")}
    )
    pages.append(await web_client.get(verify.headers["location"]))
    for page in pages:
        assert page.status_code == 200, page.url
        html = page.text
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), page.url
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), page.url
        assert "content-security-policy" in page.headers, page.url
