"""The MCP server: lists the tools and runs a call with the API's rules.

Transport-neutral: each transport says who makes a call (`CallerSource`), the server
checks the key's scopes, validates the arguments, runs the tool, and turns every
failure into a tool error (`isError`) carrying the API's error envelope, so a model sees
`insufficient_credits`, `scope_denied` or `invalid_input` with the same message a
client of the HTTP API would, and the server never crashes on a bad call.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import mcp_types as types
from fastapi.exceptions import RequestValidationError
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from pydantic import ValidationError

from leadsmith import __version__
from leadsmith.api.deps import scope_denied
from leadsmith.api.envelope import error_body
from leadsmith.api.errors import describe_validation
from leadsmith.errors import LeadsmithError
from leadsmith.mcp.tools import TOOLS, TOOLS_BY_NAME, Tool, ToolCall

log = logging.getLogger(__name__)

Context = ServerRequestContext[Any, Any]
# Who makes this call (raises LeadsmithError when nobody may), and what to do once it ran.
OpenCall = Callable[[Context], Awaitable[ToolCall]]
CloseCall = Callable[[Context, ToolCall], None]

INSTRUCTIONS = (
    "Leadsmith finds, verifies and enriches B2B contacts. lookup finds a person's email or"
    " phone; verify_email checks an address; domain_finder resolves a company name;"
    " qualify and research_prospect judge a prospect against the workspace's ICP."
    " batch_enrich and batch_verify start asynchronous batches (poll batch_status, then"
    " batch_download); lead_search finds people from a description (poll"
    " lead_search_status, then lead_search_results). Failed calls return the error code"
    " and message (e.g. insufficient_credits, scope_denied, invalid_input)."
)


def tool_listing(tool: Tool) -> types.Tool:
    return types.Tool(
        name=tool.name,
        title=tool.title,
        description=f"{tool.description} Needs the '{tool.scopes[0]}' scope"
        + (f" (or '{tool.scopes[1]}')." if len(tool.scopes) > 1 else "."),
        input_schema=tool.input_schema(),
        annotations=types.ToolAnnotations(
            title=tool.title,
            read_only_hint=tool.read_only,
            destructive_hint=False,
            open_world_hint=not tool.read_only,
        ),
    )


def invalid_arguments(exc: ValidationError) -> LeadsmithError:
    """The API's `invalid_input` for a body that failed validation, word for word."""
    message = describe_validation(RequestValidationError(exc.errors()))
    return LeadsmithError(
        message, code="invalid_input", status=400, summary=f"Invalid request: {message}"
    )


def _internal() -> LeadsmithError:
    return LeadsmithError(
        "Something went wrong on our side. Retry the call.",
        code="internal",
        status=500,
        summary="Internal error",
    )


def tool_error(err: LeadsmithError, request_id: str | None) -> types.CallToolResult:
    """A failed call as an MCP tool error carrying the API's error envelope and status."""
    status, body = error_body({"path": "/mcp", "state": {"request_id": request_id}}, err)
    body["status"] = status
    return types.CallToolResult(
        content=[types.TextContent(text=json.dumps(body, separators=(",", ":")))],
        structured_content=body,
        is_error=True,
    )


def tool_result(answer: dict[str, Any]) -> types.CallToolResult:
    return types.CallToolResult(
        content=[types.TextContent(text=json.dumps(answer, separators=(",", ":"), default=str))],
        structured_content=answer,
    )


async def run_tool(tool: Tool, call: ToolCall, arguments: dict[str, Any]) -> dict[str, Any]:
    """Check scope and arguments, then run the tool (raises LeadsmithError)."""
    if not call.principal.scopes.intersection(tool.scopes):
        raise scope_denied(tool.scopes)
    try:
        args = tool.input.model_validate(arguments)
    except ValidationError as exc:
        raise invalid_arguments(exc) from exc
    return await tool.handler(call, args)


def build_server(open_call: OpenCall, close_call: CloseCall | None = None) -> Server[Any]:
    """The Leadsmith MCP server; `open_call` says who makes each tool call."""

    async def list_tools(
        ctx: Context, params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[tool_listing(t) for t in TOOLS])

    async def call_tool(ctx: Context, params: types.CallToolRequestParams) -> types.CallToolResult:
        call: ToolCall | None = None
        try:
            call = await open_call(ctx)
            tool = TOOLS_BY_NAME.get(params.name)
            if tool is None:
                raise LeadsmithError(
                    f"There is no tool {params.name!r}; the tools are {', '.join(TOOLS_BY_NAME)}.",
                    code="not_found",
                    status=404,
                    summary="Unknown tool",
                )
            return tool_result(await run_tool(tool, call, dict(params.arguments or {})))
        except LeadsmithError as err:
            return tool_error(err, call.reference if call else None)
        except Exception:
            log.exception("MCP tool %s failed", params.name)
            return tool_error(_internal(), call.reference if call else None)
        finally:
            if call is not None and close_call is not None:
                close_call(ctx, call)

    return Server(
        "leadsmith",
        version=__version__,
        title="Leadsmith",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )
