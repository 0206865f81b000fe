"""The FastAPI application: every contract family on one server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.routing import Route

from leadsmith import __version__
from leadsmith.api.errors import install_error_handlers
from leadsmith.api.gateway import ApiGateway
from leadsmith.api.rate_limit import KeyRateLimiter, make_storage
from leadsmith.api.routers import (
    account,
    batches,
    contacts,
    data_enrich,
    data_search,
    finder,
    leads_jobs,
    leads_tasks,
    lookup,
    prospecting,
    qualify,
    skills,
    webhooks,
)
from leadsmith.batches.service import requeue_waiting_batches
from leadsmith.config import Settings, get_settings
from leadsmith.db.engine import dispose_engines
from leadsmith.history.recorder import HistoryRecorder
from leadsmith.job_tasks import load_task_modules
from leadsmith.jobs import JobRuntime
from leadsmith.mcp.http import McpHttpEndpoint
from leadsmith.runtime import set_queue_state
from leadsmith.sources.sandbox import get_world
from leadsmith.web.app import install_dashboard
from leadsmith.webhooks.tasks import recover_deliveries


def create_app(settings: Settings | None = None, *, run_jobs: bool = True) -> FastAPI:
    """Build the app; `run_jobs` starts the in-process job runtime with it."""
    settings = settings or get_settings()
    recorder = HistoryRecorder()
    limiter = KeyRateLimiter(
        make_storage(settings.redis_url),
        per_minute=settings.rate_limit_per_minute,
        burst_per_minute=settings.rate_limit_burst_per_minute,
    )

    load_task_modules()
    runtime = JobRuntime(settings) if run_jobs else None
    mcp_endpoint = McpHttpEndpoint()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        recorder.start()
        # Build the sandbox world off the event loop now, not inside a test key's first request.
        warm = asyncio.create_task(asyncio.to_thread(get_world))
        if runtime is not None:
            await runtime.start()
            set_queue_state(
                status="ok",
                engine="dbos",
                mode="in-process" if runtime.work_queues else "enqueue-only",
            )
            await requeue_waiting_batches()
            await recover_deliveries()
        try:
            async with mcp_endpoint.running():
                yield
        finally:
            if runtime is not None:
                await runtime.stop()
                set_queue_state(status="stopped", mode="none")
            await recorder.stop()
            await dispose_engines()
            if not warm.done():
                warm.cancel()

    app = FastAPI(
        title="Leadsmith API",
        version=__version__,
        description=(
            "Self-hosted lead finding: search, find, verify, enrich and deliver B2B leads."
            " Authenticate with `Authorization: Bearer lsk_...` or `x-api-key`."
        ),
        lifespan=lifespan,
    )
    app.state.recorder = recorder
    app.state.job_runtime = runtime
    app.state.limiter = limiter
    install_error_handlers(app)
    app.include_router(account.router)
    app.include_router(leads_jobs.router)
    app.include_router(leads_tasks.router)
    app.include_router(data_search.router)
    app.include_router(contacts.router)
    app.include_router(finder.router)
    app.include_router(data_enrich.router)
    app.include_router(lookup.router)
    app.include_router(prospecting.router)
    app.include_router(qualify.router)
    app.include_router(batches.router)
    app.include_router(skills.router)
    app.include_router(webhooks.router)
    # A route, not a mount: clients POST to /mcp itself, which a mount would redirect.
    app.router.routes.append(
        Route("/mcp", mcp_endpoint, methods=["GET", "POST", "DELETE"], include_in_schema=False)
    )
    install_dashboard(app)
    app.add_middleware(ApiGateway, limiter=limiter, recorder=recorder)
    return app
