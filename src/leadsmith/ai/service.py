"""Qualify and research for a workspace: the ICP, the facts, the verdict and its charge.

Shared by seed 003's routes (`/v1/qualify`, `/v1/research/prospect`) and the MCP tools,
so both judge, refuse and charge identically. Test keys are judged against the sandbox
world and ICP and never charged.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from leadsmith.accounts.models import Workspace
from leadsmith.ai.icp import icp_for
from leadsmith.ai.llm import LLMClient
from leadsmith.ai.qualify import (
    CrawlFn,
    PersonFacts,
    assess,
    crawl_within,
    facts_from_request,
    fill_from_crawl,
    fill_from_record,
)
from leadsmith.ai.research import DEFAULT_TIMEOUT, research_prospect
from leadsmith.billing import ledger
from leadsmith.billing.prices import Operation, credits_json, price
from leadsmith.db.engine import session_scope
from leadsmith.errors import NotFound
from leadsmith.sources.sandbox import get_world
from leadsmith.sources.sandbox.answers import derived_company

# A live qualify with too few facts in the request reads the site, but only this long.
QUALIFY_CRAWL_SECONDS = 15.0


@dataclass(slots=True)
class QualifyRequest:
    """What a caller knows about the prospect (seed 003's qualify body)."""

    domain: str
    company_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    job_title: str | None = None
    employees: int | None = None
    industry: str | None = None
    description: str | None = None
    country: str | None = None
    technologies: list[str] | None = None

    @property
    def person_mode(self) -> bool:
        return bool(self.first_name or self.last_name or self.job_title)


async def charge_once(workspace_id: str, op: Operation, reference: str) -> Decimal:
    """Charge `op` once per reference, in its own short transaction."""
    async with session_scope() as session:
        workspace = await session.get(Workspace, workspace_id)
        if workspace is None:
            raise NotFound("This key's workspace no longer exists.")
        result = await ledger.charge(
            session, workspace, price(op), operation=op.value, reference=reference
        )
    return result.amount


async def qualify_for_workspace(
    workspace: Workspace,
    request: QualifyRequest,
    *,
    test: bool,
    llm: LLMClient | None,
    crawl: CrawlFn | None,
    reference: str,
) -> tuple[dict[str, Any], Decimal]:
    """Seed 003's qualify answer and what it charged (`reference` makes the charge once-only)."""
    icp = icp_for(workspace, test=test)
    if not test:
        await ledger.require_balance(workspace, price(Operation.QUALIFY))
    facts = facts_from_request(
        request.domain,
        request.company_name,
        industry=request.industry,
        employees=request.employees,
        description=request.description,
        country=request.country,
        technologies=request.technologies,
    )
    if test:
        domain = facts.domain or request.domain
        record = await asyncio.to_thread(
            lambda: get_world().company_by_domain(domain) or derived_company(domain, facts.name)
        )
        fill_from_record(facts, record, "sandbox")
    elif facts.missing_core() and crawl is not None:
        crawled = await crawl_within(crawl, facts.domain or request.domain, QUALIFY_CRAWL_SECONDS)
        if crawled is not None:
            fill_from_crawl(facts, crawled)
    person = None
    if request.person_mode:
        name = " ".join(p for p in (request.first_name, request.last_name) if p) or None
        person = PersonFacts.of(name, request.job_title)
    fit = await assess(icp, facts, person, llm=llm, workspace_id=workspace.id)
    charged = Decimal(0)
    if not test:
        charged = await charge_once(workspace.id, Operation.QUALIFY, f"qualify:{reference}")
    body = {
        **fit.as_json(),
        "credits_charged": credits_json(charged),
        "mode": "person" if person else "company",
        "criteria": [
            {"criterion": c.key, "status": c.status, "detail": c.phrase} for c in fit.criteria
        ],
        "facts_from": dict(sorted(facts.sources.items())),
    }
    return body, charged


async def research_for_workspace(
    workspace: Workspace,
    *,
    domain: str,
    company_name: str | None = None,
    contact_name: str | None = None,
    contact_title: str | None = None,
    company_description: str | None = None,
    test: bool,
    llm: LLMClient | None,
    crawl: CrawlFn | None,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[dict[str, Any], Decimal]:
    """Seed 003's research dossier and what it charged (only a returned dossier is charged)."""
    icp = icp_for(workspace, test=test)
    if not test:
        await ledger.require_balance(workspace, price(Operation.RESEARCH))
    dossier = await research_prospect(
        icp,
        domain=domain,
        company_name=company_name,
        contact_name=contact_name,
        contact_title=contact_title,
        company_description=company_description,
        test=test,
        crawl=crawl,
        llm=llm,
        workspace_id=workspace.id,
        timeout=timeout,
    )
    charged = Decimal(0)
    if not test:
        # A timeout raised above charged nothing.
        charged = await charge_once(
            workspace.id, Operation.RESEARCH, f"research:{dossier['job_id']}"
        )
    return {**dossier, "credits_charged": credits_json(charged)}, charged
