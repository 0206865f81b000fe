"""`leadsmith webhooks ...`: endpoints, deliveries and the dead-letter queue."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith import jobs
from leadsmith.accounts.service import get_workspace_by_name
from leadsmith.cli.admin import run
from leadsmith.cli.output import fail, print_json, print_record, print_table, stderr
from leadsmith.db.engine import session_scope
from leadsmith.errors import LeadsmithError
from leadsmith.webhooks import service
from leadsmith.webhooks.models import WebhookDelivery, WebhookEndpoint
from leadsmith.webhooks.schemas import (
    DeliveryDetail,
    DeliveryOut,
    EndpointOut,
    EndpointWithSecret,
)

T = TypeVar("T")

webhooks_app = typer.Typer(
    help="Webhook endpoints, deliveries and the dead-letter queue.", no_args_is_help=True
)

WorkspaceOption = Annotated[str, typer.Option("--workspace", help="Workspace name.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _run(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work`, turning service errors into a clean CLI failure."""

    async def guarded() -> T:
        try:
            return await work()
        except LeadsmithError as exc:
            raise ValueError(exc.message) from exc

    return run(guarded)


async def _workspace_id(session: AsyncSession, name: str) -> str:
    ws = await get_workspace_by_name(session, name)
    if ws is None:
        raise ValueError(f"no workspace named {name!r}")
    return ws.id


async def _owner_of(session: AsyncSession, model: type[Any], row_id: str, what: str) -> str:
    # Operators may name a row by id alone, as `keys revoke ID` does.
    row = await session.get(model, row_id)
    if row is None:
        raise ValueError(f"no webhook {what} with id {row_id}")
    return str(row.workspace_id)


def _events(text: str | None) -> list[str] | None:
    return None if text is None else [e for e in text.split(",") if e.strip()]


