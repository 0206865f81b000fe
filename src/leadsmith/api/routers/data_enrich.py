"""`POST /api/v1/enrich` (seed 002 bulk job or seed 004 single lookup), seed 004's batch,
and seed 002's job status.

A body with a `contacts` array is 002's bulk job and is answered in 002's (the default)
error words; anything else is 004's single enrichment in 004's words. A body that fits
neither is a 400 that says so.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from sqlalchemy import select

from leadsmith.accounts.models import Workspace
from leadsmith.api.deps import (
    ReadSessionDep,
    SessionDep,
    note_credits,
    require_scope,
    use_dialect,
)
from leadsmith.api.dialects import DEFAULT_DIALECT
from leadsmith.api.principal import Principal
from leadsmith.api.routers import data_api_dialect  # noqa: F401  (registers 004 words)
from leadsmith.api.routers.finder import seed_002_phone
from leadsmith.api.schemas import meta
from leadsmith.batches import service as batches
from leadsmith.batches.models import BatchRow
from leadsmith.billing import ledger
from leadsmith.billing.plans import effective_plan
from leadsmith.billing.prices import Operation, credits_json, price
from leadsmith.enrich.service import Looked, Lookups, open_lookups
from leadsmith.enrich.tasks import TASK
from leadsmith.errors import InvalidInput, LeadsmithError, NotFound
from leadsmith.sources.base import PersonQuery

router = APIRouter(tags=["enrich (seeds 002 and 004)"])
EnrichScope = Annotated[Principal, Depends(require_scope("enrich"))]
MAX_CONTACTS = 100  # seed 002
MAX_ITEMS = 100  # seed 004 batch
JOB_PREFIX = "enr_"
_STATUS_002 = {
    "queued": "processing",
    "processing": "processing",
    "completed": "completed",
    "failed": "failed",
    "cancelled": "failed",
}

ENRICH_EXAMPLES = {
    "single (seed 004)": {"value": {"email": "amanda@northpeak.io", "company": "North Peak"}},
    "bulk job (seed 002)": {
        "value": {
            "contacts": [
                {"firstName": "Sarah", "lastName": "Chen", "website": "figma.com"},
                {"firstName": "Mike", "lastName": "Lee", "website": "linear.app"},
            ],
            "findEmail": True,
            "findPhone": True,
        }
    },
}


async def _workspace(session: Any, principal: Principal) -> Workspace:
    workspace = await session.get(Workspace, principal.workspace_id)
    if workspace is None:
        raise NotFound("This key's workspace no longer exists.")
    return workspace


def _text(item: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return None


def single_query(item: Any) -> PersonQuery | None:
    """Seed 004's single lookup input as a query; None when it names nobody."""
    if not isinstance(item, dict):
        return None
    first, last = _text(item, "first_name", "firstName"), _text(item, "last_name", "lastName")
    full = _text(item, "name", "full_name", "fullName")
    if full and not (first and last):
        parts = full.split()
        if len(parts) >= 2:
            first, last = parts[0], " ".join(parts[1:])
    linkedin = _text(item, "linkedin", "linkedin_url", "linkedinUrl", "linkedin_slug")
    if linkedin and "/" not in linkedin:
        linkedin = f"https://www.linkedin.com/in/{linkedin}"
    query = PersonQuery(
        first_name=first,
        last_name=last,
        domain=_text(item, "domain", "website", "company_domain"),
        company_name=_text(item, "company", "company_name", "companyName"),
        email=_text(item, "email"),
        phone=_text(item, "phone"),
        linkedin_url=linkedin,
        job_title=_text(item, "job_title", "title"),
        country=_text(item, "country"),
    )
    named = bool(first and last and (query.domain or query.company_name))
    if query.email and "@" not in query.email:
        return None
    return query if (query.email or query.phone or query.linkedin_url or named) else None


def _neither() -> InvalidInput:
    return InvalidInput(
        "This body fits neither form of POST /api/v1/enrich: send `contacts` (an array, the"
        " bulk job) or one person by `email`, `phone`, `linkedin`, or a name with `company`"
        " or `domain`.",
        summary="Nothing to enrich",
    )


