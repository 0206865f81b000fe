"""The FastAPI application: every contract family on one server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from leadsmith import __version__
from leadsmith.api.errors import install_error_handlers
from leadsmith.api.gateway import ApiGateway
from leadsmith.api.rate_limit import KeyRateLimiter, make_storage
from leadsmith.api.routers import account
from leadsmith.config import Settings, get_settings
from leadsmith.db.engine import dispose_engines
from leadsmith.history.recorder import HistoryRecorder


def create_app(settings: Settings | None = None, *, run_jobs: bool = True) -> FastAPI:
    """Build the app; `run_jobs` starts the in-process job runtime with it."""
    settings = settings or get_settings()
    recorder = HistoryRecorder()
    limiter = KeyRateLimiter(
        make_storage(settings.redis_url),
        per_minute=settings.rate_limit_per_minute,
        burst_per_minute=settings.rate_limit_burst_per_minute,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        recorder.start()
        try:
            yield
        finally:
            await recorder.stop()
            await dispose_engines()

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
    app.state.limiter = limiter
    install_error_handlers(app)
    app.include_router(account.router)
    app.add_middleware(ApiGateway, limiter=limiter, recorder=recorder)
    return app
