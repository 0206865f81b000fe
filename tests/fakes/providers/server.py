"""The scripted HTTP server every provider fake is built on.

A fake listens on 127.0.0.1:<random port> in a thread. Each request is recorded as
a `Call`, then answered by, in order: a reply queued with `queue()` for that route
(consumed first in, first out), a reply set with `always()`, the fake's key check,
and finally the fake's own simulation of the provider (`handle`). So a test can
script "429, 429, then the real answer" with one `queue()` and count what the client
sent with `calls_to()` / `count()`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

from pytest_httpserver.httpserver import HTTPServerBase
from werkzeug import Request, Response

_NO_JSON = object()


@dataclass(frozen=True)
class Reply:
    """One scripted answer: a status with a JSON body (or raw bytes) and headers."""

    status: int = 200
    json: Any = _NO_JSON
    body: bytes | str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to hold the answer (to trip client timeouts)

    def to_response(self) -> Response:
        """The werkzeug response for this reply."""
        if self.json is not _NO_JSON:
            return Response(
                json.dumps(self.json),
                status=self.status,
                headers=dict(self.headers),
                mimetype="application/json",
            )
        return Response(
            self.body if self.body is not None else b"",
            status=self.status,
            headers=dict(self.headers),
            mimetype=self.headers.get("Content-Type", "application/json"),
        )


def reply(status: int = 200, json_body: Any = _NO_JSON, **headers: str) -> Reply:
    """Shorthand: `reply(429, {...}, Retry_After="1")` (underscores become dashes)."""
    return Reply(
        status=status,
        json=json_body,
        headers={k.replace("_", "-"): v for k, v in headers.items()},
    )


def malformed(status: int = 200) -> Reply:
    """A body that claims to be JSON and is not."""
    return Reply(status=status, body=b'{"data": {"email": "trunc', headers={})


@dataclass(frozen=True)
class Call:
    """One request the fake received."""

    method: str
    path: str  # relative to the fake's base path, e.g. "/email-finder"
    params: dict[str, str]
    headers: dict[str, str]  # lower-case names
    json: Any
    body: bytes

    def header(self, name: str) -> str | None:
        """A header's value by case-insensitive name."""
        return self.headers.get(name.lower())


class _Server(HTTPServerBase):
    def __init__(self, owner: FakeProviderServer, host: str) -> None:
        super().__init__(host, 0, threaded=True)
        self._owner = owner

    def thread_target(self) -> None:
        # A short poll interval: stopping a fake takes milliseconds, not half a second.
        assert self.server is not None
        self.server.serve_forever(poll_interval=0.01)

    def dispatch(self, request: Request) -> Response:
        return self._owner._dispatch(request)


class FakeProviderServer:
    """Base of the provider fakes: routing, scripting, call log, lifecycle."""

    base_path: ClassVar[str] = ""  # where the provider's API lives, e.g. "/v2"

    def __init__(self, host: str = "127.0.0.1") -> None:
        self._server = _Server(self, host)
        self._lock = threading.Lock()
        self._queued: dict[tuple[str, str], deque[Reply]] = {}
        self._always: dict[tuple[str, str], Reply] = {}
        self.calls: list[Call] = []

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> Self:
        """Start listening (idempotent)."""
        if not self._server.is_running():
            self._server.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server.is_running():
            self._server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:<port>`."""
        return f"http://{self._server.host}:{self._server.port}"

    @property
    def base_url(self) -> str:
        """The URL to give the client as its base URL."""
        return self.origin + self.base_path

    # --- scripting --------------------------------------------------------------------

    def queue(self, path: str, *replies: Reply, method: str = "GET") -> None:
        """Answer the next calls to `path` with `replies`, in order, before anything else."""
        with self._lock:
            self._queued.setdefault((method.upper(), _norm(path)), deque()).extend(replies)

    def always(self, path: str, answer: Reply | None, method: str = "GET") -> None:
        """Answer every call to `path` with `answer` (None restores normal behaviour)."""
        with self._lock:
            key = (method.upper(), _norm(path))
            if answer is None:
                self._always.pop(key, None)
            else:
                self._always[key] = answer

    def reset(self) -> None:
        """Forget scripted replies and recorded calls (the simulated data stays)."""
        with self._lock:
            self._queued.clear()
            self._always.clear()
            self.calls.clear()

    # --- inspection -------------------------------------------------------------------

    def calls_to(self, path: str | None = None, method: str | None = None) -> list[Call]:
        """Recorded calls, optionally only those to `path` / with `method`."""
        with self._lock:
            calls = list(self.calls)
        return [
            c
            for c in calls
            if (path is None or c.path == _norm(path))
            and (method is None or c.method == method.upper())
        ]

    def count(self, path: str | None = None, method: str | None = None) -> int:
        """How many calls the fake received (to `path` / with `method`)."""
        return len(self.calls_to(path, method))

    def last(self, path: str | None = None) -> Call:
        """The most recent call (to `path`)."""
        calls = self.calls_to(path)
        assert calls, f"no call to {path or 'the fake'}"
        return calls[-1]

    # --- to override ------------------------------------------------------------------

    def authorize(self, call: Call) -> Reply | None:
        """An error reply when the call's credentials are wrong, else None."""
        return None

    def handle(self, call: Call) -> Reply:
        """The provider's own answer to a call nothing was scripted for."""
        return Reply(404, json={"error": "not found"})

    # --- internals --------------------------------------------------------------------

    def _dispatch(self, request: Request) -> Response:
        path = request.path
        if self.base_path and path.startswith(self.base_path):
            path = path[len(self.base_path) :]
        body = request.get_data()
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        call = Call(
            method=request.method.upper(),
            path=_norm(path),
            params={k: v for k, v in request.args.items()},
            headers={k.lower(): v for k, v in request.headers.items()},
            json=parsed,
            body=body,
        )
        key = (call.method, call.path)
        with self._lock:
            self.calls.append(call)
            queued = self._queued.get(key)
            answer = queued.popleft() if queued else self._always.get(key)
        if answer is None:
            answer = self.authorize(call) or self.handle(call)
        if answer.delay:
            time.sleep(answer.delay)
        return answer.to_response()


def _norm(path: str) -> str:
    return "/" + path.strip("/")
