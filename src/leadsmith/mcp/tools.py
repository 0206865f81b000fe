"""The MCP tools: seed 003's ten plus lead search, each over the same service as its route.

A tool is a name, a description written for a model, an input model (its JSON schema is
what clients see; validation failures are `invalid_input` exactly as on the API), the
scopes that allow it, and a handler that calls one service. Handlers return compact
JSON: the route's answer minus bulk a model does not need (provenance trails).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from leadsmith.accounts.models import Workspace
from leadsmith.ai.llm import LLMClient
from leadsmith.ai.qualify import CrawlFn
from leadsmith.ai.service import QualifyRequest, qualify_for_workspace, research_for_workspace
from leadsmith.api.principal import Principal
from leadsmith.api.schemas import iso
from leadsmith.batches import service as batches
from leadsmith.batches.events import batch_urls
from leadsmith.batches.models import Batch
from leadsmith.companies.clean_names import clean_name_batch
from leadsmith.db.engine import read_scope, session_scope
from leadsmith.emails.service import response_fields, verify_for_workspace
from leadsmith.enrich.service import domain_for_workspace, lookup_for_workspace
from leadsmith.errors import NotFound
from leadsmith.search import service as search
from leadsmith.search.models import SearchResult, SearchRun
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.web import WebCrawler


@dataclass(slots=True)
class ToolCall:
    """One tool call: who makes it, a reference unique to it, what it charged."""

    principal: Principal
    reference: str = field(default_factory=lambda: "mcp_" + uuid.uuid4().hex[:24])
    charged: Decimal = Decimal(0)

    def charge(self, amount: Decimal) -> None:
        self.charged += amount


class ToolInput(BaseModel):
    # Unknown arguments are refused so a misspelt field is not silently ignored.
    model_config = ConfigDict(extra="forbid")


Handler = Callable[[ToolCall, Any], Awaitable[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    title: str
    description: str
    input: type[ToolInput]
    scopes: tuple[str, ...]  # any one of them allows the call
    handler: Handler
    read_only: bool = False

    def input_schema(self) -> dict[str, Any]:
        return inline_schema(self.input.model_json_schema())


def inline_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with `$ref`s inlined and pydantic's generated titles dropped."""
    defs = schema.get("$defs", {})

    def walk(node: Any, in_properties: bool = False) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                merged = {**defs[ref.removeprefix("#/$defs/")], **node}
                merged.pop("$ref")
                return walk(merged)
            return {
                k: walk(v, in_properties=k == "properties")
                for k, v in node.items()
                if k != "$defs" and not (k == "title" and isinstance(v, str) and not in_properties)
            }
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    result = walk(schema)
    assert isinstance(result, dict)
    return result


async def _workspace(principal: Principal) -> Workspace:
    async with read_scope() as session:
        workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    return workspace


@asynccontextmanager
async def _crawler(test: bool) -> AsyncIterator[CrawlFn | None]:
    """A site crawler for a live call; test keys never touch the network."""
    if test:
        yield None
        return
    crawler = WebCrawler()
    try:
        yield crawler.crawl
    finally:
        await crawler.aclose()


# -- lookup, verify, qualify, domain finder, research ---------------------------------------


class LookupInput(ToolInput):
    first_name: str = Field(min_length=1, max_length=100, description="The person's first name.")
    last_name: str = Field(min_length=1, max_length=100, description="The person's last name.")
    domain: str | None = Field(
        default=None,
        max_length=255,
        description="Their company's domain, e.g. acme.com (give this or linkedin_url).",
    )
    linkedin_url: str | None = Field(
        default=None, max_length=500, description="Their LinkedIn profile URL (or give domain)."
    )
    lookup_type: Literal["email", "phone", "both"] = Field(
        default="email", description="What to find: email (1 credit), phone (5) or both (6)."
    )
    company_name: str | None = Field(default=None, max_length=200, description="Improves accuracy.")
    job_title: str | None = Field(default=None, max_length=200, description="Improves accuracy.")
    country: str | None = Field(
        default=None, max_length=2, description="ISO 3166 two-letter country code."
    )

    @model_validator(mode="after")
    def _either(self) -> LookupInput:
        # As /v1/lookup's body says it, so the tool error reads the same.
        if not ((self.domain or "").strip() or (self.linkedin_url or "").strip()):
            raise ValueError("give either domain or linkedin_url")
        return self


