"""`leadsmith serve` and `leadsmith worker`."""

from __future__ import annotations

import asyncio
import os
from typing import Annotated

import typer

from leadsmith.accounts.bootstrap import ensure_sandbox_key, has_dashboard_user
from leadsmith.cli.output import stderr
from leadsmith.config import get_settings
from leadsmith.db.engine import dispose_engines
from leadsmith.db.migrate import upgrade


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    ) -> None:
        """Migrate the database and start the server (with in-process workers)."""
        import uvicorn

        from leadsmith.api.app import create_app

        settings = get_settings()
        upgrade()

        async def bootstrap() -> tuple[str, bool]:
            try:
                key, _created = await ensure_sandbox_key(settings)
                return key, await has_dashboard_user()
            finally:
                await dispose_engines()

        key, users = asyncio.run(bootstrap())
        url = f"http://{host}:{port}"
        if "LEADSMITH_BASE_URL" not in os.environ:
            settings.base_url = url  # links in responses and webhooks point at this server
        database = "SQLite" if settings.is_sqlite else "PostgreSQL"
        for line in (
            f"Leadsmith is starting on [bold]{url}[/bold] (database: {database})",
            f"Sandbox test key: [bold]{key}[/bold]",
            f"Try: curl -H 'Authorization: Bearer {key}' {url}/api/v1/me",
            f"Dashboard: {url}/"
            + (
                ""
                if users
                else " (first create a user: leadsmith users create EMAIL --workspace NAME)"
            ),
        ):
            stderr.print(line, soft_wrap=True)
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")

    @app.command()
    def worker() -> None:
        """Work the job queues (scale-out: run as many as you like)."""
        from leadsmith.job_tasks import load_task_modules
        from leadsmith.jobs.worker import run_worker_forever

        load_task_modules()
        settings = get_settings()
        upgrade()
        stderr.print("Leadsmith worker started; Ctrl-C to stop")
        asyncio.run(run_worker_forever(settings))
