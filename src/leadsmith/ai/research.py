"""The SDR research dossier: fit, a why-now signal with its source URL, a connection point.

Live keys crawl the prospect's own site (careers pages, dated posts and news, team
pages); test keys answer from the sandbox world's company facts with no network and
say plainly that no dated signal exists there. Nothing here is stated without a fact.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from leadsmith.ai.icp import ICP
from leadsmith.ai.llm import LLMClient
from leadsmith.ai.opener import outreach_opener
from leadsmith.ai.qualify import (
    CompanyFacts,
    CrawlFn,
    PersonFacts,
    assess,
    facts_from_request,
    fill_from_crawl,
    fill_from_record,
)
from leadsmith.errors import LeadsmithError
from leadsmith.search.parser import classify_title
from leadsmith.search.parser.text import fold
from leadsmith.sources.sandbox import get_world
from leadsmith.sources.sandbox.answers import (
    derived_company,
    domain_label_of,
    name_from_domain_label,
)
from leadsmith.sources.web import CrawlResult
from leadsmith.taxonomy import INDUSTRIES, TECHNOLOGIES

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 55.0  # seconds; seed 003 promises an answer within about 60
RECENT_DAYS = 365  # funding and launch news older than this is no reason to write now
NEWS_DAYS = 180  # other posts must be fresher
_FUNDING = re.compile(
    r"\b(rais(?:e|es|ed|ing)|funding|series [a-e]\b|seed round|invest(?:ment|ors?)|backed)",
    re.I,
)
_LAUNCH = re.compile(r"\b(launch(?:es|ed|ing)?|introduc(?:es|ing)|unveil|announc)", re.I)


@dataclass(frozen=True, slots=True)
class Signal:
    """A why-now fact: what, when and the page it is on."""

    kind: str  # funding | launch | hiring | news
    title: str
    url: str
    date: str | None = None

    def statement(self, company: str) -> str:
        if self.kind == "hiring":
            return f'{company} is hiring: "{self.title}" is listed on its careers page.'
        when = f" on {self.date}" if self.date else ""
        return f'{company} published "{self.title}"{when}.'

    def for_opener(self) -> dict[str, str]:
        out = {"kind": self.kind, "title": self.title, "source": self.url}
        if self.date:
            out["date"] = self.date
        return out


def research_timeout(seconds: float) -> LeadsmithError:
    """The 504 a dossier that took too long becomes (nothing is charged)."""
    return LeadsmithError(
        f"Research on this prospect did not finish within {seconds:g} seconds (the site was"
        " slow or large). Nothing was charged; retry later.",
        code="research_timeout",
        status=504,
        summary="Research timed out",
    )


def _age_days(iso: str | None, on: date) -> int | None:
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    return (on - day).days


def today() -> date:
    """The date signals are aged against (UTC)."""
    return datetime.now(UTC).date()


def find_signals(crawl: CrawlResult, on: date | None = None) -> list[Signal]:
    """Why-now signals on the site, strongest first: funding, launch, hiring, news."""
    on = on or today()
    dated: list[tuple[int, int, Signal]] = []
    for post in crawl.posts:
        age = _age_days(post.published, on)
        if age is None or age < 0:
            continue
        url = post.link or post.url
        if _FUNDING.search(post.title) and age <= RECENT_DAYS:
            dated.append((0, age, Signal("funding", post.title, url, post.published)))
        elif _LAUNCH.search(post.title) and age <= RECENT_DAYS:
            dated.append((1, age, Signal("launch", post.title, url, post.published)))
        elif age <= NEWS_DAYS:
            dated.append((3, age, Signal("news", post.title, url, post.published)))
    for job in crawl.jobs:
        age = _age_days(job.posted, on)
        if age is not None and age > RECENT_DAYS:
            continue
        dated.append((2, age or 0, Signal("hiring", job.title, job.link or job.url, job.posted)))
    dated.sort(key=lambda t: (t[0], t[1]))
    return [s for _, _, s in dated]


def _contact_on_site(crawl: CrawlResult, contact_name: str | None) -> tuple[str, str] | None:
    """(title, page URL) when the contact is listed on the site."""
    if not contact_name:
        return None
    wanted = fold(contact_name)
    for person in crawl.people:
        full = person.full_name or f"{person.first_name} {person.last_name}"
        if fold(full) == wanted and person.title:
            url = next((p.url for p in person.provenance if p.url), crawl.home_url or "")
            return person.title, url
    return None


def _department_opening(crawl: CrawlResult, department: str | None) -> tuple[str, str] | None:
    if department is None:
        return None
    for job in crawl.jobs:
        if classify_title(job.title)[1] == department:
            return job.title, job.link or job.url
    return None


@dataclass(slots=True)
class Connection:
    detail: str
    signal: dict[str, str] | None  # what the email line may lean on


def connection_from_crawl(
    crawl: CrawlResult,
    company: str,
    person: PersonFacts,
    signals: list[Signal],
) -> Connection:
    """A fact linking the contact to the company's moment, with where it was seen."""
    listed = _contact_on_site(crawl, person.name)
    opening = _department_opening(crawl, person.department)
    if opening is not None and person.name:
        title, url = opening
        detail = (
            f'{company} is hiring a "{title}" ({url}), a role in {person.name}\'s'
            f" {person.department} team."
        )
        return Connection(detail, Signal("hiring", title, url).for_opener())
    if listed is not None:
        title, url = listed
        detail = f"{person.name} is listed as {title} on {url}."
        return Connection(detail, signals[0].for_opener() if signals else None)
    if signals:
        top = signals[0]
        return Connection(f"{top.statement(company)} Source: {top.url}", top.for_opener())
    org = crawl.organization
    if org.description:
        where = org.source_urls[0] if org.source_urls else crawl.home_url
        return Connection(f'{company} describes itself as: "{org.description}" ({where})', None)
    return Connection("No connection point was found on the pages read.", None)


