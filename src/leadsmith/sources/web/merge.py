"""Merge what each crawled page found into one `CrawlResult`, and turn it into records.

Pages are merged in priority order (home, team, about/contact, ...), so when two
pages disagree the more telling page wins: a team card's title over a blog byline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from leadsmith.companies.clean_names import clean_company_name
from leadsmith.phones.normalise import normalise_phone
from leadsmith.sources.http_provider import country_code, employees_from_band
from leadsmith.sources.records import CompanyRecord, PersonRecord, Provenance
from leadsmith.sources.web.contact_details import clean_email
from leadsmith.sources.web.page_extract import PageFindings, iso_day
from leadsmith.sources.web.person_words import split_name
from leadsmith.sources.web.result import (
    CrawlResult,
    OrganizationFacts,
    PhoneSighting,
    SocialSighting,
)
from leadsmith.sources.web.site_links import PRIORITY, PageKind
from leadsmith.sources.web.structured_data import OrganizationData
from leadsmith.sources.web.team_pages import PersonSighting, merge_sightings, person_key

SOURCE_NAME = "web"
_TITLE_SPLIT = re.compile(r"\s+[|–—\-·:•]\s+|\s*\|\s*")


def merge_findings(
    result: CrawlResult, pages: Iterable[PageFindings], site: str, country: str | None
) -> None:
    """Fill `result` from the pages' findings; `site` is the registrable domain."""
    ordered = sorted(pages, key=lambda f: PRIORITY[f.kind])
    for findings in ordered:
        _merge_contacts(result, findings)
        for data in findings.organizations:
            _merge_organization(result.organization, data, findings.url)
        _merge_signals(result, findings)
    home = next((f for f in ordered if f.kind is PageKind.HOME), None)
    org = result.organization
    if home is not None:
        org.description = org.description or home.description
        org.technologies = list(home.technologies)
    org.website = org.website or result.home_url
    title_name = _company_name_from_title(home.title, site) if home else None
    raw_name = (home.site_name if home else None) or org.name or title_name
    raw_name = raw_name or site.split(".")[0].title()
    result.company_name = clean_company_name(raw_name) or raw_name
    org.name = org.name or result.company_name
    company = CompanyRecord(name=result.company_name, domain=site, website=result.home_url)
    result.people = _people(ordered, company, country)
    _retype_personal_phones(result)
    office = next((p for p in result.phones if p.type in ("office", "toll_free")), None)
    org.phone = office.e164 if office else None


def _merge_contacts(result: CrawlResult, findings: PageFindings) -> None:
    emails = {e.email for e in result.emails}
    result.emails += [e for e in findings.emails if e.email not in emails]
    phones = {p.e164 for p in result.phones}
    result.phones += [p for p in findings.phones if p.e164 not in phones]
    socials = {s.profile.url for s in result.socials}
    for profile in findings.socials:
        # A person's profile linked from the site is theirs, not the company's.
        if profile.kind != "person" and profile.url not in socials:
            socials.add(profile.url)
            result.socials.append(SocialSighting(profile, findings.url))


def _merge_organization(org: OrganizationFacts, data: OrganizationData, url: str) -> None:
    org.name = org.name or data.name
    org.legal_name = org.legal_name or data.legal_name
    org.description = org.description or data.description
    org.website = org.website or data.url
    org.logo = org.logo or data.logo
    org.email = org.email or (clean_email(data.email) if data.email else None)
    org.street = org.street or data.street
    org.city = org.city or data.city
    org.region = org.region or data.region
    org.postal_code = org.postal_code or data.postal_code
    org.country = org.country or country_code(data.country)
    org.founded = org.founded or iso_day(data.founding_date) or data.founding_date
    org.employees = org.employees or employees_from_band(data.employees)
    if url not in org.source_urls:
        org.source_urls.append(url)


def _merge_signals(result: CrawlResult, findings: PageFindings) -> None:
    for job in findings.jobs:
        if not any(j.title == job.title and j.link == job.link for j in result.jobs):
            result.jobs.append(job)
    for post in findings.posts:
        if not any(p.title == post.title for p in result.posts):
            result.posts.append(post)
    if findings.text is not None:
        result.texts.append(findings.text)
    for url in findings.job_board_urls:
        if url not in result.job_board_urls:
            result.job_board_urls.append(url)


def _people(
    pages: list[PageFindings], company: CompanyRecord, country: str | None
) -> list[PersonRecord]:
    sightings: list[PersonSighting] = []
    seen_on: dict[str, list[str]] = {}
    for findings in pages:
        for person in findings.people:
            sightings.append(person)
            urls = seen_on.setdefault(person_key(person.name), [])
            if findings.url not in urls:
                urls.append(findings.url)
    people = []
    for sighting in merge_sightings(sightings):
        record = person_record(sighting, seen_on.get(person_key(sighting.name), []), country)
        record.company = company
        people.append(record)
    return people


def _retype_personal_phones(result: CrawlResult) -> None:
    """A number on someone's card is theirs (direct or mobile), not the switchboard."""
    personal = {p.phone: p for p in result.people if p.phone}
    result.phones = [
        s._replace(type=personal[s.e164].phone_type or "direct") if s.e164 in personal else s
        for s in result.phones
    ]
    listed = {s.e164 for s in result.phones}
    for number, owner in personal.items():
        if number not in listed and owner.provenance and owner.provenance[0].url:
            kind = owner.phone_type or "direct"
            result.phones.append(PhoneSighting(number, owner.provenance[0].url, kind))


def _company_name_from_title(title: str, site: str) -> str | None:
    """The part of a homepage title that names the company ("Home | Acme" -> "Acme")."""
    label = site.split(".")[0].replace("-", "").lower()
    segments = [s.strip() for s in _TITLE_SPLIT.split(title) if s.strip()]
    if not segments:
        return None
    scored = [
        (fuzz.partial_ratio(label, re.sub(r"\W", "", s.lower())), -i, s)
        for i, s in enumerate(segments)
    ]
    best = max(scored)
    if best[0] >= 70:
        return best[2]
    if len(segments) == 1 and len(segments[0].split()) <= 4:
        return segments[0]
    return None


def person_record(sighting: PersonSighting, urls: list[str], country: str | None) -> PersonRecord:
    """A `PersonRecord` with web provenance for every page the person was seen on."""
    first, last, display = split_name(sighting.name)
    phone = normalise_phone(sighting.phone, country, personal=True) if sighting.phone else None
    return PersonRecord(
        first_name=first,
        last_name=last,
        full_name=display,
        title=sighting.title,
        email=clean_email(sighting.email) if sighting.email else None,
        phone=phone.e164 if phone else None,
        phone_type=phone.type if phone else None,
        linkedin_url=sighting.linkedin_url,
        provenance=[Provenance(SOURCE_NAME, url) for url in urls],
    )


def company_record(result: CrawlResult) -> CompanyRecord:
    """The crawl as a `CompanyRecord` with web provenance."""
    org = result.organization
    provenance = [Provenance(SOURCE_NAME, url) for url in (org.source_urls or result.pages[:1])]
    return CompanyRecord(
        name=result.company_name or result.domain,
        domain=result.domain,
        employees=org.employees,
        country=org.country,
        region=org.region,
        city=org.city,
        technologies=list(org.technologies),
        description=org.description,
        linkedin_url=result.social_url("linkedin"),
        website=result.home_url,
        phone=org.phone,
        status="verified" if result.reachable else None,
        provenance=provenance,
    )