@router.post(
    "/api/v1/enrich",
    summary="Enrich one person (seed 004) or start a bulk job with `contacts` (seed 002)",
)
async def enrich(
    request: Request,
    principal: EnrichScope,
    session: SessionDep,
    body: Annotated[dict[str, Any], Body(openapi_examples=ENRICH_EXAMPLES)],
) -> dict[str, Any]:
    if "contacts" in body:
        use_dialect(request, DEFAULT_DIALECT)
        return await _bulk_job(request, principal, session, body)
    query = single_query(body)
    if query is None:
        raise _neither()
    workspace = await _workspace(session, principal)
    await session.commit()  # the lookup may take a while: hold no transaction meanwhile
    if not principal.test:
        await ledger.require_balance(workspace, price(Operation.ENRICH_PERSON))
    async with open_lookups(workspace, test=principal.test) as lookups:
        looked = await lookups.enrich_person(query)
        charged = await lookups.settle([(looked, Operation.ENRICH_PERSON)])
    note_credits(request, charged)
    if not looked.found:
        raise NotFound("No enrichment record matched the input.", summary="No match")
    return _single_view(request, looked, charged)


def _single_view(request: Request, looked: Looked, charged: Any) -> dict[str, Any]:
    r = looked.result
    return {
        "success": True,
        "person": r.get("person"),
        "company": r.get("company"),
        "meta": meta(request, credits_json(charged), cached=looked.cached),
    }


async def _bulk_job(
    request: Request, principal: Principal, session: Any, body: dict[str, Any]
) -> dict[str, Any]:
    contacts = body.get("contacts")
    if not isinstance(contacts, list) or not contacts:
        raise InvalidInput("contacts: give an array of 1 to 100 contacts", summary="No contacts")
    if len(contacts) > MAX_CONTACTS:
        raise InvalidInput(
            f"contacts has {len(contacts)} items; a job takes at most {MAX_CONTACTS}.",
            summary="Too many contacts",
        )
    rows: list[dict[str, Any]] = []
    for i, contact in enumerate(contacts):
        if not isinstance(contact, dict):
            raise InvalidInput(f"contacts[{i}] must be an object", summary="Invalid contact")
        first, last = _text(contact, "firstName"), _text(contact, "lastName")
        website = _text(contact, "website")
        missing = [
            k for k, v in (("firstName", first), ("lastName", last), ("website", website)) if not v
        ]
        if missing:
            raise InvalidInput(
                f"contacts[{i}] lacks {', '.join(missing)}", summary="Invalid contact"
            )
        rows.append(
            {
                "first_name": first,
                "last_name": last,
                "domain": website,
                "company_name": _text(contact, "companyName"),
            }
        )
    find_email = body.get("findEmail", True) is not False
    find_phone = body.get("findPhone", False) is True
    if not (find_email or find_phone):
        raise InvalidInput(
            "findEmail and findPhone are both false: nothing to find", summary="Nothing to find"
        )
    workspace = await _workspace(session, principal)
    if not principal.test:
        most = price(Operation.BULK_ENRICH_EMAIL, len(rows) if find_email else 0) + price(
            Operation.BULK_ENRICH_PHONE, len(rows) if find_phone else 0
        )
        await ledger.require_balance(workspace, most)
    batch = await batches.create_batch(
        session,
        workspace_id=principal.workspace_id,
        kind="enrich",
        rows=rows,
        name=_text(body, "name"),
        test=principal.test,
        params={"contract": "002", "find_email": find_email, "find_phone": find_phone},
        task=TASK,
    )
    return {
        "jobId": JOB_PREFIX + batch.id,
        "status": "processing",
        "total": batch.total_rows,
        "message": "Enrichment job started",
    }