async def lookup(call: ToolCall, args: LookupInput) -> dict[str, Any]:
    query = PersonQuery(
        first_name=args.first_name.strip(),
        last_name=args.last_name.strip(),
        domain=(args.domain or "").strip() or None,
        company_name=(args.company_name or "").strip() or None,
        linkedin_url=(args.linkedin_url or "").strip() or None,
        job_title=args.job_title,
        country=(args.country or "").upper() or None,
    )
    workspace = await _workspace(call.principal)
    answer, charged = await lookup_for_workspace(
        workspace, query, lookup_type=args.lookup_type, test=call.principal.test
    )
    call.charge(charged)
    answer.pop("provenance", None)
    return answer


class VerifyEmailInput(ToolInput):
    email: str = Field(min_length=1, max_length=320, description="The address to verify.")


async def verify_email(call: ToolCall, args: VerifyEmailInput) -> dict[str, Any]:
    workspace = await _workspace(call.principal)
    result, charged = await verify_for_workspace(workspace, args.email, test=call.principal.test)
    call.charge(charged)
    return response_fields(result, charged)


class QualifyInput(ToolInput):
    domain: str = Field(min_length=1, max_length=255, description="The prospect company's domain.")
    company_name: str | None = Field(default=None, max_length=200, description="Improves scoring.")
    first_name: str | None = Field(
        default=None, max_length=100, description="Person mode: the contact's first name."
    )
    last_name: str | None = Field(
        default=None, max_length=100, description="Person mode: the contact's last name."
    )
    job_title: str | None = Field(
        default=None, max_length=200, description="Person mode: the contact's title."
    )
    employees: int | None = Field(default=None, ge=0, description="Company headcount.")
    industry: str | None = Field(default=None, max_length=200, description="Company industry.")
    description: str | None = Field(
        default=None, max_length=5000, description="What the company does."
    )
    country: str | None = Field(default=None, max_length=60, description="Country (ISO or name).")
    technologies: list[str] | None = Field(default=None, description="Technologies they use.")


async def qualify(call: ToolCall, args: QualifyInput) -> dict[str, Any]:
    workspace = await _workspace(call.principal)
    async with _crawler(call.principal.test) as crawl:
        answer, charged = await qualify_for_workspace(
            workspace,
            QualifyRequest(**args.model_dump()),
            test=call.principal.test,
            llm=LLMClient.from_settings(),
            crawl=crawl,
            reference=call.reference,
        )
    call.charge(charged)
    return answer


class DomainFinderInput(ToolInput):
    company_name: str = Field(
        min_length=1, max_length=200, description="The company name to resolve, e.g. Acme Inc."
    )


async def domain_finder(call: ToolCall, args: DomainFinderInput) -> dict[str, Any]:
    workspace = await _workspace(call.principal)
    answer, charged = await domain_for_workspace(
        workspace, args.company_name, test=call.principal.test
    )
    call.charge(charged)
    return answer


class ResearchInput(ToolInput):
    domain: str = Field(min_length=1, max_length=255, description="The prospect's domain.")
    company_name: str | None = Field(default=None, max_length=200, description="Display name.")
    contact_name: str | None = Field(
        default=None, max_length=200, description="The decision-maker's name."
    )
    contact_title: str | None = Field(
        default=None, max_length=200, description="The decision-maker's title."
    )
    company_description: str | None = Field(
        default=None, max_length=5000, description="What the company does (a hint)."
    )


async def research_prospect(call: ToolCall, args: ResearchInput) -> dict[str, Any]:
    workspace = await _workspace(call.principal)
    async with _crawler(call.principal.test) as crawl:
        answer, charged = await research_for_workspace(
            workspace,
            domain=args.domain,
            company_name=args.company_name,
            contact_name=args.contact_name,
            contact_title=args.contact_title,
            company_description=args.company_description,
            test=call.principal.test,
            llm=LLMClient.from_settings(),
            crawl=crawl,
        )
    call.charge(charged)
    return answer


