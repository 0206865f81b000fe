"""MCP over streamable HTTP at `/mcp`, behind the API gateway.

The gateway authenticates every request to `/mcp` with an API key, applies the key's
rate limit and records it in History; each tool call then acts as the principal of the
HTTP request that carried it. The transport is stateless (one JSON answer per POST, no
session kept between requests), so nothing a key was allowed once outlives the key:
a revoked key's next request is refused by the gateway.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.types import Receive, Scope, Send

from leadsmith.api import authenticate
from leadsmith.api.principal import Principal
from leadsmith.billing.prices import to_millis
from leadsmith.errors import LeadsmithError
from leadsmith.mcp.server import Context, build_server
from leadsmith.mcp.tools import ToolCall

PATH = "/mcp"


def _state(ctx: Context) -> dict[str, Any]:
    request = ctx.request
    scope = getattr(request, "scope", None)
    if not isinstance(scope, dict):
        raise LeadsmithError("This MCP call did not arrive over HTTP.", code="internal", status=500)
    state: dict[str, Any] = scope.setdefault("state", {})
    return state


async def open_http_call(ctx: Context) -> ToolCall:
    """The call acts as the principal the gateway put on its HTTP request."""
    state = _state(ctx)
    principal = state.get("principal")
    if not isinstance(principal, Principal):
        raise authenticate.missing_key()
    request_id = state.get("request_id")
    return ToolCall(principal, request_id) if request_id else ToolCall(principal)


def close_http_call(ctx: Context, call: ToolCall) -> None:
    """Put what the call charged on its request, for the History page."""
    if call.charged:
        state = _state(ctx)
        state["credits_millis"] = int(state.get("credits_millis", 0)) + to_millis(call.charged)


class McpHttpEndpoint:
    """The ASGI app served at `/mcp`; `running()` belongs in the app's lifespan."""

    def __init__(self) -> None:
        self.server = build_server(open_http_call, close_http_call)
        self._manager: StreamableHTTPSessionManager | None = None

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the session manager while the app runs.

        The manager's task group lives in a task of its own: a lifespan may be entered and
        left in different tasks (test fixtures do), which a task group must not be.
        """
        # A manager runs once; a fresh one per lifespan lets an app be started again.
        manager = StreamableHTTPSessionManager(self.server, json_response=True, stateless=True)
        ready, stop = asyncio.Event(), asyncio.Event()

        async def hold() -> None:
            async with manager.run():
                self._manager = manager
                ready.set()
                await stop.wait()

        task = asyncio.create_task(hold(), name="mcp-session-manager")
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            waiter.cancel()
            task.result()  # the manager failed to start: raise why
        try:
            yield
        finally:
            self._manager = None
            stop.set()
            await task

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._manager is None:
            raise RuntimeError("the MCP endpoint is served only while the app is running")
        await self._manager.handle_request(scope, receive, send)
