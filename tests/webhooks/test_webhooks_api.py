"""Contract tests for every /v1/webhooks route: statuses, shapes, secrets, isolation, scopes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from leadsmith.db.engine import session_scope
from leadsmith.idempotency.models import IdempotencyRecord
from leadsmith.jobs import JobRuntime
from tests.factories import Caller, make_caller
from tests.webhooks.conftest import (
    Receiver,
    insert_delivery,
    settings_env,
    wait_for_status,
)

BASE = "/v1/webhooks"
HOOK = "http://127.0.0.1:9/hook"  # never called by these tests unless a runtime runs


async def create(api: httpx.AsyncClient, caller: Caller, **body: object) -> dict[str, Any]:
    r = await api.post(f"{BASE}/endpoints", json={"url": HOOK, **body}, headers=caller.headers)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_create_shows_secret_once(api: httpx.AsyncClient, caller: Caller) -> None:
    r = await api.post(
        f"{BASE}/endpoints",
        json={"url": HOOK, "events": ["batch.completed"]},
        headers=caller.headers,
    )
    assert r.status_code == 201
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    secret = body["secret"]
    assert secret.startswith("whsec_")
    assert body["url"] == HOOK and body["events"] == ["batch.completed"]
    assert body["enabled"] is True and body["status"] == "active"
    assert {"id", "created_at", "updated_at", "disabled_reason"} <= body.keys()

    listed = await api.get(f"{BASE}/endpoints", headers=caller.headers)
    one = await api.get(f"{BASE}/endpoints/{body['id']}", headers=caller.headers)
    assert listed.status_code == one.status_code == 200
    assert [e["id"] for e in listed.json()["data"]] == [body["id"]]
    for text in (listed.text, one.text):
        assert secret not in text and 'secret"' not in text
    assert one.json()["events"] == ["batch.completed"]


async def test_idempotent_create_replays_secret_without_storing_it(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    headers = {**caller.headers, "Idempotency-Key": "create-hook-1"}
    first = await api.post(f"{BASE}/endpoints", json={"url": HOOK}, headers=headers)
    again = await api.post(f"{BASE}/endpoints", json={"url": HOOK}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["x-idempotent-replay"] == "true"
    secret = first.json()["secret"]
    assert again.json()["secret"] == secret
    async with session_scope() as session:
        stored = (
            await session.execute(
                select(IdempotencyRecord.body).where(
                    IdempotencyRecord.workspace_id == caller.workspace_id
                )
            )
        ).scalar_one()
    assert stored is not None and secret.encode() not in stored
    assert first.json()["id"].encode() not in stored


async def test_events_default_to_all_and_are_validated(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    assert (await create(api, caller))["events"] == ["*"]
    both = await create(api, caller, events=["search.completed", "batch.completed", "*"])
    assert both["events"] == ["*"]
    two = await create(api, caller, events=["search.completed", "batch.completed"])
    assert two["events"] == ["batch.completed", "search.completed"]
    for events in (["batch.exploded"], []):
        r = await api.post(
            f"{BASE}/endpoints", json={"url": HOOK, "events": events}, headers=caller.headers
        )
        assert r.status_code == 400 and r.json()["code"] == "invalid_input", r.text
        assert r.json()["success"] is False


async def test_body_validation_uses_the_envelope(api: httpx.AsyncClient, caller: Caller) -> None:
    for body in ({}, {"url": HOOK, "colour": "red"}, {"url": 42}):
        r = await api.post(f"{BASE}/endpoints", json=body, headers=caller.headers)
        assert r.status_code == 400 and r.json()["code"] == "invalid_input", r.text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",  # http is never allowed without the setting
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://localhost/hook",  # a name that resolves to loopback
        "http://example.com/hook",  # http to a public name: https only
        "https://127.0.0.1:8443/hook",
        "ftp://example.com/hook",
        "not a url",
    ],
)
async def test_private_and_plain_http_targets_are_refused(
    api: httpx.AsyncClient, caller: Caller, url: str
) -> None:
    with settings_env(allow_private_networks="0"):
        r = await api.post(f"{BASE}/endpoints", json={"url": url}, headers=caller.headers)
    assert r.status_code == 400, r.text
    assert r.json()["code"] == "invalid_input"
    assert "refused" in r.json()["message"]


async def test_with_private_networks_allowed_http_is_loopback_only(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    for ok in ("http://127.0.0.1:8000/hook", "http://localhost:8000/hook", "https://10.0.0.5/x"):
        r = await api.post(f"{BASE}/endpoints", json={"url": ok}, headers=caller.headers)
        assert r.status_code == 201, (ok, r.text)
    r = await api.post(
        f"{BASE}/endpoints", json={"url": "http://10.0.0.5:8080/hook"}, headers=caller.headers
    )
    assert r.status_code == 400 and "loopback" in r.json()["message"]


async def test_patch_changes_fields_and_revalidates(api: httpx.AsyncClient, caller: Caller) -> None:
    ep = await create(api, caller)
    url = f"{BASE}/endpoints/{ep['id']}"
    r = await api.patch(url, json={"events": ["search.completed"]}, headers=caller.headers)
    assert r.status_code == 200 and r.json()["events"] == ["search.completed"]
    r = await api.patch(url, json={"enabled": False}, headers=caller.headers)
    assert r.json()["status"] == "disabled" and r.json()["disabled_reason"] == "disabled by a user"
    r = await api.patch(url, json={"enabled": True}, headers=caller.headers)
    assert r.json()["status"] == "active" and r.json()["disabled_reason"] is None
    new_url = "http://127.0.0.1:9/other"
    r = await api.patch(url, json={"url": new_url}, headers=caller.headers)
    assert r.status_code == 200 and r.json()["url"] == new_url
    assert "secret" not in r.json()
    with settings_env(allow_private_networks="0"):
        r = await api.patch(url, json={"url": "https://10.0.0.1/x"}, headers=caller.headers)
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    r = await api.patch(url, json={"events": ["nope"]}, headers=caller.headers)
    assert r.status_code == 400
    assert (await api.get(url, headers=caller.headers)).json()["url"] == new_url


async def test_rotate_secret_shows_the_new_secret_once(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    ep = await create(api, caller)
    r = await api.post(f"{BASE}/endpoints/{ep['id']}/rotate-secret", headers=caller.headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    rotated = r.json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != ep["secret"]
    assert rotated["secret_rotated_at"] is not None
    again = await api.get(f"{BASE}/endpoints/{ep['id']}", headers=caller.headers)
    assert "secret" not in again.json() and rotated["secret"] not in again.text


async def test_delete_removes_endpoint_and_its_deliveries(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    ep = await create(api, caller)
    delivery_id = await insert_delivery(caller.workspace_id, ep["id"])
    r = await api.delete(f"{BASE}/endpoints/{ep['id']}", headers=caller.headers)
    assert r.status_code == 200 and r.json() == {"id": ep["id"], "deleted": True}
    for path in (f"/endpoints/{ep['id']}", f"/deliveries/{delivery_id}"):
        r = await api.get(BASE + path, headers=caller.headers)
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = await api.delete(f"{BASE}/endpoints/{ep['id']}", headers=caller.headers)
    assert r.status_code == 404


async def test_other_workspaces_ids_are_not_found(api: httpx.AsyncClient, caller: Caller) -> None:
    ep = await create(api, caller)
    delivery_id = await insert_delivery(caller.workspace_id, ep["id"])
    other = await make_caller()
    requests = [
        ("GET", f"/endpoints/{ep['id']}", None),
        ("PATCH", f"/endpoints/{ep['id']}", {"enabled": False}),
        ("DELETE", f"/endpoints/{ep['id']}", None),
        ("POST", f"/endpoints/{ep['id']}/rotate-secret", None),
        ("GET", f"/deliveries/{delivery_id}", None),
        ("POST", f"/deliveries/{delivery_id}/replay", None),
        ("POST", "/deliveries/replay", {"status": "dead", "endpoint_id": ep["id"]}),
    ]
    for method, path, body in requests:
        r = await api.request(method, BASE + path, json=body, headers=other.headers)
        assert r.status_code == 404, (method, path, r.text)
        assert r.json()["code"] == "not_found"
    assert (await api.get(f"{BASE}/endpoints", headers=other.headers)).json()["data"] == []
    listed = await api.get(f"{BASE}/deliveries", headers=other.headers)
    assert listed.json()["data"] == []
    # Untouched for its owner.
    r = await api.get(f"{BASE}/endpoints/{ep['id']}", headers=caller.headers)
    assert r.status_code == 200 and r.json()["status"] == "active"


async def test_every_route_needs_the_webhooks_scope(api: httpx.AsyncClient) -> None:
    owner = await make_caller()
    ep = await create(api, owner)
    narrow = await make_caller(scopes=["verify", "batch"], workspace=owner.workspace)
    routes = [
        ("POST", "/endpoints", {"url": HOOK}),
        ("GET", "/endpoints", None),
        ("GET", f"/endpoints/{ep['id']}", None),
        ("PATCH", f"/endpoints/{ep['id']}", {"enabled": False}),
        ("DELETE", f"/endpoints/{ep['id']}", None),
        ("POST", f"/endpoints/{ep['id']}/rotate-secret", None),
        ("GET", "/deliveries", None),
        ("GET", "/deliveries/some-id", None),
        ("POST", "/deliveries/some-id/replay", None),
        ("POST", "/deliveries/replay", {"status": "dead"}),
    ]
    for method, path, body in routes:
        r = await api.request(method, BASE + path, json=body, headers=narrow.headers)
        assert r.status_code == 403, (method, path, r.text)
        assert r.json()["code"] == "scope_denied"
        r = await api.request(method, BASE + path, json=body)
        assert r.status_code == 401 and r.json()["code"] == "missing_key"
    scoped = await make_caller(scopes=["webhooks"], workspace=owner.workspace)
    assert (await api.get(f"{BASE}/endpoints", headers=scoped.headers)).status_code == 200


async def test_deliveries_are_paginated_and_filtered(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    first = await create(api, caller)
    second = await create(api, caller)
    ids = [
        await insert_delivery(caller.workspace_id, first["id"], status, age_seconds=100 - i)
        for i, status in enumerate(["dead", "delivered", "dead", "failed", "dead"])
    ]
    other_ep = await insert_delivery(caller.workspace_id, second["id"], "dead", age_seconds=200)
    newest_first = [*reversed(ids), other_ep]

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        r = await api.get(f"{BASE}/deliveries", params=params, headers=caller.headers)
        assert r.status_code == 200, r.text
        page = r.json()
        seen += [d["id"] for d in page["data"]]
        pages += 1
        assert page["has_more"] is (page["next_cursor"] is not None)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == newest_first and pages == 3

    dead = await api.get(f"{BASE}/deliveries", params={"status": "dead"}, headers=caller.headers)
    assert [d["id"] for d in dead.json()["data"]] == [ids[4], ids[2], ids[0], other_ep]
    assert all(d["status"] == "dead" for d in dead.json()["data"])
    one_ep = await api.get(
        f"{BASE}/deliveries",
        params={"status": "dead", "endpoint_id": second["id"]},
        headers=caller.headers,
    )
    assert [d["id"] for d in one_ep.json()["data"]] == [other_ep]
    row = dead.json()["data"][0]
    assert {
        "id",
        "endpoint_id",
        "event",
        "status",
        "attempt_count",
        "replays",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
    } <= row.keys()

    bad: list[dict[str, str | int]] = [
        {"status": "lost"},
        {"limit": 0},
        {"limit": 500},
        {"cursor": "nope"},
    ]
    for params in bad:
        r = await api.get(f"{BASE}/deliveries", params=params, headers=caller.headers)
        assert r.status_code == 400 and r.json()["code"] == "invalid_input", params


async def test_delivery_detail_has_payload_and_attempts(
    api: httpx.AsyncClient, caller: Caller
) -> None:
    ep = await create(api, caller)
    delivery_id = await insert_delivery(caller.workspace_id, ep["id"])
    r = await api.get(f"{BASE}/deliveries/{delivery_id}", headers=caller.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["payload"]["event"] == "batch.completed"
    assert body["payload"]["delivery_id"] == delivery_id
    assert body["payload"]["data"]["batch_id"] == "b-1"
    assert body["attempts"] == [] and body["status"] == "dead"


async def test_replay_one_from_the_dead_letter_queue(
    api: httpx.AsyncClient, caller: Caller, receiver: Receiver, job_runtime: JobRuntime
) -> None:
    ep = await create(api, caller, url=receiver.url)
    receiver.secret = ep["secret"]
    delivery_id = await insert_delivery(caller.workspace_id, ep["id"], "dead")
    r = await api.post(f"{BASE}/deliveries/{delivery_id}/replay", headers=caller.headers)
    assert r.status_code == 202, r.text
    assert r.json()["status"] == "pending" and r.json()["replays"] == 1
    await wait_for_status(delivery_id, "delivered")
    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert got.headers["x-leadsmith-delivery"] == delivery_id
    assert got.leadsmith_ok and got.standard_ok
    detail = (await api.get(f"{BASE}/deliveries/{delivery_id}", headers=caller.headers)).json()
    assert [(a["sequence"], a["number"], a["succeeded"]) for a in detail["attempts"]] == [
        (1, 1, True)
    ]

    # A delivery still being attempted, or to a disabled endpoint, is not replayed.
    in_flight = await insert_delivery(caller.workspace_id, ep["id"], "failed")
    r = await api.post(f"{BASE}/deliveries/{in_flight}/replay", headers=caller.headers)
    assert r.status_code == 409 and r.json()["code"] == "delivery_in_progress"
    await api.patch(f"{BASE}/endpoints/{ep['id']}", json={"enabled": False}, headers=caller.headers)
    dead = await insert_delivery(caller.workspace_id, ep["id"], "dead")
    r = await api.post(f"{BASE}/deliveries/{dead}/replay", headers=caller.headers)
    assert r.status_code == 409 and r.json()["code"] == "endpoint_disabled"


async def test_replay_all_dead(
    api: httpx.AsyncClient, caller: Caller, receiver: Receiver, job_runtime: JobRuntime
) -> None:
    live = await create(api, caller, url=receiver.url)
    paused = await create(api, caller, url=receiver.url)
    await api.patch(
        f"{BASE}/endpoints/{paused['id']}", json={"enabled": False}, headers=caller.headers
    )
    dead = [await insert_delivery(caller.workspace_id, live["id"], "dead") for _ in range(3)]
    delivered = await insert_delivery(caller.workspace_id, live["id"], "delivered")
    await insert_delivery(caller.workspace_id, paused["id"], "dead")

    r = await api.post(f"{BASE}/deliveries/replay", json={"status": "dead"}, headers=caller.headers)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["replayed"] == 3 and sorted(body["delivery_ids"]) == sorted(dead)
    assert body["skipped_disabled"] == 1
    for delivery_id in dead:
        await wait_for_status(delivery_id, "delivered")
    assert sorted(g.headers["x-leadsmith-delivery"] for g in receiver.requests) == sorted(dead)
    assert delivered not in body["delivery_ids"]

    r = await api.post(
        f"{BASE}/deliveries/replay", json={"status": "pending"}, headers=caller.headers
    )
    assert r.status_code == 400
