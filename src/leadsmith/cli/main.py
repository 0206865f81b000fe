"""The `leadsmith` command."""

from __future__ import annotations

import typer

from leadsmith.cli import admin, enrich, mcp, parse, search, server, verify
from leadsmith.cli.icp import icp_app
from leadsmith.cli.webhooks import webhooks_app

app = typer.Typer(
    help="Leadsmith: find, verify and enrich B2B leads on your own machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(admin.keys_app, name="keys")
app.add_typer(admin.workspaces_app, name="workspaces")
app.add_typer(admin.credits_app, name="credits")
app.add_typer(admin.users_app, name="users")
app.add_typer(admin.db_app, name="db")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(icp_app, name="icp")
server.register(app)
verify.register(app)
parse.register(app)
search.register(app)
enrich.register(app)
mcp.register(app)


if __name__ == "__main__":
    app()
