"""ICP fit: a 0-10 score from the criteria a company (and person) meets, with the reason.

The score is rules only: each criterion the ICP sets has a weight, met counts fully,
unknown half, missed nothing. An LLM may only rephrase the reason, and its wording is
kept only when every claim in it is grounded in the same facts (else the template).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from leadsmith.ai.grounding import FactSheet, is_grounded
from leadsmith.ai.icp import ICP
from leadsmith.ai.llm import LLMClient, LLMError
from leadsmith.search.parser import (
    canonical_country,
    canonical_industry,
    canonical_technology,
    classify_title,
    parse_prompt,
)
from leadsmith.search.parser.text import fold
from leadsmith.sources.records import CompanyRecord
from leadsmith.sources.web import CrawlResult
from leadsmith.taxonomy import INDUSTRIES, TECHNOLOGIES

Status = Literal["met", "missed", "unknown"]
WEIGHTS = {
    "industry": 3,
    "size": 3,
    "country": 2,
    "technologies": 1,
    "title": 2,
    "seniority": 2,
}
# A fact we lack is neither for nor against the prospect.
CREDIT: dict[str, float] = {"met": 1.0, "unknown": 0.5, "missed": 0.0}
SENIORITY_WORDS = {
    "owner": "Owner",
    "founder": "Founder",
    "c_suite": "C-suite",
    "partner": "Partner",
    "vp": "VP",
    "head": "Head",
    "director": "Director",
    "manager": "Manager",
    "senior": "Senior",
    "entry": "Entry",
}
CrawlFn = Callable[[str], Awaitable[CrawlResult]]
log = logging.getLogger(__name__)


@dataclass(slots=True)
class CompanyFacts:
    """What Leadsmith holds about the prospect company, and where each fact came from."""

    domain: str | None = None
    name: str | None = None
    industry: str | None = None  # slug from leadsmith.taxonomy.INDUSTRIES
    industry_text: str | None = None  # as given, when it maps to no slug
    employees: int | None = None
    country: str | None = None  # ISO alpha-2
    city: str | None = None
    technologies: list[str] = field(default_factory=list)
    description: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> request/sandbox/URL

    def fill(self, field_name: str, value: object, source: str) -> None:
        """Set a fact the caller did not give (request facts always win)."""
        if value in (None, "", []) or getattr(self, field_name) not in (None, "", []):
            return
        setattr(self, field_name, value)
        self.sources[field_name] = source

    def missing_core(self) -> bool:
        return self.industry is None or self.employees is None or self.country is None

    def fact_texts(self) -> list[str | int | None]:
        return [
            self.domain,
            self.name,
            INDUSTRIES.get(self.industry or "", self.industry),
            self.industry_text,
            self.employees,
            self.country,
            self.city,
            self.description,
            *(TECHNOLOGIES.get(t, t) for t in self.technologies),
        ]


@dataclass(slots=True)
class PersonFacts:
    """The decision-maker a person-mode question is about."""

    name: str | None = None
    title: str | None = None
    seniority: str | None = None
    department: str | None = None

    @classmethod
    def of(cls, name: str | None, title: str | None) -> PersonFacts:
        seniority, department = classify_title(title) if title else (None, None)
        return cls(name=name, title=title, seniority=seniority, department=department)

    def fact_texts(self) -> list[str | None]:
        return [self.name, self.title, SENIORITY_WORDS.get(self.seniority or "")]


@dataclass(frozen=True, slots=True)
class Criterion:
    """One ICP criterion judged against the facts."""

    key: str
    status: Status
    phrase: str  # "industry (SaaS)"
    weight: int


@dataclass(slots=True)
class FitAssessment:
    """Score, label and reason, plus the criteria they come from."""

    fit_score: int
    fit_label: str
    reason: str
    criteria: list[Criterion]
    reason_source: str = "rules"  # "rules" or "llm"

    def as_json(self) -> dict[str, object]:
        return {"fit_score": self.fit_score, "fit_label": self.fit_label, "reason": self.reason}


def label_of(score: int) -> str:
    """high 7-10, medium 4-6, low 0-3."""
    return "high" if score >= 7 else "medium" if score >= 4 else "low"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _industry(icp: ICP, c: CompanyFacts) -> Criterion | None:
    if not icp.industries:
        return None
    wanted = ", ".join(INDUSTRIES.get(i, i) for i in icp.industries)
    if c.industry is None:
        shown = f" ({c.industry_text} maps to no known industry)" if c.industry_text else ""
        return Criterion("industry", "unknown", "industry" + shown, WEIGHTS["industry"])
    name = INDUSTRIES.get(c.industry, c.industry)
    if c.industry in icp.industries:
        return Criterion("industry", "met", f"industry ({name})", WEIGHTS["industry"])
    return Criterion(
        "industry", "missed", f"industry ({name}, not in {wanted})", WEIGHTS["industry"]
    )


def _size(icp: ICP, c: CompanyFacts) -> Criterion | None:
    ranges = icp.size_ranges()
    if not ranges:
        return None
    if c.employees is None:
        return Criterion("size", "unknown", "size", WEIGHTS["size"])
    for r, label in zip(ranges, icp.sizes, strict=False):
        if (r.min is None or c.employees >= r.min) and (r.max is None or c.employees <= r.max):
            phrase = f"size ({c.employees} employees, within {label})"
            return Criterion("size", "met", phrase, WEIGHTS["size"])
    phrase = f"size ({c.employees} employees, outside {', '.join(icp.sizes)})"
    return Criterion("size", "missed", phrase, WEIGHTS["size"])


def _country(icp: ICP, c: CompanyFacts) -> Criterion | None:
    if not icp.countries:
        return None
    if c.country is None:
        return Criterion("country", "unknown", "country", WEIGHTS["country"])
    if c.country in icp.countries:
        return Criterion("country", "met", f"country ({c.country})", WEIGHTS["country"])
    phrase = f"country ({c.country}, not in {', '.join(icp.countries)})"
    return Criterion("country", "missed", phrase, WEIGHTS["country"])


def _technologies(icp: ICP, c: CompanyFacts) -> Criterion | None:
    if not icp.technologies:
        return None
    if not c.technologies:
        return Criterion("technologies", "unknown", "technologies", WEIGHTS["technologies"])
    shared = [TECHNOLOGIES.get(t, t) for t in icp.technologies if t in c.technologies]
    if shared:
        phrase = f"technologies (uses {', '.join(shared)})"
        return Criterion("technologies", "met", phrase, WEIGHTS["technologies"])
    wanted = ", ".join(TECHNOLOGIES.get(t, t) for t in icp.technologies)
    phrase = f"technologies (none of {wanted} seen)"
    return Criterion("technologies", "missed", phrase, WEIGHTS["technologies"])


def _title_matches(title: str, wanted: str) -> bool:
    if fold(wanted) in fold(title):
        return True
    mine, theirs = classify_title(title), classify_title(wanted)
    return mine == theirs and None not in mine


def _person(icp: ICP, p: PersonFacts | None) -> list[Criterion]:
    out: list[Criterion] = []
    if p is None:
        return out
    if icp.titles:
        if not p.title:
            out.append(Criterion("title", "unknown", "title", WEIGHTS["title"]))
        elif any(_title_matches(p.title, t) for t in icp.titles):
            out.append(Criterion("title", "met", f"title ({p.title})", WEIGHTS["title"]))
        else:
            phrase = f"title ({p.title}, not {' or '.join(icp.titles)})"
            out.append(Criterion("title", "missed", phrase, WEIGHTS["title"]))
    if icp.seniorities:
        words = ", ".join(SENIORITY_WORDS.get(s, s) for s in icp.seniorities)
        if p.seniority is None:
            out.append(Criterion("seniority", "unknown", "seniority", WEIGHTS["seniority"]))
        elif p.seniority in icp.seniorities:
            phrase = f"seniority ({SENIORITY_WORDS.get(p.seniority, p.seniority)})"
            out.append(Criterion("seniority", "met", phrase, WEIGHTS["seniority"]))
        else:
            seen = SENIORITY_WORDS.get(p.seniority, p.seniority)
            phrase = f"seniority ({seen}, not {words})"
            out.append(Criterion("seniority", "missed", phrase, WEIGHTS["seniority"]))
    return out


def judge(icp: ICP, company: CompanyFacts, person: PersonFacts | None = None) -> list[Criterion]:
    """Every criterion the ICP sets, judged against the facts."""
    found = [_industry(icp, company), _size(icp, company), _country(icp, company)]
    found.append(_technologies(icp, company))
    return [c for c in found if c is not None] + _person(icp, person)


def template_reason(criteria: list[Criterion]) -> str:
    """The reason in plain words: criteria met, missed and not known."""
    met = [c.phrase for c in criteria if c.status == "met"]
    missed = [c.phrase for c in criteria if c.status == "missed"]
    unknown = [c.phrase for c in criteria if c.status == "unknown"]
    if not criteria:
        return "Your ICP sets no measurable criteria (only notes), so this is a neutral score."
    parts: list[str] = []
    if met:
        parts.append(f"Matches your ICP on {_join(met)}.")
    if missed:
        parts.append(f"Misses on {_join(missed)}.")
    if unknown:
        parts.append(f"Not known: {_join(unknown)}.")
    return " ".join(parts)


def score_fit(icp: ICP, company: CompanyFacts, person: PersonFacts | None = None) -> FitAssessment:
    """Rules-only fit: weighted share of criteria met (unknown counts half)."""
    criteria = judge(icp, company, person)
    total = sum(c.weight for c in criteria)
    if total == 0:
        score = 5
    else:
        earned = sum(c.weight * CREDIT[c.status] for c in criteria)
        score = int(10 * earned / total + 0.5)  # half up: 6.5 is 7, where round() gives 6
    return FitAssessment(score, label_of(score), template_reason(criteria), criteria)


class _Reason(BaseModel):
    reason: str = Field(max_length=400)


def fact_sheet(
    icp: ICP, company: CompanyFacts, person: PersonFacts | None, criteria: list[Criterion]
) -> FactSheet:
    """Everything a reason may mention: the facts, the ICP and the judged criteria."""
    return FactSheet(
        [
            *company.fact_texts(),
            *(person.fact_texts() if person else []),
            *icp.describe().values(),
            *(c.phrase for c in criteria),
        ]
    )


def mentions_every_decisive_criterion(reason: str, criteria: list[Criterion]) -> bool:
    """The LLM's reason must still name each criterion met or missed."""
    folded = fold(reason)
    synonyms = {
        "industry": ("industr", "sector", "vertical"),
        "size": ("size", "employee", "headcount", "person", "people", "staff", "team of"),
        "country": ("country", "based", "locat", "region"),
        "technologies": ("tech", "stack", "tool", "uses"),
        "title": ("title", "role", "position"),
        "seniority": ("senior", "level", "decision"),
    }
    for c in criteria:
        if c.status == "unknown":
            continue
        values = [fold(v) for v in c.phrase.split("(", 1)[-1].rstrip(")").split(",")[:1]]
        if not any(s in folded for s in synonyms[c.key]) and not any(
            v and v in folded for v in values
        ):
            return False
    return True


