"""A fake OpenAI-compatible chat-completions server on 127.0.0.1 for the LLM tests.

    fake = FakeLLM.start()
    fake.script(lambda req: {"reason": "..."})   # answer every request with this JSON
    client = LLMClient(fake.base_url, "fake-model", "sk-test")

`supports_json_schema=False` makes it answer 400 to `response_format` json_schema, as
some local servers do; `delay` makes every answer slow (timeouts); `raw` answers with
text as-is (broken JSON, fenced JSON). Every request body is kept in `requests`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

Answer = dict[str, Any] | str
Handler = Callable[[dict[str, Any]], Answer]


class FakeLLM:
    """Chat completions that answer with scripted JSON, counting tokens like OpenAI does."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.requests: list[dict[str, Any]] = []
        self.handler: Handler = lambda _: {}
        self.queue: list[Answer] = []
        self.supports_json_schema = True
        self.delay = 0.0
        self.status = 200
        self._lock = threading.Lock()
        server.expect_request("/v1/chat/completions", method="POST").respond_with_handler(
            self._handle
        )

    @classmethod
    def start(cls) -> FakeLLM:
        server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
        server.start()
        return cls(server)

    def stop(self) -> None:
        self.server.clear()
        if self.server.is_running():
            self.server.stop()

    def reset(self) -> None:
        """Back to a well-behaved server with no script and an empty log."""
        with self._lock:
            self.requests.clear()
            self.queue.clear()
            self.handler = lambda _: {}
            self.supports_json_schema = True
            self.delay = 0.0
            self.status = 200

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}/v1"

    def script(self, handler: Handler) -> None:
        """Answer every request with `handler(request_json)` (a dict is sent as JSON)."""
        self.handler = handler

    def answer_in_turn(self, *answers: Answer) -> None:
        """Answer the next requests with these, in order, then fall back to the handler."""
        self.queue.extend(answers)

    def _handle(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        with self._lock:
            self.requests.append(body)
            queued = self.queue.pop(0) if self.queue else None
        if self.delay:
            time.sleep(self.delay)
        if self.status != 200:
            return Response(json.dumps({"error": {"message": "boom"}}), status=self.status)
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema" and not self.supports_json_schema:
            error = {"error": {"message": "response_format json_schema is not supported"}}
            return Response(json.dumps(error), status=400, content_type="application/json")
        answer = queued if queued is not None else self.handler(body)
        content = answer if isinstance(answer, str) else json.dumps(answer)
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in body["messages"])
        reply = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "model": body.get("model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": len(content.split()),
                "total_tokens": prompt_tokens + len(content.split()),
            },
        }
        return Response(json.dumps(reply), status=200, content_type="application/json")
