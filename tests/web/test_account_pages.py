"""Overview, billing, providers and history: what they show and what their forms change."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal

import httpx
from sqlalchemy import select

from leadsmith.accounts.models import Workspace
from leadsmith.batches.models import Batch
from leadsmith.billing import ledger
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.enrich.providers import workspace_key
from leadsmith.history.models import RequestLog
from leadsmith.search.models import SearchRun


def _ws(client: httpx.AsyncClient) -> str:
    return str(client.user.workspace_id)  # type: ignore[attr-defined]


def _csrf(client: httpx.AsyncClient) -> str:
    return str(client.csrf)  # type: ignore[attr-defined]


async def _workspace(workspace_id: str) -> Workspace:
    async with read_scope() as session:
        workspace = await session.get(Workspace, workspace_id, populate_existing=True)
    assert workspace is not None
    return workspace


async def test_overview_shows_plan_credits_charts_and_recent_jobs(
    web_client: httpx.AsyncClient,
) -> None:
    empty = await web_client.get("/")
    assert "No searches yet" in empty.text and "No batches yet" in empty.text
    workspace = await _workspace(_ws(web_client))
    async with session_scope() as session:
        await ledger.charge(
            session, workspace, Decimal("2.5"), operation="verify", reference="t:overview"
        )
        session.add(
            SearchRun(
                workspace_id=workspace.id,
                contract="000",
                prompt="CTOs at fintech startups in Berlin",
                normalised_prompt="cto fintech berlin",
                fetch_count=25,
                status="completed",
                sandbox=True,
                correlation_id=uuid.uuid4().hex,
                total_found=25,
            )
        )
        session.add(
            Batch(workspace_id=workspace.id, kind="verify", name="march list", status="processing")
        )
        for _ in range(3):
            session.add(_request(workspace.id, "/v1/verify", 200))
    page = await web_client.get("/")
    assert page.status_code == 200
    text = page.text
    assert "Pro" in text and "1,997.5" in text  # 2,000 granted, 2.5 spent
    assert "CTOs at fintech startups in Berlin" in text and "march list" in text
    # Two charts of 30 daily bars; today's bars carry today's figures.
    assert text.count('<rect class="bar"') == 30 and text.count('<rect class="bar-alt"') == 30
    today = utcnow().date().isoformat()
    assert f"{today}: 2.5 credits" in text and f"{today}: 3 requests" in text


def _request(workspace_id: str, route: str, status: int, key: str | None = None) -> RequestLog:
    return RequestLog(
        workspace_id=workspace_id,
        at=utcnow(),
        key_prefix=key,
        method="POST",
        route=route,
        status=status,
        credits_millis=0,
        request_id="req_" + uuid.uuid4().hex[:24],
    )


async def test_billing_overage_and_spend_cap(web_client: httpx.AsyncClient) -> None:
    csrf, workspace_id = _csrf(web_client), _ws(web_client)
    page = await web_client.get("/billing")
    assert "Allow overage" in page.text and "no cap" in page.text
    await web_client.post("/billing/overage", data={"csrf_token": csrf, "enabled": "1"})
    assert (await _workspace(workspace_id)).overage_enabled
    assert "Overage is on" in (await web_client.get("/billing")).text

    await web_client.post("/billing/spend-cap", data={"csrf_token": csrf, "spend_cap": "12.5"})
    assert (await _workspace(workspace_id)).spend_cap_millis == 12_500
    page = await web_client.get("/billing")
    assert "capped at 12.5 credits per hour" in page.text and "Remove the cap" in page.text

    for bad in ("-1", "lots", "nan", "inf"):
        await web_client.post("/billing/spend-cap", data={"csrf_token": csrf, "spend_cap": bad})
        assert "Enter the cap as a number" in (await web_client.get("/billing")).text
    assert (await _workspace(workspace_id)).spend_cap_millis == 12_500

    await web_client.post("/billing/spend-cap", data={"csrf_token": csrf, "clear": "1"})
    assert (await _workspace(workspace_id)).spend_cap_millis is None
    await web_client.post("/billing/overage", data={"csrf_token": csrf, "enabled": "0"})
    assert not (await _workspace(workspace_id)).overage_enabled


async def test_provider_keys_are_never_shown_back(web_client: httpx.AsyncClient) -> None:
    csrf, workspace_id = _csrf(web_client), _ws(web_client)
    key = "hunter-secret-key-ABCD9876"
    r = await web_client.post("/providers/hunter/key", data={"csrf_token": csrf, "api_key": key})
    assert r.status_code == 303
    workspace = await _workspace(workspace_id)
    stored = (workspace.settings or {})["providers"]["hunter"]["api_key"]
    assert key not in stored and stored.startswith("sealed:v1:")  # never kept in clear
    assert workspace_key(workspace, "hunter") == key
    page = await web_client.get("/providers")
    assert "Saved the Hunter.io key ending in 9876" in page.text
    assert key not in page.text and "••••9876" in page.text

    await web_client.post("/providers/hunter/key", data={"csrf_token": csrf, "clear": "1"})
    settings = (await _workspace(workspace_id)).settings or {}
    assert "api_key" not in settings["providers"]["hunter"]
    r = await web_client.post("/providers/smtp/key", data={"csrf_token": csrf, "api_key": "x"})
    assert r.status_code == 404


async def test_provider_order_and_switches(web_client: httpx.AsyncClient) -> None:
    csrf, workspace_id = _csrf(web_client), _ws(web_client)
    form = {"csrf_token": csrf}
    positions = {"local": 5, "smtp": 1, "web": 2, "hunter": 3, "pdl": 4}
    for name, position in positions.items():
        form[f"position_{name}"] = str(position)
        if name != "web":
            form[f"enabled_{name}"] = "1"
    await web_client.post("/providers/order", data=form)
    providers = ((await _workspace(workspace_id)).settings or {})["providers"]
    assert providers["order"] == ["smtp", "web", "hunter", "pdl", "local"]
    assert providers["web"]["enabled"] is False and providers["smtp"]["enabled"] is True
    page = await web_client.get("/providers")
    assert "Switched off: Web crawler" in page.text
    health = await web_client.get("/providers/health", headers={"X-Leadsmith-Fragment": "1"})
    assert health.status_code == 200 and "data-done" in health.text
    assert "<html" not in health.text  # a bare fragment for app.js
    names = "Local index|SMTP finder|Web crawler|Hunter.io|People Data Labs"
    rows = re.findall(rf"<td>({names})</td>", health.text)
    assert rows == ["SMTP finder", "Web crawler", "Hunter.io", "People Data Labs", "Local index"]
    assert "no API key" in health.text
    whole = await web_client.get("/providers/health")
    assert "<html" in whole.text and "Back to providers" in whole.text


async def test_history_filters_and_pages(web_client: httpx.AsyncClient) -> None:
    workspace_id = _ws(web_client)
    empty = await web_client.get("/history")
    assert "No requests yet" in empty.text
    async with session_scope() as session:
        for n in range(55):
            session.add(_request(workspace_id, f"/v1/verify/{n}", 200, "lsk_live_Abc123"))
        session.add(_request(workspace_id, "/api/v1/enrich", 402, "lsk_test_Zzz999"))
        session.add(_request(workspace_id, "/api/v1/me", 500))
    page = await web_client.get("/history")
    assert page.text.count("<tr>") == 51  # header + 50 rows
    older = re.search(r'href="(/history\?before=\d+)"', page.text)
    assert older
    second = await web_client.get(older.group(1))
    assert second.text.count("<tr>") == 1 + 7 and "Newest" in second.text

    four = await web_client.get("/history?status=4xx")
    assert "/api/v1/enrich" in four.text and "/v1/verify/" not in four.text
    five = await web_client.get("/history?status=5xx")
    assert "/api/v1/me" in five.text and "dashboard" in five.text
    by_route = await web_client.get("/history?route=verify/5")
    assert by_route.text.count("<tr>") == 1 + 6  # /v1/verify/5 and /v1/verify/50..54
    by_key = await web_client.get("/history?key=lsk_test")
    assert "/api/v1/enrich" in by_key.text and by_key.text.count("<tr>") == 2
    none = await web_client.get("/history?route=%25")  # LIKE wildcards are literal
    assert "No requests match" in none.text

    async with read_scope() as session:
        mine = await session.scalar(
            select(RequestLog.id).where(RequestLog.workspace_id == workspace_id).limit(1)
        )
    assert mine is not None


async def test_history_shows_only_this_workspace(web_client: httpx.AsyncClient) -> None:
    other = f"ws-other-{uuid.uuid4().hex[:6]}"
    async with session_scope() as session:
        workspace = Workspace(name=other)
        session.add(workspace)
        await session.flush()
        entry = _request(workspace.id, "/v1/other-workspace-route", 200)
        entry.at = utcnow() - timedelta(minutes=1)
        session.add(entry)
    page = await web_client.get("/history")
    assert "/v1/other-workspace-route" not in page.text