async def llm_reason(
    llm: LLMClient,
    icp: ICP,
    company: CompanyFacts,
    person: PersonFacts | None,
    fit: FitAssessment,
    *,
    workspace_id: str | None,
) -> FitAssessment:
    """Let the LLM rephrase the reason; keep its words only when they are grounded."""
    lines = [f"- {c.status}: {c.phrase}" for c in fit.criteria]
    prompt = (
        "Rewrite this ICP fit reason as one or two short sentences for a sales rep. Use only"
        " the facts below; do not add names, numbers, events or opinions that are not"
        f" listed. Score {fit.fit_score}/10 ({fit.fit_label}).\nCriteria:\n"
        + "\n".join(lines)
        + f"\nICP notes: {icp.notes or 'none'}\nCurrent reason: {fit.reason}"
    )
    try:
        answer = await llm.structured(
            [{"role": "user", "content": prompt}],
            _Reason,
            purpose="qualify_reason",
            workspace_id=workspace_id,
        )
    except LLMError:
        return fit
    reason = " ".join(answer.reason.split())
    sheet = fact_sheet(icp, company, person, fit.criteria)
    if not reason or not is_grounded(reason, sheet):
        return fit
    if not mentions_every_decisive_criterion(reason, fit.criteria):
        return fit
    return FitAssessment(fit.fit_score, fit.fit_label, reason, fit.criteria, "llm")