# -- batches ----------------------------------------------------------------------------------


class EnrichRowInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    domain: str | None = Field(default=None, max_length=255, description="Company domain.")
    linkedin_url: str | None = Field(default=None, max_length=500)
    company_name: str | None = Field(default=None, max_length=200)
    job_title: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=2, description="ISO country code.")


class BatchEnrichInput(ToolInput):
    rows: list[EnrichRowInput] = Field(
        description="1 to 10,000 contacts: first_name, last_name and domain or linkedin_url."
    )
    find_phones: bool = Field(
        default=True, description="Also find phones (5 credits per phone found)."
    )
    name: str | None = Field(default=None, max_length=200, description="A display name.")


def _started(batch: Batch) -> dict[str, Any]:
    return {
        "batch_id": batch.id,
        "kind": batch.kind,
        "status": "queued",
        "total_rows": batch.total_rows,
        "next": "Poll batch_status with this batch_id; when it says completed, call"
        " batch_download.",
    }


async def batch_enrich(call: ToolCall, args: BatchEnrichInput) -> dict[str, Any]:
    async with session_scope() as session:
        workspace = await session.get(Workspace, call.principal.workspace_id)
        if workspace is None:
            raise NotFound("This key's workspace no longer exists.")
        batch = await batches.start_enrich_batch(
            session,
            workspace,
            [r.model_dump(exclude_none=True) for r in args.rows],
            find_phones=args.find_phones,
            name=args.name,
            test=call.principal.test,
        )
    return _started(batch)


class BatchVerifyInput(ToolInput):
    emails: list[str] = Field(description="1 to 10,000 addresses to verify.")
    name: str | None = Field(default=None, max_length=200, description="A display name.")


async def batch_verify(call: ToolCall, args: BatchVerifyInput) -> dict[str, Any]:
    async with session_scope() as session:
        workspace = await session.get(Workspace, call.principal.workspace_id)
        if workspace is None:
            raise NotFound("This key's workspace no longer exists.")
        batch = await batches.start_verify_batch(
            session, workspace, args.emails, name=args.name, test=call.principal.test
        )
    return _started(batch)


class BatchIdInput(ToolInput):
    batch_id: str = Field(min_length=1, max_length=64, description="The id a batch tool returned.")


async def batch_status(call: ToolCall, args: BatchIdInput) -> dict[str, Any]:
    async with read_scope() as session:
        batch = await batches.get_batch(session, call.principal.workspace_id, args.batch_id)
        counts = await batches.status_counts(session, batch.id)
    _status_url, download_url = batch_urls(batch.id)
    return {
        "batch_id": batch.id,
        "kind": batch.kind,
        "status": batch.status,
        "name": batch.name,
        "total_rows": batch.total_rows,
        "processed_rows": batch.processed_rows,
        "found_count": batch.found_count,
        "not_found_count": batch.not_found_count,
        "status_counts": counts,
        "error": batch.error,
        "download_url": download_url if batch.status == "completed" else None,
        "created_at": iso(batch.created_at),
        "completed_at": iso(batch.completed_at),
    }


class BatchDownloadInput(BatchIdInput):
    format: Literal["json", "csv"] = Field(
        default="json", description="json: result objects; csv: one CSV text."
    )
    offset: int = Field(default=0, ge=0, description="Skip this many results.")
    limit: int = Field(default=100, ge=1, le=1000, description="At most this many results.")


async def batch_download(call: ToolCall, args: BatchDownloadInput) -> dict[str, Any]:
    async with read_scope() as session:
        batch, results = await batches.finished_results(
            session, call.principal.workspace_id, args.batch_id
        )
    window = results[args.offset : args.offset + args.limit]
    answer: dict[str, Any] = {
        "batch_id": batch.id,
        "kind": batch.kind,
        "status": batch.status,
        "total_results": len(results),
        "offset": args.offset,
        "returned": len(window),
    }
    if args.format == "csv":
        answer["csv"] = batches.to_csv(window, batches.csv_columns(batch.kind, results))
    else:
        answer["results"] = window
    return answer


class CleanNamesInput(ToolInput):
    names: list[str] = Field(description="Company names to normalise (at most 10,000).")


