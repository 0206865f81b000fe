"""`leadsmith mcp`: the MCP server on stdin/stdout for a local AI client."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from typing import Annotated

import typer

from leadsmith.cli.output import stderr
from leadsmith.config import get_settings
from leadsmith.db.engine import dispose_engines
from leadsmith.db.migrate import upgrade
from leadsmith.errors import LeadsmithError


def register(app: typer.Typer) -> None:
    @app.command("mcp")
    def mcp_command(
        jobs: Annotated[
            bool,
            typer.Option(
                help="Work batches and searches in this process, as `serve` does; with"
                " --no-jobs they are only queued, for a running server or worker."
            ),
        ] = True,
    ) -> None:
        """Serve MCP over stdio with the API key in LEADSMITH_API_KEY (for Claude, Cursor...)."""
        from leadsmith.mcp.stdio import KEY_ENV, missing_key, run

        settings = get_settings()
        key = os.environ.get(KEY_ENV, "")
        try:
            if not key.strip():
                raise missing_key()  # said at once, before touching the database
            # stdout is the protocol channel: nothing but MCP messages may reach it.
            with contextlib.redirect_stdout(sys.stderr):
                upgrade()
            asyncio.run(_check(key))
        except LeadsmithError as err:
            stderr.print(f"leadsmith mcp: {err.code}: {err.message}", soft_wrap=True)
            raise typer.Exit(2) from None
        run(key, settings, work_queues=jobs and settings.jobs_in_process)


async def _check(key: str) -> None:
    from leadsmith.mcp.stdio import check_key

    try:
        await check_key(key)
    finally:
        await dispose_engines()
