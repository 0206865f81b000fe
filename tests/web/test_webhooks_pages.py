"""The webhooks page: endpoints with a secret shown once, deliveries and the DLQ."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import select

from leadsmith.db.engine import read_scope, session_scope
from leadsmith.webhooks import service
from leadsmith.webhooks.models import DEAD, DELIVERED, PENDING, WebhookDelivery, WebhookEndpoint
from leadsmith.webhooks.signing import open_secret
from tests.web.conftest import DashboardUser


def test_add_webhook_secret_shown_once(page: Any, browser_user: DashboardUser) -> None:
    page.get_by_role("link", name="Webhooks").click()
    assert page.get_by_text("No endpoints yet").is_visible()
    page.get_by_label("URL").fill("http://127.0.0.1:9/hooks/leadsmith")
    page.get_by_role("button", name="Add endpoint").click()

    secret = page.locator("#reveal-value").input_value()
    assert secret.startswith("whsec_")
    assert page.get_by_text("it will not be shown again").is_visible()
    row = page.get_by_role("row").filter(has_text="http://127.0.0.1:9/hooks/leadsmith")
    assert "All events" in row.inner_text()

    page.reload()
    assert page.locator("#reveal-value").count() == 0
    assert secret not in page.content()


async def _endpoint(workspace_id: str, url: str = "http://127.0.0.1:9/h") -> WebhookEndpoint:
    async with session_scope() as session:
        endpoint, _ = await service.create_endpoint(session, workspace_id, url, ["*"])
        return endpoint


async def _delivery(endpoint: WebhookEndpoint, status: str) -> str:
    async with session_scope() as session:
        delivery = WebhookDelivery(
            workspace_id=endpoint.workspace_id,
            endpoint_id=endpoint.id,
            event="batch.completed",
            body=json.dumps({"event": "batch.completed"}),
            status=status,
            attempt_count=5 if status == DEAD else 1,
            last_status_code=500 if status == DEAD else 200,
            last_error="HTTP 500 from receiver" if status == DEAD else None,
        )
        session.add(delivery)
        await session.flush()
        return delivery.id


async def _statuses(ids: list[str]) -> list[str]:
    async with read_scope() as session:
        rows = await session.execute(
            select(WebhookDelivery.id, WebhookDelivery.status).where(WebhookDelivery.id.in_(ids))
        )
        found = dict(rows.all())
    return [found[i] for i in ids]


async def test_rotate_shows_the_new_secret_once(web_client: httpx.AsyncClient) -> None:
    endpoint = await _endpoint(web_client.user.workspace_id)  # type: ignore[attr-defined]
    r = await web_client.post(
        f"/webhooks/{endpoint.id}/rotate",
        data={"csrf_token": web_client.csrf},  # type: ignore[attr-defined]
    )
    assert r.status_code == 303
    page = await web_client.get("/webhooks")
    async with read_scope() as session:
        stored = await session.get(WebhookEndpoint, endpoint.id)
    assert stored is not None
    secret = open_secret(stored.secret_sealed)
    assert "New signing secret" in page.text and secret in page.text
    assert secret not in (await web_client.get("/webhooks")).text


async def test_deliveries_list_and_dead_letters_replay(web_client: httpx.AsyncClient) -> None:
    csrf = web_client.csrf  # type: ignore[attr-defined]
    endpoint = await _endpoint(web_client.user.workspace_id)  # type: ignore[attr-defined]
    dead_one, dead_two = await _delivery(endpoint, DEAD), await _delivery(endpoint, DEAD)
    done = await _delivery(endpoint, DELIVERED)

    page = await web_client.get("/webhooks?status=dead")
    assert "Replay all 2 dead" in page.text
    assert dead_one in page.text and dead_two in page.text and done not in page.text
    assert "HTTP 500" in page.text

    r = await web_client.post(f"/webhooks/deliveries/{dead_one}/replay", data={"csrf_token": csrf})
    assert r.status_code == 303
    assert await _statuses([dead_one, dead_two, done]) == [PENDING, DEAD, DELIVERED]
    assert "Replaying the delivery" in (await web_client.get("/webhooks")).text

    r = await web_client.post("/webhooks/deliveries/replay-dead", data={"csrf_token": csrf})
    assert r.status_code == 303
    assert await _statuses([dead_one, dead_two, done]) == [PENDING, PENDING, DELIVERED]
    page = await web_client.get("/webhooks?status=dead")
    assert "Replaying 1 dead delivery" in page.text and "No dead letters" in page.text


async def test_pause_and_delete_an_endpoint(web_client: httpx.AsyncClient) -> None:
    csrf = web_client.csrf  # type: ignore[attr-defined]
    workspace_id = web_client.user.workspace_id  # type: ignore[attr-defined]
    endpoint = await _endpoint(workspace_id, "http://127.0.0.1:9/paused")
    await web_client.post(
        f"/webhooks/{endpoint.id}/enabled", data={"csrf_token": csrf, "enabled": "0"}
    )
    async with read_scope() as session:
        paused = await session.get(WebhookEndpoint, endpoint.id)
    assert paused is not None and not paused.enabled
    page = await web_client.get("/webhooks")
    assert "Paused deliveries to http://127.0.0.1:9/paused" in page.text
    await web_client.post(f"/webhooks/{endpoint.id}/delete", data={"csrf_token": csrf})
    async with read_scope() as session:
        assert await session.get(WebhookEndpoint, endpoint.id) is None
    assert "No endpoints yet" in (await web_client.get("/webhooks")).text


async def test_endpoint_needs_events_and_a_sendable_url(web_client: httpx.AsyncClient) -> None:
    csrf = web_client.csrf  # type: ignore[attr-defined]
    await web_client.post("/webhooks", data={"csrf_token": csrf, "url": "http://127.0.0.1:9/x"})
    assert "Choose at least one event" in (await web_client.get("/webhooks")).text
    await web_client.post(
        "/webhooks", data={"csrf_token": csrf, "url": "not a url", "events": ["*"]}
    )
    assert "The endpoint was not added" in (await web_client.get("/webhooks")).text
    async with read_scope() as session:
        assert await service.list_endpoints(session, web_client.user.workspace_id) == []  # type: ignore[attr-defined]