async def clean_names(call: ToolCall, args: CleanNamesInput) -> dict[str, Any]:
    return {"cleaned": clean_name_batch(args.names)}


# -- lead search ------------------------------------------------------------------------------


class LeadSearchInput(ToolInput):
    query: str = Field(
        min_length=1,
        max_length=search.MAX_PROMPT,
        description='Who to find, in plain words, e.g. "VP Sales at SaaS companies in Berlin".',
    )
    role: str | None = Field(default=None, max_length=200, description="Job title or role.")
    location: str | None = Field(
        default=None, max_length=200, description="City, country or region."
    )
    company_size: str | None = Field(
        default=None, max_length=50, description='Employee range, e.g. "51-200".'
    )
    industry: str | None = Field(default=None, max_length=200, description="Industry vertical.")
    limit: int = Field(
        default=search.DEFAULT_LIMIT,
        ge=1,
        le=search.MAX_LIMIT,
        description=f"How many leads to find (1 to {search.MAX_LIMIT}).",
    )


async def lead_search(call: ToolCall, args: LeadSearchInput) -> dict[str, Any]:
    filters = args.model_dump(include={"role", "location", "company_size", "industry"})
    async with session_scope() as session:
        workspace = await session.get(Workspace, call.principal.workspace_id)
        if workspace is None:
            raise NotFound("This key's workspace no longer exists.")
        started = await search.start_search(
            session,
            workspace,
            prompt=args.query,
            filters={k: v for k, v in filters.items() if v},
            fetch_count=args.limit,
            contract="000",
            test=call.principal.test,
        )
    return {
        "search_id": started.run.id,
        "status": started.run.status,
        "limit": started.run.fetch_count,
        "next": "Poll lead_search_status with this search_id; when it says completed, call"
        " lead_search_results.",
    }


class SearchIdInput(ToolInput):
    search_id: str = Field(min_length=1, max_length=64, description="The id lead_search returned.")


def _run_view(run: SearchRun) -> dict[str, Any]:
    return {
        "search_id": run.id,
        "query": run.prompt,
        "filters": run.request_filters,
        "status": run.status,
        "total_found": run.total_found,
        "progress": run.progress,
        "error": run.error,
        "created_at": iso(run.created_at),
        "completed_at": iso(run.completed_at),
    }


async def lead_search_status(call: ToolCall, args: SearchIdInput) -> dict[str, Any]:
    async with read_scope() as session:
        run = await search.get_run(session, call.principal.workspace_id, args.search_id)
    return _run_view(run)


class SearchResultsInput(SearchIdInput):
    page: int = Field(default=1, ge=1, description="Page number, from 1.")
    per_page: int = Field(default=25, ge=1, le=100, description="Leads per page (at most 100).")
    enriched_only: bool = Field(default=False, description="Only leads with contact details.")


def _lead(row: SearchResult) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "role": row.role,
        "company": row.company,
        "company_domain": row.company_domain,
        "email": row.email,
        "email_status": row.email_status,
        "phone": row.phone,
        "linkedin_url": row.linkedin_url,
        "location": row.location,
        "score": row.score,
        "source": row.source,
        "ai_message": row.ai_message,
    }


async def lead_search_results(call: ToolCall, args: SearchResultsInput) -> dict[str, Any]:
    async with read_scope() as session:
        run = await search.get_run(session, call.principal.workspace_id, args.search_id)
        rows, total = await search.results_page(
            session,
            call.principal.workspace_id,
            args.search_id,
            page=args.page,
            per_page=args.per_page,
            enriched_only=args.enriched_only,
        )
    return {
        "search_id": run.id,
        "status": run.status,
        "page": args.page,
        "per_page": args.per_page,
        "total": total,
        "total_pages": (total + args.per_page - 1) // args.per_page,
        "results": [_lead(r) for r in rows],
    }


