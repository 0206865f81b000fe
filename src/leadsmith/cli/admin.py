"""Operator commands: keys, workspaces, credits, users, database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, TypeVar

import typer

from leadsmith.accounts import keys as key_service
from leadsmith.accounts.scopes import parse_scopes
from leadsmith.accounts.service import (
    create_user,
    get_or_create_workspace,
    get_workspace_by_name,
    update_workspace,
)
from leadsmith.billing import ledger
from leadsmith.billing.prices import credits_json
from leadsmith.cli.output import fail, print_json, print_record, print_table, stderr
from leadsmith.db.engine import dispose_engines, session_scope
from leadsmith.db.migrate import upgrade

T = TypeVar("T")

keys_app = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
workspaces_app = typer.Typer(help="Workspace plans and billing settings.", no_args_is_help=True)
credits_app = typer.Typer(help="Grant and inspect credits.", no_args_is_help=True)
users_app = typer.Typer(help="Dashboard users.", no_args_is_help=True)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


def run(fn: Callable[[], Awaitable[T]]) -> T:
    """Run one async unit of CLI work against the configured database."""

    async def main() -> T:
        try:
            return await fn()
        finally:
            await dispose_engines()

    try:
        return asyncio.run(main())
    except ValueError as exc:
        fail(str(exc))
        raise  # unreachable


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations."""
    upgrade()
    stderr.print("database is up to date")


