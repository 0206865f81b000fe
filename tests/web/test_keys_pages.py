"""The API keys page: a key is shown once, then only its prefix; revoking works."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from leadsmith.accounts.models import ApiKey
from leadsmith.db.engine import read_scope
from tests.web.conftest import DashboardUser


async def _keys_of(workspace_id: str) -> list[ApiKey]:
    async with read_scope() as session:
        rows = await session.execute(select(ApiKey).where(ApiKey.workspace_id == workspace_id))
        return list(rows.scalars())


def test_create_key_shown_once_then_revoke(page: Any, browser_user: DashboardUser) -> None:
    page.get_by_role("link", name="API keys").click()
    page.get_by_role("textbox", name="Name").fill("n8n workflow")
    page.get_by_label("Test (sandbox data, free)").check()
    page.get_by_role("button", name="Create key").click()

    shown = page.locator("#reveal-value")
    key = shown.input_value()
    assert key.startswith("lsk_test_") and len(key) == len("lsk_test_") + 38
    assert page.get_by_role("button", name="Copy").is_visible()
    row = page.get_by_role("row").filter(has_text="n8n workflow")
    assert key[:15] in row.inner_text()

    page.reload()
    assert page.locator("#reveal-value").count() == 0
    assert key not in page.content()

    # At phone width the keys table scrolls inside its box; the page itself never does.
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke").click()
    page.wait_for_selector("text=Revoked the key")
    assert "Revoked and expired keys" in page.content()
    assert page.get_by_role("button", name="Revoke").count() == 0


async def test_key_is_created_with_chosen_scopes_and_kind(web_client: httpx.AsyncClient) -> None:
    r = await web_client.post(
        "/keys",
        data={
            "csrf_token": web_client.csrf,  # type: ignore[attr-defined]
            "name": "live reader",
            "kind": "live",
            "scopes": ["verify", "batch"],
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/keys"
    # The key rides to the next page in a sealed, HttpOnly cookie: never readable in transit.
    flash_cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("ls_flash="))
    assert "lsk_" not in flash_cookie and "httponly" in flash_cookie.lower()
    (key,) = await _keys_of(web_client.user.workspace_id)  # type: ignore[attr-defined]
    assert key.name == "live reader" and not key.test and key.scopes == ["verify", "batch"]
    page = await web_client.get("/keys")
    assert "lsk_live_" in page.text and "Your new live key" in page.text
    again = await web_client.get("/keys")
    # The full key appears once; afterwards only its prefix.
    assert key.prefix in again.text and "Your new live key" not in again.text
    assert "lsk_live_" not in again.text.replace(key.prefix, "")


async def test_key_needs_a_name_and_a_scope(web_client: httpx.AsyncClient) -> None:
    csrf = web_client.csrf  # type: ignore[attr-defined]
    r = await web_client.post("/keys", data={"csrf_token": csrf, "name": " ", "scopes": ["verify"]})
    assert r.status_code == 303
    assert "Give the key a name" in (await web_client.get("/keys")).text
    r = await web_client.post("/keys", data={"csrf_token": csrf, "name": "no scopes"})
    assert "Choose at least one scope" in (await web_client.get("/keys")).text
    assert await _keys_of(web_client.user.workspace_id) == []  # type: ignore[attr-defined]