async def assess(
    icp: ICP,
    company: CompanyFacts,
    person: PersonFacts | None = None,
    *,
    llm: LLMClient | None = None,
    workspace_id: str | None = None,
) -> FitAssessment:
    """Rules score and reason, the reason reworded by the LLM when one is configured."""
    fit = score_fit(icp, company, person)
    if llm is not None and fit.criteria:
        fit = await llm_reason(llm, icp, company, person, fit, workspace_id=workspace_id)
    return fit


# -- facts ---------------------------------------------------------------------------------


def industry_of(text: str | None) -> str | None:
    """An industry slug for a label ("SaaS") or a description ("B2B SaaS for payroll")."""
    if not text or not text.strip():
        return None
    found = canonical_industry(text)
    if found is not None:
        return found
    parsed = parse_prompt(text[:500]).industries
    return parsed[0] if parsed else None


def facts_from_request(
    domain: str | None,
    name: str | None,
    *,
    industry: str | None = None,
    employees: int | None = None,
    description: str | None = None,
    country: str | None = None,
    technologies: list[str] | None = None,
) -> CompanyFacts:
    """The facts the caller gave, canonicalised."""
    facts = CompanyFacts(domain=(domain or "").strip().lower() or None)
    facts.fill("name", (name or "").strip() or None, "request")
    slug = industry_of(industry)
    facts.fill("industry", slug, "request")
    if industry and slug is None:
        facts.industry_text = industry.strip()
    facts.fill("employees", employees, "request")
    facts.fill("description", (description or "").strip() or None, "request")
    facts.fill("country", canonical_country(country) if country else None, "request")
    techs = [t for t in (canonical_technology(x) for x in technologies or []) if t]
    facts.fill("technologies", techs, "request")
    if facts.industry is None and facts.industry_text is None:
        facts.fill("industry", industry_of(facts.description), "request")
    return facts


