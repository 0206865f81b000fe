"""The request pipeline in front of every API route, as one ASGI middleware.

Request id → credentials → rate limit → idempotency → the route → history. Kept as
plain ASGI (not BaseHTTPMiddleware) because it sits on every request's path.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from leadsmith.api import authenticate
from leadsmith.api.envelope import error_bytes
from leadsmith.api.principal import Principal
from leadsmith.api.rate_limit import KeyRateLimiter, RateDecision
from leadsmith.db.base import utcnow
from leadsmith.errors import LeadsmithError
from leadsmith.history.recorder import HistoryRecorder, RequestRecord
from leadsmith.idempotency import service as idempotency

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

API_PREFIXES = ("/api/", "/v1/", "/mcp")
PUBLIC_PATHS = frozenset({"/api/health"})
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_BODY = 20 * 1024 * 1024
# Response headers that belong to one exchange and are never replayed.
_FRESH_HEADERS = frozenset(
    {
        b"x-request-id",
        b"x-ratelimit-limit",
        b"x-ratelimit-remaining",
        b"x-ratelimit-reset",
        b"retry-after",
        b"content-length",
        b"date",
        b"server",
    }
)


def needs_key(path: str) -> bool:
    return path.startswith(API_PREFIXES) and path not in PUBLIC_PATHS


class _Body:
    """Buffers the request body so it can be fingerprinted and then replayed to the app."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self.data = b""
        self._sent = False

    async def read(self) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                raise LeadsmithError(
                    f"The request body is larger than {MAX_BODY // (1024 * 1024)} MB.",
                    code="invalid_input",
                    status=413,
                    summary="Request too large",
                )
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        self.data = b"".join(chunks)
        return self.data

    async def receive(self) -> Message:
        if not self._sent:
            self._sent = True
            return {"type": "http.request", "body": self.data, "more_body": False}
        return await self._receive()


class ApiGateway:
    def __init__(self, app: ASGIApp, limiter: KeyRateLimiter, recorder: HistoryRecorder) -> None:
        self.app = app
        self.limiter = limiter
        self.recorder = recorder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = "req_" + uuid.uuid4().hex[:24]
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        extra_headers: list[tuple[bytes, bytes]] = [(b"x-request-id", request_id.encode())]
        path: str = scope["path"]
        if not needs_key(path):
            started = {"status": 0}
            try:
                await self.app(
                    scope, receive, _with_headers(_status_spy(send, started), extra_headers)
                )
            except Exception:
                if started["status"]:
                    raise
                log.exception("unhandled error on %s %s", scope["method"], path)
                await _send_error(scope, send, _internal(), extra_headers)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        principal: Principal | None = None
        status_holder = {"status": 0}
        try:
            principal = await self._authenticate(scope, headers)
            state["principal"] = principal
            decision = await self.limiter.hit(principal.rate_key)
            extra_headers += [
                (k.lower().encode(), v.encode()) for k, v in decision.headers().items()
            ]
            state["rate_limit"] = decision
            if not decision.allowed:
                raise _rate_limited(decision)
            send_wrapped = _with_headers(_status_spy(send, status_holder), extra_headers)
            idem_key = headers.get("idempotency-key")
            if idem_key is not None and scope["method"] in MUTATING:
                await self._idempotent(scope, receive, send_wrapped, principal, idem_key)
            else:
                await self.app(scope, receive, send_wrapped)
        except LeadsmithError as err:
            if status_holder["status"]:
                raise
            status_holder["status"] = await _send_error(scope, send, err, extra_headers)
        except Exception:
            if status_holder["status"]:
                raise
            log.exception("unhandled error on %s %s", scope["method"], path)
            status_holder["status"] = await _send_error(scope, send, _internal(), extra_headers)
        finally:
            if principal is not None:
                self.recorder.record(
                    RequestRecord(
                        workspace_id=principal.workspace_id,
                        at=utcnow(),
                        key_id=principal.key_id,
                        key_prefix=principal.key_prefix,
                        method=scope["method"],
                        route=path,
                        status=status_holder["status"] or 500,
                        credits_millis=int(state.get("credits_millis", 0)),
                        request_id=request_id,
                    )
                )

    async def _authenticate(self, scope: Scope, headers: dict[str, str]) -> Principal:
        key = authenticate.key_from_headers(headers)
        if key is not None:
            client = scope.get("client")
            return await authenticate.principal_for_key(key, client[0] if client else None)
        cookie_header = headers.get("cookie")
        if cookie_header:
            jar: SimpleCookie = SimpleCookie()
            jar.load(cookie_header)
            morsel = jar.get(authenticate.SESSION_COOKIE)
            if morsel is not None:
                principal = await authenticate.principal_for_cookie(
                    morsel.value, scope["method"], headers.get(authenticate.CSRF_HEADER)
                )
                if principal is not None:
                    return principal
        raise authenticate.missing_key()

    async def _idempotent(
        self, scope: Scope, receive: Receive, send: Send, principal: Principal, key: str
    ) -> None:
        body = _Body(receive)
        data = await body.read()
        fp = idempotency.fingerprint(
            scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1"), data
        )
        stored = await idempotency.claim(principal.workspace_id, key, fp)
        if stored is not None:
            replay_headers = [(k.encode(), v.encode()) for k, v in stored.headers]
            replay_headers += [
                (b"x-idempotent-replay", b"true"),
                (b"content-length", str(len(stored.body)).encode()),
            ]
            await send(
                {
                    "type": "http.response.start",
                    "status": stored.status_code,
                    "headers": replay_headers,
                }
            )
            await send({"type": "http.response.body", "body": stored.body})
            return
        captured: dict[str, Any] = {"status": 500, "headers": [], "body": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = [
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in message.get("headers", [])
                    if k.lower() not in _FRESH_HEADERS
                ]
            elif message["type"] == "http.response.body":
                captured["body"].append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, body.receive, capture)
        except BaseException:
            await idempotency.release(principal.workspace_id, key)
            raise
        if captured["status"] >= 500:
            await idempotency.release(principal.workspace_id, key)
            return
        await idempotency.complete(
            principal.workspace_id,
            key,
            idempotency.StoredResponse(
                captured["status"], captured["headers"], b"".join(captured["body"])
            ),
        )


def _internal() -> LeadsmithError:
    return LeadsmithError(
        "Something went wrong on our side. Retry; an Idempotency-Key keeps it safe.",
        code="internal",
        status=500,
        summary="Internal error",
    )


def _rate_limited(decision: RateDecision) -> LeadsmithError:
    return LeadsmithError(
        f"More than {decision.limit} requests a minute for this key; retry after"
        f" {decision.retry_after} s, with jitter.",
        code="rate_limited",
        status=429,
        summary="Rate limit exceeded",
    )


def _with_headers(send: Send, headers: list[tuple[bytes, bytes]]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            existing = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = list(message.get("headers", [])) + [
                (k, v) for k, v in headers if k not in existing
            ]
        await send(message)

    return wrapped


def _status_spy(send: Send, holder: dict[str, int]) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            holder["status"] = message["status"]
        await send(message)

    return wrapped


async def _send_error(
    scope: Scope, send: Send, err: LeadsmithError, extra: list[tuple[bytes, bytes]]
) -> int:
    status, body = error_bytes(scope, err)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += extra
    existing = {k for k, _ in headers}
    headers += [
        (k.lower().encode(), v.encode())
        for k, v in err.headers.items()
        if k.lower().encode() not in existing
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return status


__all__ = ["ApiGateway"]