def display_name(facts: CompanyFacts, domain: str) -> str:
    """The company's name, else one read from its domain ("acme.com" -> "Acme")."""
    return facts.name or name_from_domain_label(domain_label_of(facts.domain or domain))


def _sandbox_facts(facts: CompanyFacts) -> None:
    domain = facts.domain or ""
    record = get_world().company_by_domain(domain) or derived_company(domain, facts.name)
    fill_from_record(facts, record, "sandbox")


async def _crawl(crawl: CrawlFn, domain: str) -> CrawlResult:
    """The crawl, or an empty (unreachable) result when the crawler itself fails."""
    try:
        return await crawl(domain)
    except Exception as exc:  # a broken site is a dossier without signals, not a 500
        log.info("crawl of %s failed", domain, exc_info=True)
        return CrawlResult(domain=domain, errors=[f"{domain}: {exc}"])


def _sandbox_connection(facts: CompanyFacts, test: bool = True) -> str:
    company = facts.name or facts.domain or "The company"
    parts: list[str] = []
    if facts.industry:
        parts.append(f"{company} is a {INDUSTRIES.get(facts.industry, facts.industry)} company")
    if facts.city and facts.country:
        parts.append(f"based in {facts.city}, {facts.country}")
    if facts.employees:
        parts.append(f"with {facts.employees} employees")
    if facts.technologies:
        parts.append("using " + ", ".join(TECHNOLOGIES.get(t, t) for t in facts.technologies))
    if not parts:
        return "No connection point: no facts are held for this company."
    return " ".join(parts) + (" (sandbox company facts)." if test else " (from the request).")


async def research_prospect(
    icp: ICP,
    *,
    domain: str,
    company_name: str | None = None,
    contact_name: str | None = None,
    contact_title: str | None = None,
    company_description: str | None = None,
    test: bool,
    crawl: CrawlFn | None = None,
    llm: LLMClient | None = None,
    workspace_id: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """The dossier in seed 003's shape; raises `research_timeout` (504) when too slow."""
    try:
        return await asyncio.wait_for(
            _research(
                icp,
                domain=domain,
                company_name=company_name,
                contact_name=contact_name,
                contact_title=contact_title,
                company_description=company_description,
                test=test,
                crawl=crawl,
                llm=llm,
                workspace_id=workspace_id,
            ),
            timeout=timeout,
        )
    except TimeoutError as exc:
        raise research_timeout(timeout) from exc


async def _research(
    icp: ICP,
    *,
    domain: str,
    company_name: str | None,
    contact_name: str | None,
    contact_title: str | None,
    company_description: str | None,
    test: bool,
    crawl: CrawlFn | None,
    llm: LLMClient | None,
    workspace_id: str | None,
) -> dict[str, Any]:
    facts = facts_from_request(domain, company_name, description=company_description)
    person = PersonFacts.of(contact_name, contact_title)
    why_now: dict[str, Any]
    connection: Connection
    if test or crawl is None:
        if test:
            # The world is built once per process; never on the event loop.
            await asyncio.to_thread(_sandbox_facts, facts)
        company = display_name(facts, domain)
        where = (
            "test keys answer from the sandbox world, which holds company facts but no news,"
            " posts or job listings"
            if test
            else "no site crawler is available to read the prospect's pages"
        )
        why_now = {"signal_found": False, "signal": f"No why-now signal: {where}.", "source": None}
        connection = Connection(_sandbox_connection(facts, test), None)
    else:
        result = await _crawl(crawl, facts.domain or domain)
        fill_from_crawl(facts, result)
        company = display_name(facts, domain)
        signals = find_signals(result)
        if signals:
            top = signals[0]
            why_now = {"signal_found": True, "signal": top.statement(company), "source": top.url}
        elif not result.reachable:
            why_now = {
                "signal_found": False,
                "signal": f"The site of {facts.domain} could not be read, so no signal was found.",
                "source": None,
            }
        else:
            read = len(result.pages)
            why_now = {
                "signal_found": False,
                "signal": f"No open roles, funding, launch or recent dated posts on the {read}"
                " pages read.",
                "source": result.home_url,
            }
        connection = connection_from_crawl(result, company, person, signals)
    fit = await assess(
        icp, facts, person if contact_title else None, llm=llm, workspace_id=workspace_id
    )
    lead = {"name": contact_name, "title": contact_title, "company": company}
    line = await outreach_opener(lead, signal=connection.signal, llm=llm, workspace_id=workspace_id)
    return {
        "job_id": str(uuid.uuid4()),
        "output": {
            "prospect_company": company,
            "fit_assessment": fit.as_json(),
            "why_now": why_now,
            "connection_point": {"detail": connection.detail, "usable_in_email": line},
        },
    }
