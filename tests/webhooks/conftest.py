"""Webhook test fixtures: a local receiver on 127.0.0.1, a job runtime, an app with the router."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import select
from standardwebhooks import Webhook, WebhookVerificationError

from leadsmith.config import get_settings
from leadsmith.db.base import new_id, utcnow
from leadsmith.db.engine import dispose_engines, read_scope, session_scope
from leadsmith.jobs import JobRuntime
from leadsmith.webhooks import BATCH_COMPLETED, batch_completed, emit_event, service
from leadsmith.webhooks.events import render_body
from leadsmith.webhooks.models import WebhookAttempt, WebhookDelivery
from leadsmith.webhooks.signing import verify_signature

HANG = -1  # a planned "answer" that never comes (until the client gives up)


@dataclass
class Received:
    """One request the receiver got, and whether each signature scheme verified."""

    headers: dict[str, str]
    body: bytes
    answered: int
    leadsmith_ok: bool | None = None
    standard_ok: bool | None = None


@dataclass
class Receiver:
    """A threaded HTTP server answering a planned sequence of statuses, then `default`."""

    plan: list[int] = field(default_factory=list)
    default: int = 200
    hang_seconds: float = 3.0
    secret: str | None = None
    requests: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                with receiver._lock:
                    status = receiver.plan.pop(0) if receiver.plan else receiver.default
                    receiver.requests.append(receiver._check(dict(self.headers), body, status))
                if status == HANG:
                    time.sleep(receiver.hang_seconds)
                    status = 200
                try:
                    payload = f'{{"answer": {status}}}'.encode()
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def _check(self, headers: dict[str, str], body: bytes, status: int) -> Received:
        got = Received({k.lower(): v for k, v in headers.items()}, body, status)
        if self.secret is not None:
            got.leadsmith_ok = verify_signature(self.secret, body, got.headers)
            try:
                Webhook(self.secret).verify(body, got.headers)
                got.standard_ok = True
            except WebhookVerificationError:
                got.standard_ok = False
        return got

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    try:
        yield r
    finally:
        r.close()


@contextmanager
def settings_env(**values: str | None) -> Iterator[None]:
    """Set LEADSMITH_* variables (None removes one) for the block; settings re-read on both ends."""
    saved = {k: os.environ.get(f"LEADSMITH_{k.upper()}") for k in values}
    for k, v in values.items():
        if v is None:
            os.environ.pop(f"LEADSMITH_{k.upper()}", None)
        else:
            os.environ[f"LEADSMITH_{k.upper()}"] = v
    get_settings.cache_clear()
    try:
        yield
    finally:
        for k, old in saved.items():
            if old is None:
                os.environ.pop(f"LEADSMITH_{k.upper()}", None)
            else:
                os.environ[f"LEADSMITH_{k.upper()}"] = old
        get_settings.cache_clear()


FAST_SCHEDULE = "0.2s,0.2s,0.2s,0.2s"  # the default's shape (four retries), compressed


@pytest.fixture
def fast_retries() -> Iterator[None]:
    with settings_env(webhook_retry_schedule=FAST_SCHEDULE):
        yield


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def job_runtime() -> AsyncIterator[JobRuntime]:
    """A runtime working every queue (system database from the test settings)."""
    rt = JobRuntime(poll_interval=0.1)
    await rt.start(work_queues=True)
    try:
        yield rt
    finally:
        await rt.stop()


def with_webhooks(app: FastAPI) -> FastAPI:
    """Mount the webhook router unless the app already has it."""
    from leadsmith.api.routers.webhooks import router

    if not any(getattr(r, "path", "") == "/v1/webhooks/endpoints" for r in app.routes):
        app.include_router(router)
    return app


@pytest_asyncio.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app with the webhook routes (no in-process job runtime of its own)."""
    from leadsmith.api.app import create_app

    application = with_webhooks(create_app(run_jobs=False))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c
    await dispose_engines()


# -- data helpers --


async def make_endpoint(
    workspace_id: str, url: str, events: list[str] | None = None
) -> tuple[str, str]:
    """Create an endpoint through the service; returns (id, secret)."""
    async with session_scope() as session:
        endpoint, secret = await service.create_endpoint(session, workspace_id, url, events)
        return endpoint.id, secret


def sample_batch_data(batch_id: str = "b-1") -> dict[str, Any]:
    return batch_completed(
        batch_id=batch_id,
        kind="enrich",
        total=1000,
        found=842,
        download_url=f"http://127.0.0.1:8000/v1/batch/{batch_id}/download",
        completed_at=datetime(2026, 4, 26, 10, 34, 21, tzinfo=UTC),
    )


async def emit(workspace_id: str, event: str = BATCH_COMPLETED, data: Any = None) -> None:
    async with session_scope() as session:
        await emit_event(session, workspace_id, event, data or sample_batch_data())


async def insert_delivery(
    workspace_id: str, endpoint_id: str, status: str = "dead", age_seconds: int = 0
) -> str:
    """A delivery row as the delivery jobs would leave it (no job behind it)."""
    delivery_id = new_id()
    at = utcnow() - timedelta(seconds=age_seconds)
    dead = status == "dead"
    async with session_scope() as session:
        session.add(
            WebhookDelivery(
                id=delivery_id,
                workspace_id=workspace_id,
                endpoint_id=endpoint_id,
                event=BATCH_COMPLETED,
                body=render_body(BATCH_COMPLETED, delivery_id, sample_batch_data()),
                status=status,
                sequence=0,
                next_attempt=6 if dead else 1,
                next_attempt_at=None if dead else at,
                attempt_count=5 if dead else 0,
                last_status_code=500 if dead else None,
                last_error="receiver answered HTTP 500" if dead else None,
                created_at=at,
                updated_at=at,
            )
        )
    return delivery_id


async def deliveries_of(endpoint_id: str) -> list[WebhookDelivery]:
    async with read_scope() as session:
        rows = await session.execute(
            select(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint_id)
            .order_by(WebhookDelivery.created_at)
        )
        return list(rows.scalars().all())


async def attempts_of(delivery_id: str) -> list[WebhookAttempt]:
    async with read_scope() as session:
        rows = await session.execute(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id == delivery_id)
            .order_by(WebhookAttempt.sequence, WebhookAttempt.number)
        )
        return list(rows.scalars().all())


async def wait_for_status(
    delivery_id: str, *statuses: str, max_seconds: float = 20.0
) -> WebhookDelivery:
    """Poll until the delivery reaches one of `statuses`."""
    deadline = time.monotonic() + max_seconds
    while True:
        async with read_scope() as session:
            delivery = await session.get(WebhookDelivery, delivery_id)
        if delivery is not None and delivery.status in statuses:
            return delivery
        if time.monotonic() > deadline:
            state = None if delivery is None else delivery.status
            raise AssertionError(f"delivery {delivery_id} is {state}, not {statuses}")
        await asyncio.sleep(0.05)


async def only_delivery(endpoint_id: str) -> WebhookDelivery:
    found = await deliveries_of(endpoint_id)
    assert len(found) == 1, found
    return found[0]
