"""The workspace's ideal customer profile (buyer context), kept in `Workspace.icp`.

Values are canonicalised with the prompt parser's helpers, so "B2B SaaS", "saas" and
"SaaS" are one industry and "UK" is "GB"; a value the parser cannot place is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.models import Workspace
from leadsmith.errors import InvalidInput, LeadsmithError
from leadsmith.search.filters import SizeRange
from leadsmith.search.parser import (
    canonical_country,
    canonical_industry,
    canonical_seniority,
    canonical_technology,
    canonical_title,
    parse_company_size,
)
from leadsmith.taxonomy import INDUSTRIES, TECHNOLOGIES

FIELDS = ("industries", "sizes", "countries", "titles", "seniorities", "technologies")
HOW_TO_SET = (
    'Set the workspace\'s ICP with `PUT /v1/icp` (e.g. {"industries": ["SaaS"],'
    ' "sizes": ["11-200"], "countries": ["US"]}) or `leadsmith icp set --workspace NAME'
    " --industries SaaS --sizes 11-200 --countries US`."
)


class ICP(BaseModel):
    """Target industries, sizes, countries, titles, seniorities, technologies and notes."""

    industries: list[str] = Field(default_factory=list, description="Industry slugs")
    sizes: list[str] = Field(default_factory=list, description='Employee ranges ("11-200")')
    countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2")
    titles: list[str] = Field(default_factory=list, description="Job titles")
    seniorities: list[str] = Field(default_factory=list, description="Seniority slugs")
    technologies: list[str] = Field(default_factory=list, description="Technology slugs")
    notes: str | None = Field(default=None, description="Free text for people and the LLM")

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f) for f in FIELDS) and not (self.notes or "").strip()

    def size_ranges(self) -> list[SizeRange]:
        return [r for r in (parse_company_size(s) for s in self.sizes) if r is not None]

    def describe(self) -> dict[str, str]:
        """Each set criterion in words, for reasons and the CLI."""
        out: dict[str, str] = {}
        if self.industries:
            out["industries"] = ", ".join(INDUSTRIES.get(i, i) for i in self.industries)
        if self.sizes:
            out["sizes"] = ", ".join(self.sizes) + " employees"
        if self.countries:
            out["countries"] = ", ".join(self.countries)
        if self.titles:
            out["titles"] = ", ".join(self.titles)
        if self.seniorities:
            out["seniorities"] = ", ".join(self.seniorities)
        if self.technologies:
            out["technologies"] = ", ".join(TECHNOLOGIES.get(t, t) for t in self.technologies)
        return out


# Test keys qualify against this when their workspace has no ICP of its own (PRODUCT.md).
SANDBOX_ICP = ICP(
    industries=["saas", "software", "fintech", "ai_ml", "cybersecurity"],
    sizes=["11-50", "51-200", "201-500"],
    countries=["US", "GB", "CA", "DE", "FR", "NL", "IN", "AU"],
    seniorities=["founder", "c_suite", "vp", "head", "director"],
    technologies=["aws", "hubspot", "salesforce", "stripe"],
    notes="Sandbox ICP used by test keys: B2B software companies of 11-500 employees.",
)


def _values(raw: Any) -> list[str]:
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    out: list[str] = []
    for item in items:
        if isinstance(item, int | float) and not isinstance(item, bool):
            out.append(str(int(item)))
        elif isinstance(item, str):
            out.extend(p.strip() for p in item.split(",") if p.strip())
    return out


def _size_parts(text: str) -> list[str]:
    """ "11-50,500+" is two ranges; the comma in "1,000+" is a thousands separator."""
    parts: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if parts and re.fullmatch(r"\d{1,3}", parts[-1]) and re.fullmatch(r"\d{3}\+?", piece):
            parts[-1] += piece
        elif piece:
            parts.append(piece)
    return parts


def _size_label(text: str) -> str | None:
    found = parse_company_size(text)
    if found is None or found.min is None:
        return None
    return f"{found.min}+" if found.max is None else f"{found.min}-{found.max}"


def _canon(
    field: str, values: list[str], fn: Callable[[str], str | None], bad: list[str]
) -> list[str]:
    out: list[str] = []
    for value in values:
        canonical = fn(value)
        if canonical is None:
            bad.append(f"{field}: {value!r}")
        elif canonical not in out:
            out.append(canonical)
    return out


def canonical_icp(raw: Mapping[str, Any]) -> ICP:
    """An ICP from loose input (strings or lists, synonyms); refuses values it can't place."""
    unknown = set(raw) - {*FIELDS, "notes"}
    if unknown:
        raise InvalidInput(
            f"Unknown ICP field(s): {', '.join(sorted(unknown))}."
            f" Known: {', '.join(FIELDS)}, notes.",
            summary="Invalid ICP",
        )
    bad: list[str] = []
    sizes_raw = raw.get("sizes")
    sizes_list = sizes_raw if isinstance(sizes_raw, list | tuple) else [sizes_raw or ""]
    sizes_text = [p for s in sizes_list for p in _size_parts(str(s))]
    icp = ICP(
        industries=_canon("industries", _values(raw.get("industries")), canonical_industry, bad),
        sizes=_canon("sizes", sizes_text, _size_label, bad),
        countries=_canon("countries", _values(raw.get("countries")), canonical_country, bad),
        titles=_canon("titles", _values(raw.get("titles")), canonical_title, bad),
        seniorities=_canon(
            "seniorities", _values(raw.get("seniorities")), canonical_seniority, bad
        ),
        technologies=_canon(
            "technologies", _values(raw.get("technologies")), canonical_technology, bad
        ),
        notes=(str(raw["notes"]).strip()[:2000] or None) if raw.get("notes") else None,
    )
    if bad:
        raise InvalidInput(
            "These ICP values are not recognised: " + "; ".join(bad) + ". Use industry names"
            " (SaaS, Fintech, ...), employee ranges (11-200, 500+), ISO countries (US, DE),"
            " seniorities (founder, c_suite, vp, head, director, manager, ...) and known"
            " technologies (AWS, HubSpot, ...).",
            summary="Invalid ICP",
        )
    return icp


def stored_icp(workspace: Workspace) -> ICP | None:
    """The workspace's ICP, or None when it has none (or an empty one)."""
    if not workspace.icp:
        return None
    icp = ICP.model_validate(workspace.icp)
    return None if icp.is_empty else icp


async def set_icp(session: AsyncSession, workspace: Workspace, icp: ICP) -> ICP:
    """Store `icp` as the workspace's buyer context (replacing the old one)."""
    workspace.icp = icp.model_dump()
    await session.flush()
    return icp


def buyer_context_missing() -> LeadsmithError:
    """The 409 a live key gets when its workspace has no ICP yet."""
    return LeadsmithError(
        "This workspace has no ideal customer profile (buyer context) to qualify against. "
        + HOW_TO_SET,
        code="buyer_context_missing",
        status=409,
        summary="Buyer context missing",
    )


def icp_for(workspace: Workspace, *, test: bool) -> ICP:
    """The ICP a request is judged against: the workspace's, else the sandbox's for test keys."""
    icp = stored_icp(workspace)
    if icp is not None:
        return icp
    if test:
        return SANDBOX_ICP
    raise buyer_context_missing()