@webhooks_app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="https URL that receives the events.")],
    workspace: WorkspaceOption,
    events: Annotated[
        str | None, typer.Option(help="Comma-separated events; all by default.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Register an endpoint and print its whsec_ secret (shown once)."""

    async def work() -> dict[str, Any]:
        async with session_scope() as session:
            ws_id = await _workspace_id(session, workspace)
            endpoint, secret = await service.create_endpoint(session, ws_id, url, _events(events))
            return EndpointWithSecret.with_secret(endpoint, secret).model_dump()

    out = _run(work)
    if as_json:
        print_json(out)
    else:
        print_record(out, title="Webhook endpoint (secret shown once: store it now)")


@webhooks_app.command("list")
def list_(workspace: WorkspaceOption, as_json: JsonOption = False) -> None:
    """List a workspace's endpoints (never their secrets)."""

    async def work() -> list[dict[str, Any]]:
        async with session_scope() as session:
            ws_id = await _workspace_id(session, workspace)
            return [
                EndpointOut.of(e).model_dump() for e in await service.list_endpoints(session, ws_id)
            ]

    rows = _run(work)
    if as_json:
        print_json(rows)
    else:
        shown = [{**r, "events": ", ".join(r["events"])} for r in rows]
        print_table(shown, ["id", "url", "events", "status", "disabled_reason", "created_at"])


@webhooks_app.command("update")
def update(
    endpoint_id: Annotated[str, typer.Argument(help="The endpoint's id.")],
    url: Annotated[str | None, typer.Option(help="New URL.")] = None,
    events: Annotated[str | None, typer.Option(help="Comma-separated events, or *.")] = None,
    enable: Annotated[
        bool | None, typer.Option("--enable/--disable", help="Re-enable or pause it.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Change an endpoint's URL or events, or disable / re-enable it."""

    async def work() -> dict[str, Any]:
        async with session_scope() as session:
            ws_id = await _owner_of(session, WebhookEndpoint, endpoint_id, "endpoint")
            endpoint = await service.update_endpoint(
                session, ws_id, endpoint_id, url=url, events=_events(events), enabled=enable
            )
            return EndpointOut.of(endpoint).model_dump()

    out = _run(work)
    if as_json:
        print_json(out)
    else:
        print_record(out, title="webhook endpoint")


@webhooks_app.command("remove")
def remove(endpoint_id: Annotated[str, typer.Argument(help="The endpoint's id.")]) -> None:
    """Delete an endpoint and its delivery history."""

    async def work() -> None:
        async with session_scope() as session:
            ws_id = await _owner_of(session, WebhookEndpoint, endpoint_id, "endpoint")
            await service.delete_endpoint(session, ws_id, endpoint_id)

    _run(work)
    stderr.print(f"removed {endpoint_id}")


@webhooks_app.command("rotate-secret")
def rotate_secret(
    endpoint_id: Annotated[str, typer.Argument(help="The endpoint's id.")],
    as_json: JsonOption = False,
) -> None:
    """Replace an endpoint's secret and print the new one (shown once)."""

    async def work() -> dict[str, Any]:
        async with session_scope() as session:
            ws_id = await _owner_of(session, WebhookEndpoint, endpoint_id, "endpoint")
            endpoint, secret = await service.rotate_secret(session, ws_id, endpoint_id)
            return EndpointWithSecret.with_secret(endpoint, secret).model_dump()

    out = _run(work)
    if as_json:
        print_json(out)
    else:
        print_record(out, title="Webhook endpoint (new secret shown once: store it now)")


@webhooks_app.command("deliveries")
def deliveries(
    workspace: WorkspaceOption,
    dead: Annotated[bool, typer.Option("--dead", help="Only the dead-letter queue.")] = False,
    status: Annotated[str | None, typer.Option(help="pending | delivered | failed | dead")] = None,
    endpoint: Annotated[str | None, typer.Option(help="Only this endpoint's.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List deliveries, newest first."""
    if dead and status not in (None, "dead"):
        fail("--dead and --status disagree")

    async def work() -> list[dict[str, Any]]:
        async with session_scope() as session:
            ws_id = await _workspace_id(session, workspace)
            rows, _ = await service.list_deliveries(
                session,
                ws_id,
                status="dead" if dead else status,
                endpoint_id=endpoint,
                limit=limit,
            )
            return [DeliveryOut.of(d).model_dump() for d in rows]

    rows = _run(work)
    if as_json:
        print_json(rows)
    else:
        print_table(
            rows,
            [
                "id",
                "event",
                "status",
                "attempt_count",
                "last_status_code",
                "last_error",
                "created_at",
            ],
        )


@webhooks_app.command("show")
def show(
    delivery_id: Annotated[str, typer.Argument(help="The delivery's id.")],
    as_json: JsonOption = False,
) -> None:
    """Show one delivery with every attempt."""

    async def work() -> dict[str, Any]:
        async with session_scope() as session:
            ws_id = await _owner_of(session, WebhookDelivery, delivery_id, "delivery")
            delivery, attempts = await service.get_delivery(session, ws_id, delivery_id)
            return DeliveryDetail.with_attempts(delivery, attempts).model_dump()

    out = _run(work)
    if as_json:
        print_json(out)
        return
    attempts = out.pop("attempts")
    out.pop("payload")
    print_record(out, title="webhook delivery")
    print_table(
        attempts,
        ["sequence", "number", "succeeded", "response_status", "duration_ms", "error"],
        title="attempts",
    )


@webhooks_app.command("replay")
def replay(
    delivery_id: Annotated[
        str | None, typer.Argument(help="The delivery's id (or use --all-dead).")
    ] = None,
    all_dead: Annotated[
        bool, typer.Option("--all-dead", help="Replay the whole dead-letter queue.")
    ] = False,
    workspace: Annotated[
        str | None, typer.Option("--workspace", help="Workspace name (with --all-dead).")
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option(help="With --all-dead: only this endpoint's.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Send dead deliveries again; the server or a worker makes the attempts."""
    if (delivery_id is None) == (not all_dead):
        fail("give a delivery id or --all-dead, not both")
    if all_dead and workspace is None:
        fail("--all-dead needs --workspace")

    async def work() -> list[str]:
        # An enqueue-only runtime: the jobs go to the system database and the processes
        # that work queues (the server, `leadsmith worker`) deliver them.
        runtime = jobs.JobRuntime()
        await runtime.start(work_queues=False)
        try:
            async with session_scope() as session:
                if delivery_id is not None:
                    ws_id = await _owner_of(session, WebhookDelivery, delivery_id, "delivery")
                    await service.replay_delivery(session, ws_id, delivery_id)
                    return [delivery_id]
                assert workspace is not None
                ws_id = await _workspace_id(session, workspace)
                outcome = await service.replay_dead(session, ws_id, endpoint)
                if outcome.skipped_disabled:
                    stderr.print(f"skipped {outcome.skipped_disabled} whose endpoint is disabled")
                return outcome.replayed
        finally:
            await runtime.stop()  # waits for the post-commit enqueues

    replayed = _run(work)
    if as_json:
        print_json({"replayed": len(replayed), "delivery_ids": replayed})
    else:
        stderr.print(f"replaying {len(replayed)} deliver{'y' if len(replayed) == 1 else 'ies'}")