@keys_app.command("create")
def keys_create(
    workspace: Annotated[str, typer.Option(help="Workspace name (created if missing).")],
    test: Annotated[bool, typer.Option("--test", help="A sandbox key that never charges.")] = False,
    scopes: Annotated[
        str | None, typer.Option(help="Comma-separated scopes; all by default.")
    ] = None,
    name: Annotated[str, typer.Option(help="A label for the key.")] = "",
    expires_in: Annotated[
        float | None, typer.Option("--expires-in", help="Days until it expires.")
    ] = None,
    allow_ip: Annotated[
        list[str] | None, typer.Option("--allow-ip", help="Allowed CIDR (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create an API key and print it (shown once)."""
    scope_list = parse_scopes_or_fail(scopes)

    async def work() -> dict[str, Any]:
        async with session_scope() as session:
            ws = await get_or_create_workspace(session, workspace)
            created = await key_service.create_key(
                session,
                ws,
                name=name,
                test=test,
                scopes=scope_list,
                expires_in_days=expires_in,
                allowed_ips=allow_ip,
            )
            return {
                "id": created.record.id,
                "key": created.key,
                "workspace": ws.name,
                "test": test,
                "scopes": created.record.scopes,
            }

    out = run(work)
    if as_json:
        print_json(out)
    else:
        print_record(out, title="API key (shown once: store it now)")


def parse_scopes_or_fail(text: str | None) -> list[str]:
    try:
        return parse_scopes(text)
    except ValueError as exc:
        fail(str(exc))
        raise


@keys_app.command("list")
def keys_list(
    workspace: Annotated[str, typer.Option(help="Workspace name.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List a workspace's keys (never the keys themselves)."""

    async def work() -> list[dict[str, Any]]:
        async with session_scope() as session:
            ws = await get_workspace_by_name(session, workspace)
            if ws is None:
                raise ValueError(f"no workspace named {workspace!r}")
            return [
                {
                    "id": k.id,
                    "name": k.name,
                    "prefix": k.prefix,
                    "test": k.test,
                    "scopes": k.scopes,
                    "created_at": k.created_at,
                    "last_used_at": k.last_used_at,
                    "expires_at": k.expires_at,
                    "revoked": k.revoked_at is not None,
                }
                for k in await key_service.list_keys(session, ws.id)
            ]

    rows = run(work)
    if as_json:
        print_json(rows)
    else:
        print_table(rows, ["id", "name", "prefix", "test", "revoked", "last_used_at"])


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id.")]) -> None:
    """Revoke a key; requests with it then get 401 revoked_key."""

    async def work() -> bool:
        async with session_scope() as session:
            return await key_service.revoke_key(session, None, key_id) is not None

    if not run(work):
        fail(f"no key with id {key_id}")
    stderr.print(f"revoked {key_id}")


@workspaces_app.command("set")
def workspaces_set(
    name: Annotated[str, typer.Argument(help="Workspace name (created if missing).")],
    plan: Annotated[str | None, typer.Option(help="free | pro | max | enterprise")] = None,
    status: Annotated[str | None, typer.Option(help="active | trialing | past_due")] = None,
    overage: Annotated[str | None, typer.Option(help="on | off")] = None,
    spend_cap: Annotated[
        str | None, typer.Option("--spend-cap", help="Credits per hour, or 'none'.")
    ] = None,
) -> None:
    """Change a workspace's plan, subscription status, overage and hourly spend cap."""
    if overage is not None and overage not in ("on", "off"):
        fail("--overage takes 'on' or 'off'")
    cap_value: float | None = None
    if spend_cap is not None and spend_cap != "none":
        try:
            cap_value = float(spend_cap)
        except ValueError:
            fail("--spend-cap takes a number of credits per hour, or 'none'")

    async def work() -> dict[str, Any]:
        async with session_scope() as session:
            ws = await get_or_create_workspace(session, name)
            update_workspace(
                ws,
                plan=plan,
                status=status,
                overage=None if overage is None else overage == "on",
                spend_cap=cap_value,
                clear_spend_cap=spend_cap == "none",
            )
            return {
                "name": ws.name,
                "plan": ws.plan,
                "status": ws.subscription_status,
                "overage": ws.overage_enabled,
                "spend_cap": None if ws.spend_cap_millis is None else ws.spend_cap_millis / 1000,
            }

    print_record(run(work), title="workspace")


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        fail(f"{text!r} is not a number of credits")
        raise


@credits_app.command("grant", context_settings={"ignore_unknown_options": True})
def credits_grant(
    name: Annotated[str, typer.Argument(help="Workspace name.")],
    amount: Annotated[str, typer.Argument(help="Credits; negative for an adjustment.")],
) -> None:
    """Add credits to a workspace (negative amounts adjust down)."""
    value = _amount(amount)

    async def work() -> ledger.Balance:
        async with session_scope() as session:
            ws = await get_workspace_by_name(session, name)
            if ws is None:
                raise ValueError(f"no workspace named {name!r}")
            await ledger.ensure_period_grant(session, ws)
            await ledger.grant(session, ws.id, value, operation="cli_grant")
            return await ledger.get_balance(session, ws.id)

    bal = run(work)
    stderr.print(f"granted {value}; balance is now {bal.balance}")


@credits_app.command("show")
def credits_show(
    name: Annotated[str, typer.Argument(help="Workspace name.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print balance, earned and spent."""

    async def work() -> ledger.Balance:
        async with session_scope() as session:
            ws = await get_workspace_by_name(session, name)
            if ws is None:
                raise ValueError(f"no workspace named {name!r}")
            await ledger.ensure_period_grant(session, ws)
            return await ledger.get_balance(session, ws.id)

    bal = run(work)
    out = {
        "balance": credits_json(bal.balance),
        "earned": credits_json(bal.earned),
        "spent": credits_json(bal.spent),
    }
    if as_json:
        print_json(out)
    else:
        print_record(out, title=f"credits of {name}")


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Argument(help="The user's email (their sign-in name).")],
    workspace: Annotated[str, typer.Option(help="Workspace name (created if missing).")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True, hide_input=True, confirmation_prompt=True, help="Asked for when not given."
        ),
    ] = "",
) -> None:
    """Create a dashboard user."""

    async def work() -> str:
        async with session_scope() as session:
            ws = await get_or_create_workspace(session, workspace)
            user = await create_user(session, email, password, ws)
            return user.id

    user_id = run(work)
    stderr.print(f"created user {email} ({user_id}) in workspace {workspace}")
