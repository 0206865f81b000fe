"""Dashboard safety: CSRF, escaping, workspace isolation, headers, HTML errors."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from leadsmith.accounts.keys import create_key
from leadsmith.accounts.models import ApiKey, Workspace
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.webhooks import service as webhooks
from leadsmith.webhooks.models import WebhookEndpoint
from tests.web.conftest import DashboardUserFactory, _client, sign_in

SCRIPT = "<script>alert(1)</script>"


async def _key_names(workspace_id: str) -> list[str]:
    async with read_scope() as session:
        rows = await session.execute(select(ApiKey.name).where(ApiKey.workspace_id == workspace_id))
        return list(rows.scalars())


async def test_post_without_csrf_token_is_refused_and_changes_nothing(
    web_client: httpx.AsyncClient,
) -> None:
    workspace_id = web_client.user.workspace_id  # type: ignore[attr-defined]
    for data in ({"name": "sneaky", "scopes": ["verify"]}, {"name": "x", "csrf_token": "forged"}):
        r = await web_client.post("/keys", data=data)
        assert r.status_code == 403
        assert r.headers["content-type"].startswith("text/html")
        assert "Nothing was changed" in r.text
    r = await web_client.post("/billing/spend-cap", data={"spend_cap": "1"})
    assert r.status_code == 403
    r = await web_client.post("/logout")
    assert r.status_code == 403
    assert await _key_names(workspace_id) == []
    async with read_scope() as session:
        workspace = await session.get(Workspace, workspace_id)
        assert workspace is not None and workspace.spend_cap_millis is None
    # Still signed in: the refused sign-out did not sign out.
    assert (await web_client.get("/keys")).status_code == 200


async def test_csrf_token_is_accepted_from_the_header(web_client: httpx.AsyncClient) -> None:
    r = await web_client.post(
        "/keys",
        data={"name": "from js", "scopes": ["verify"]},
        headers={"X-CSRF-Token": web_client.csrf},  # type: ignore[attr-defined]
    )
    assert r.status_code == 303
    assert await _key_names(web_client.user.workspace_id) == ["from js"]  # type: ignore[attr-defined]


async def test_key_name_and_webhook_url_are_escaped(web_client: httpx.AsyncClient) -> None:
    csrf = web_client.csrf  # type: ignore[attr-defined]
    await web_client.post("/keys", data={"csrf_token": csrf, "name": SCRIPT, "scopes": ["verify"]})
    page = await web_client.get("/keys")
    assert SCRIPT not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    # Stored as typed, shown inert.
    assert await _key_names(web_client.user.workspace_id) == [SCRIPT]  # type: ignore[attr-defined]

    url = f"http://127.0.0.1:9/hook?q={SCRIPT}"
    r = await web_client.post("/webhooks", data={"csrf_token": csrf, "url": url, "events": ["*"]})
    assert r.status_code == 303
    page = await web_client.get("/webhooks")
    async with read_scope() as session:
        stored = await webhooks.list_endpoints(session, web_client.user.workspace_id)  # type: ignore[attr-defined]
    assert [e.url for e in stored] == [url]
    assert SCRIPT not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    # A refused URL is echoed in the error message: escaped too.
    await web_client.post(
        "/webhooks", data={"csrf_token": csrf, "url": f"ftp://x/{SCRIPT}", "events": ["*"]}
    )
    page = await web_client.get("/webhooks")
    assert "was not added" in page.text and SCRIPT not in page.text


async def test_another_workspace_cannot_touch_my_key_or_endpoint(
    web_app: FastAPI, dashboard_user: DashboardUserFactory
) -> None:
    alice, bob = await dashboard_user(), await dashboard_user()
    async with session_scope() as session:
        workspace = await session.get(Workspace, alice.workspace_id)
        assert workspace is not None
        created = await create_key(session, workspace, name="alice's key")
        endpoint, _ = await webhooks.create_endpoint(
            session, alice.workspace_id, "http://127.0.0.1:9/alice", ["*"]
        )
    async with _client(web_app) as c:
        csrf = await sign_in(c, bob)
        for path in (
            f"/keys/{created.record.id}/revoke",
            f"/webhooks/{endpoint.id}/delete",
            f"/webhooks/{endpoint.id}/rotate",
        ):
            r = await c.post(path, data={"csrf_token": csrf})
            assert r.status_code == 404, path
            assert r.headers["content-type"].startswith("text/html")
        assert "alice" not in (await c.get("/keys")).text
        assert "alice" not in (await c.get("/webhooks")).text
    async with read_scope() as session:
        key = await session.get(ApiKey, created.record.id)
        kept = await session.get(WebhookEndpoint, endpoint.id)
    assert key is not None and key.revoked_at is None
    assert kept is not None and kept.secret_rotated_at is None


async def test_security_headers_on_dashboard_pages_only(web_client: httpx.AsyncClient) -> None:
    page = await web_client.get("/keys")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    assert page.headers["cache-control"] == "no-store"
    # No inline script or style anywhere: the CSP would block them.
    for needle in ("<script>", " style=", " onclick=", " onload="):
        assert needle not in page.text
    api = await web_client.get("/api/health")
    assert "content-security-policy" not in api.headers


async def test_errors_are_html_on_dashboard_paths_and_json_on_api_paths(
    web_client: httpx.AsyncClient,
) -> None:
    r = await web_client.get("/no/such/page")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "Page not found" in r.text and r.headers.get("x-request-id")
    r = await web_client.get("/v1/no/such/route")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await web_client.post("/keys/not-a-key/revoke", data={"csrf_token": web_client.csrf})  # type: ignore[attr-defined]
    assert r.status_code == 404 and "We could not find that API key" in r.text


async def test_session_cookie_drives_the_api_with_csrf(web_client: httpx.AsyncClient) -> None:
    me = await web_client.get("/api/v1/me")
    assert me.status_code == 200
    r = await web_client.post("/v1/verify", json={"email": "a@example.com"})
    assert r.status_code == 403 and r.json()["code"] == "csrf_failed"


async def test_unexpected_error_on_a_page_is_an_html_500(
    web_app: FastAPI, web_client: httpx.AsyncClient
) -> None:
    path = "/_test/broken-page"
    if not any(getattr(r, "path", None) == path for r in web_app.router.routes):

        async def broken_page() -> None:
            raise RuntimeError("secret internals")

        web_app.add_api_route(path, broken_page)
    r = await web_client.get(path)
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in r.text and "secret internals" not in r.text
    assert "Traceback" not in r.text and r.headers["content-security-policy"]


async def test_forged_flash_cookie_is_ignored(web_client: httpx.AsyncClient) -> None:
    web_client.cookies.set("ls_flash", "bm90LWEtcmVhbC1zZWFsZWQtdmFsdWU")
    page = await web_client.get("/keys")
    assert page.status_code == 200 and 'class="flash' not in page.text
    assert 'id="reveal-value"' not in page.text


async def test_old_dashboard_links_redirect_within_the_site(web_client: httpx.AsyncClient) -> None:
    r = await web_client.get("/dashboard/billing")
    assert r.status_code == 308 and r.headers["location"] == "/billing"
    r = await web_client.get("/dashboard/%5Cevil.example")
    assert r.headers["location"] == "/"


class _FormControls(HTMLParser):
    """Collects form controls and how each is labelled."""

    def __init__(self) -> None:
        super().__init__()
        self.label_depth = 0
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, str | None, bool]] = []  # (tag, id, inside a label)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            if values.get("for"):
                self.label_for.add(str(values["for"]))
        elif tag in ("input", "select", "textarea"):
            if values.get("type") in ("hidden", "submit", "button"):
                return
            if values.get("aria-label") or values.get("aria-labelledby"):
                return
            self.controls.append((tag, values.get("id"), self.label_depth > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"{tag}#{ident}"
            for tag, ident, wrapped in self.controls
            if not wrapped and (ident is None or ident not in self.label_for)
        ]


async def test_every_form_control_has_a_label(web_client: httpx.AsyncClient) -> None:
    csrf = web_client.csrf  # type: ignore[attr-defined]
    await web_client.post("/keys", data={"csrf_token": csrf, "name": "k", "scopes": ["verify"]})
    await web_client.post(
        "/webhooks", data={"csrf_token": csrf, "url": "http://127.0.0.1:9/x", "events": ["*"]}
    )
    for path in (
        "/",
        "/keys",
        "/webhooks",
        "/billing",
        "/providers",
        "/history",
        "/search",
        "/lists",
        "/enrich",
        "/verify",
    ):
        page = await web_client.get(path)
        assert page.status_code == 200, path
        parser = _FormControls()
        parser.feed(page.text)
        assert parser.unlabelled() == [], path
        assert page.text.count('class="skip-link"') == 1, path


async def test_oversized_bodies_are_refused_even_without_a_content_length(
    web_client: httpx.AsyncClient,
) -> None:
    from leadsmith.web.app import MAX_PAGE_BODY

    csrf = web_client.csrf  # type: ignore[attr-defined]
    declared = await web_client.post(
        "/keys",
        content=b"x" * 10,
        headers={
            "X-CSRF-Token": csrf,
            "Content-Length": str(MAX_PAGE_BODY + 1),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    assert declared.status_code == 413 and "Upload too large" in declared.text

    async def chunks() -> Any:
        yield (
            b'--b0\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
            b"Content-Type: text/csv\r\n\r\n"
        )
        piece = b"a@b.example\n" * 80_000
        for _ in range(MAX_PAGE_BODY // len(piece) + 2):
            yield piece
        yield b"\r\n--b0--\r\n"

    streamed = await web_client.post(
        "/verify",
        content=chunks(),
        headers={"X-CSRF-Token": csrf, "Content-Type": "multipart/form-data; boundary=b0"},
    )
    assert streamed.status_code == 413 and "larger than 16 MB" in streamed.text
    assert "text/html" in streamed.headers["content-type"]