TOOLS: tuple[Tool, ...] = (
    Tool(
        "lookup",
        "Find a person's work email and/or phone",
        "Find a person's work email and/or phone from their name plus company domain (or"
        " LinkedIn URL). Charges only what is found: 1 credit per email, 5 per phone."
        " Returns email, phone, status found/not_found, verified, confidence and alternates.",
        LookupInput,
        ("lookup",),
        lookup,
    ),
    Tool(
        "verify_email",
        "Verify one email address",
        "Check whether an email address is deliverable (syntax, DNS, SMTP probe, catch-all)."
        " Returns status valid/invalid/risky/unknown with a reason. 1 credit for a definite"
        " verdict; unknown is free.",
        VerifyEmailInput,
        ("verify",),
        verify_email,
    ),
    Tool(
        "qualify",
        "Score a prospect against the ICP",
        "Score how well a company (or a person at it) fits the workspace's ideal customer"
        " profile: fit_score 0-10, fit_label high/medium/low and a reason. 1 credit. Needs"
        " the workspace's ICP (buyer context) on live keys.",
        QualifyInput,
        ("qualify",),
        qualify,
    ),
    Tool(
        "domain_finder",
        "Find a company's domain",
        "Resolve a company name to its website domain with a confidence (high/medium/low)."
        " 1 credit when a domain is found, free otherwise.",
        DomainFinderInput,
        ("domain_finder",),
        domain_finder,
    ),
    Tool(
        "research_prospect",
        "Research a prospect (SDR dossier)",
        "Build an SDR research dossier for a prospect company: fit assessment, a why-now"
        " signal with its source, and a connection point usable in an email. 10 credits;"
        " may take up to a minute.",
        ResearchInput,
        ("research",),
        research_prospect,
    ),
    Tool(
        "batch_enrich",
        "Start a bulk enrichment batch",
        "Enrich up to 10,000 contacts asynchronously (emails, and phones unless"
        " find_phones is false). Returns a batch_id at once; poll batch_status, then"
        " batch_download. 1 credit per email found, 5 per phone found; the balance must"
        " cover the most it could cost.",
        BatchEnrichInput,
        ("batch",),
        batch_enrich,
    ),
    Tool(
        "batch_verify",
        "Start a bulk verification batch",
        "Verify up to 10,000 email addresses asynchronously. Returns a batch_id at once;"
        " poll batch_status, then batch_download. 0.1 credit per address.",
        BatchVerifyInput,
        ("verify", "batch"),
        batch_verify,
    ),
    Tool(
        "batch_status",
        "Check a batch's progress",
        "Status of a batch started by batch_enrich or batch_verify: queued, processing,"
        " completed or failed, with processed and found counts. Free.",
        BatchIdInput,
        ("batch", "verify"),
        batch_status,
        read_only=True,
    ),
    Tool(
        "batch_download",
        "Download a finished batch's results",
        "Results of a completed batch, a page at a time (offset/limit), as JSON objects or"
        " CSV text. Fails with batch_not_ready while the batch is still running. Free.",
        BatchDownloadInput,
        ("batch", "verify"),
        batch_download,
        read_only=True,
    ),
    Tool(
        "clean_names",
        "Clean company names",
        "Strip legal suffixes and noise from company names ('Acme Inc.' -> 'Acme'),"
        " keeping their order. Free.",
        CleanNamesInput,
        ("clean_names",),
        clean_names,
        read_only=True,
    ),
    Tool(
        "lead_search",
        "Start a lead search",
        "Find B2B people matching a plain-language description (optionally narrowed by"
        " role, location, company size, industry). Runs asynchronously: returns a"
        " search_id; poll lead_search_status, then read lead_search_results. Counts against"
        " the plan's monthly searches and results.",
        LeadSearchInput,
        ("leads",),
        lead_search,
    ),
    Tool(
        "lead_search_status",
        "Check a lead search's progress",
        "Status of a lead search: queued, processing, completed, failed or cancelled, with"
        " progress and how many leads were found. Free.",
        SearchIdInput,
        ("leads",),
        lead_search_status,
        read_only=True,
    ),
    Tool(
        "lead_search_results",
        "Read a lead search's results",
        "Leads found by a search, best first, a page at a time: name, role, company,"
        " email with its verification status, phone, LinkedIn, score. Free.",
        SearchResultsInput,
        ("leads",),
        lead_search_results,
        read_only=True,
    ),
)
TOOLS_BY_NAME = {t.name: t for t in TOOLS}
