"""MCP over stdio (`leadsmith mcp`): one local client, one API key from the environment.

The key is checked when the server starts (a missing or bad key stops it with a clear
message) and again on every tool call, so a key that expires stops working at once and
one revoked within the key cache's few seconds. Each call counts against the key's rate
limit as an API request does.
The job runtime runs alongside, working the queues in-process as under `leadsmith serve`
(or, with `--no-jobs`, only enqueueing for a server or worker elsewhere).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp.server.stdio import stdio_server

from leadsmith.api import authenticate
from leadsmith.api.principal import Principal
from leadsmith.api.rate_limit import KeyRateLimiter, RateDecision, make_storage
from leadsmith.config import Settings
from leadsmith.db.engine import dispose_engines
from leadsmith.errors import LeadsmithError, RateLimited
from leadsmith.mcp.server import Context, build_server
from leadsmith.mcp.tools import ToolCall

KEY_ENV = "LEADSMITH_API_KEY"


def rate_limited(decision: RateDecision) -> RateLimited:
    # Worded as the API gateway words it.
    return RateLimited(
        f"More than {decision.limit} requests a minute for this key; retry after"
        f" {decision.retry_after} s, with jitter.",
        summary="Rate limit exceeded",
        extra={"retry_after": decision.retry_after},
    )


class StdioCaller:
    """Says who makes each call: the key from the environment, checked every time."""

    def __init__(self, key: str, limiter: KeyRateLimiter) -> None:
        self.key = key
        self.limiter = limiter

    async def principal(self) -> Principal:
        return await authenticate.principal_for_key(self.key, None)

    async def open_call(self, ctx: Context) -> ToolCall:
        principal = await self.principal()
        decision = await self.limiter.hit(principal.rate_key)
        if not decision.allowed:
            raise rate_limited(decision)
        return ToolCall(principal)


def missing_key() -> LeadsmithError:
    return LeadsmithError(
        f"Set {KEY_ENV} to a Leadsmith API key (lsk_live_... or lsk_test_...);"
        " create one with `leadsmith keys create`.",
        code="missing_key",
        status=401,
    )


async def check_key(key: str | None) -> Principal:
    """The key's principal, or a LeadsmithError saying what is wrong with it."""
    if not key or not key.strip():
        raise missing_key()
    return await authenticate.principal_for_key(key.strip(), None)


@asynccontextmanager
async def job_runtime(settings: Settings, *, work_queues: bool) -> AsyncIterator[None]:
    """The job runtime, as the server's lifespan runs it.

    It always starts, since batch and search tools enqueue jobs; `work_queues=False` only
    enqueues, for a `leadsmith serve` or `leadsmith worker` elsewhere to work them.
    """
    from leadsmith.batches.service import requeue_waiting_batches
    from leadsmith.job_tasks import load_task_modules
    from leadsmith.jobs import JobRuntime
    from leadsmith.webhooks.tasks import recover_deliveries

    load_task_modules()
    runtime = JobRuntime(settings)
    await runtime.start(work_queues=work_queues)
    try:
        if work_queues:
            await requeue_waiting_batches()
            await recover_deliveries()
        yield
    finally:
        await runtime.stop()


async def serve_stdio(key: str, settings: Settings, *, work_queues: bool) -> None:
    """Serve MCP on stdin/stdout until the client closes it."""
    caller = StdioCaller(
        key.strip(),
        KeyRateLimiter(
            make_storage(settings.redis_url),
            per_minute=settings.rate_limit_per_minute,
            burst_per_minute=settings.rate_limit_burst_per_minute,
        ),
    )
    server = build_server(caller.open_call)
    try:
        # Inside stdio_server stray prints go to stderr, not into the protocol.
        async with (
            stdio_server() as (read_stream, write_stream),
            job_runtime(settings, work_queues=work_queues),
        ):
            await server.run(read_stream, write_stream, server.create_initialization_options())
    finally:
        await dispose_engines()


def run(key: str, settings: Settings, *, work_queues: bool) -> None:
    asyncio.run(serve_stdio(key, settings, work_queues=work_queues))