@router.get("/api/v1/enrich/{job_id}", summary="Status and results of a bulk enrichment job")
async def enrich_job(
    job_id: str, principal: EnrichScope, session: ReadSessionDep
) -> dict[str, Any]:
    batch_id = job_id.removeprefix(JOB_PREFIX)
    batch = await batches.get_batch(session, principal.workspace_id, batch_id)
    if batch.kind != "enrich":
        raise NotFound(f"No enrichment job {job_id} for this key.", summary="Job not found")
    rows = (
        await session.execute(
            select(BatchRow.input, BatchRow.result)
            .where(BatchRow.batch_id == batch.id, BatchRow.state == "done")
            .order_by(BatchRow.idx)
        )
    ).all()
    results = [
        {
            "firstName": row_in.get("first_name"),
            "lastName": row_in.get("last_name"),
            "website": row_in.get("domain"),
            "email": (result or {}).get("email"),
            "phone": seed_002_phone((result or {}).get("phone")),
            "confidence": (result or {}).get("confidence"),
            "verified": bool((result or {}).get("verified")),
        }
        for row_in, result in rows
    ]
    return {
        "jobId": JOB_PREFIX + batch.id,
        "status": _STATUS_002.get(batch.status, batch.status),
        "total": batch.total_rows,
        "completed": batch.processed_rows,
        "results": results,
        **({"error": batch.error} if batch.error else {}),
    }


@router.post("/api/v1/enrich/batch", summary="Enrich up to 100 records, each with its own result")
async def enrich_batch(
    request: Request,
    principal: EnrichScope,
    session: SessionDep,
    body: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "seed 004": {
                    "value": {
                        "items": [
                            {"email": "amanda@northpeak.io"},
                            {"phone": "+1 415 555 0106"},
                            {"linkedin": "priya-shah-growth"},
                        ]
                    }
                }
            }
        ),
    ],
) -> dict[str, Any]:
    items = body.get("items")
    if not isinstance(items, list) or not items:
        raise InvalidInput("items: give an array of records to enrich", summary="No items")
    if len(items) > MAX_ITEMS:
        raise InvalidInput(
            f"items has {len(items)} records; the batch takes at most {MAX_ITEMS}.",
            summary="Too many items",
        )
    workspace = await _workspace(session, principal)
    await session.commit()
    if (
        not principal.test
        and not effective_plan(workspace.plan, workspace.subscription_status).batch_api
    ):
        raise LeadsmithError(
            "Batch enrichment is not enabled on the Free plan; upgrade to use it, or send"
            " single lookups to POST /api/v1/enrich.",
            code="batch_not_available",
            status=403,
            summary="Batch not available",
        )
    queries = [single_query(item) for item in items]
    if not principal.test:
        wanted = sum(1 for q in queries if q is not None)
        await ledger.require_balance(workspace, price(Operation.ENRICH_BATCH_ITEM, wanted))
    async with open_lookups(workspace, test=principal.test) as lookups:
        looked = await asyncio.gather(*(_one(lookups, q) for q in queries))
        charged = await lookups.settle(
            [(lk, Operation.ENRICH_BATCH_ITEM) for lk in looked if lk is not None]
        )
    note_credits(request, charged)
    results: list[dict[str, Any]] = []
    for item, lk in zip(items, looked, strict=True):
        if lk is None:
            results.append(
                {
                    "success": False,
                    "input": item,
                    "error": {
                        "code": "invalid_request",
                        "message": "Give an email, phone, linkedin, or a name with company"
                        " or domain.",
                    },
                }
            )
        elif not lk.found:
            results.append(
                {
                    "success": False,
                    "input": item,
                    "error": {
                        "code": "no_match",
                        "message": "No enrichment record matched the input.",
                    },
                }
            )
        else:
            results.append(
                {
                    "success": True,
                    "input": item,
                    "person": lk.result.get("person"),
                    "company": lk.result.get("company"),
                }
            )
    matched = sum(1 for r in results if r["success"])
    return {
        "success": True,
        "results": results,
        "meta": meta(request, credits_json(charged), total=len(items), matched=matched),
    }


async def _one(lookups: Lookups, query: PersonQuery | None) -> Looked | None:
    return None if query is None else await lookups.enrich_person(query)