def fill_from_record(facts: CompanyFacts, record: CompanyRecord, source: str) -> None:
    """Fill what the request lacked from a source's company record."""
    facts.fill("name", record.name, source)
    if facts.industry_text is None:
        facts.fill("industry", record.industry, source)
    facts.fill("employees", record.employees, source)
    facts.fill("country", record.country, source)
    facts.fill("city", record.city, source)
    facts.fill("technologies", list(record.technologies), source)
    facts.fill("description", record.description, source)


def fill_from_crawl(facts: CompanyFacts, crawl: CrawlResult) -> None:
    """Fill what the request lacked from the company's own website."""
    org = crawl.organization
    where = (org.source_urls[0] if org.source_urls else None) or crawl.home_url or "website"
    facts.fill("name", org.name or crawl.company_name, where)
    facts.fill("employees", org.employees, where)
    facts.fill("country", org.country, where)
    facts.fill("city", org.city, where)
    facts.fill("technologies", list(org.technologies), where)
    facts.fill("description", org.description, where)
    if facts.industry is None and facts.industry_text is None:
        facts.fill("industry", industry_of(org.description), where)


async def crawl_within(crawl: CrawlFn, domain: str, seconds: float) -> CrawlResult | None:
    """The crawl of `domain`, or None when it fails or takes longer than `seconds`."""
    try:
        return await asyncio.wait_for(crawl(domain), timeout=seconds)
    except Exception:  # the body's facts still give an answer; the site is a bonus
        log.info("could not read %s for qualify", domain, exc_info=True)
        return None
