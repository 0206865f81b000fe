"""MCP fixtures: the real server on a local port (streamable HTTP), and clients for it
and for `leadsmith mcp` over stdio, all through the official `mcp` SDK."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
import uvicorn
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp_types import CallToolResult

from leadsmith.api.app import create_app
from leadsmith.config import get_settings
from leadsmith.jobs import JobRuntime

EXPECTED_TOOLS = {
    "lookup",
    "verify_email",
    "qualify",
    "domain_finder",
    "research_prospect",
    "batch_enrich",
    "batch_verify",
    "batch_status",
    "batch_download",
    "clean_names",
    "lead_search",
    "lead_search_status",
    "lead_search_results",
}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def server_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    """The whole app served by uvicorn on a free port, with a job runtime working queues."""
    # Polling tests make many requests; the limit itself is the gateway's, tested elsewhere.
    settings = get_settings().model_copy(
        update={"rate_limit_per_minute": 600, "rate_limit_burst_per_minute": 1200}
    )
    app = create_app(settings, run_jobs=False)  # first: it registers every job task
    system = f"sqlite:///{tmp_path_factory.mktemp('mcp-jobs') / 'jobs.sqlite'}"
    runtime = JobRuntime(system_database_url=system, poll_interval=0.05)
    await runtime.start(work_queues=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        for _ in range(200):
            if server.started:
                break
            if serving.done():
                serving.result()
            await asyncio.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        sock.close()
        await runtime.stop()


@asynccontextmanager
async def http_client(url: str, key: str | None) -> AsyncIterator[Client]:
    """An MCP client on `url`/mcp sending `key` as a Bearer token."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    transport = streamable_http_client(
        f"{url}/mcp", http_client=create_mcp_http_client(headers=headers)
    )
    async with Client(transport, read_timeout_seconds=60) as client:
        yield client


def leadsmith_command() -> tuple[str, list[str]]:
    """`leadsmith` as installed, else the same CLI through this interpreter."""
    found = shutil.which("leadsmith")
    if found:
        return found, []
    return sys.executable, ["-m", "leadsmith.cli.main"]


def stdio_env(tmp: Path, key: str | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ, **extra)
    env.pop("LEADSMITH_API_KEY", None)
    if key is not None:
        env["LEADSMITH_API_KEY"] = key
    # Its job engine gets a system database of its own, apart from the test process's.
    env["LEADSMITH_JOBS_SYSTEM_DATABASE_URL"] = f"sqlite:///{tmp / 'stdio-jobs.sqlite'}"
    return env


@asynccontextmanager
async def stdio_client(
    tmp: Path, key: str, *, jobs: bool = False, **env: str
) -> AsyncIterator[Client]:
    """An MCP client talking to a `leadsmith mcp` subprocess."""
    command, prefix = leadsmith_command()
    params = StdioServerParameters(
        command=command,
        args=[*prefix, "mcp", "--jobs" if jobs else "--no-jobs"],
        env=stdio_env(tmp, key, **env),
    )
    async with Client(params, read_timeout_seconds=60) as client:
        yield client


def answer(result: CallToolResult) -> dict[str, Any]:
    """A successful call's structured answer (its text content says the same)."""
    assert not result.is_error, result.content
    assert isinstance(result.structured_content, dict)
    assert json.loads(result.content[0].text) == result.structured_content  # type: ignore[union-attr]
    return result.structured_content


def failure(result: CallToolResult) -> dict[str, Any]:
    """A failed call's error envelope."""
    assert result.is_error, result.structured_content
    assert isinstance(result.structured_content, dict)
    return result.structured_content


async def poll(
    call: Callable[[], Awaitable[dict[str, Any]]], done: set[str], seconds: float = 20
) -> dict[str, Any]:
    """Call until the answer's status is in `done`."""
    body: dict[str, Any] = {}
    for _ in range(int(seconds / 0.1)):
        body = await call()
        if body["status"] in done:
            return body
        await asyncio.sleep(0.1)
    raise AssertionError(f"not finished: {body}")
