"""Everything one HTML page says: contacts, people, profiles, facts, dated items, text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from leadsmith.phones.normalise import normalise_phone
from leadsmith.sources.web.contact_details import (
    EMAIL,
    clean_email,
    cloudflare_emails,
    emails_in_mailto,
    emails_in_text,
    phone_from_tel,
    phones_in_text,
)
from leadsmith.sources.web.html_page import HtmlPage, Link, node_text, parse_html, visible_text
from leadsmith.sources.web.person_words import looks_like_job_title, looks_like_person_name
from leadsmith.sources.web.result import (
    MAX_PAGE_TEXT,
    DatedPost,
    EmailSighting,
    JobOpening,
    PageText,
    PhoneSighting,
)
from leadsmith.sources.web.site_links import PageKind, is_job_board, page_kind
from leadsmith.sources.web.socials import SocialProfile, classify_social
from leadsmith.sources.web.structured_data import (
    OrganizationData,
    articles,
    job_postings,
    organizations,
    persons,
    structured_items,
)
from leadsmith.sources.web.team_pages import (
    PersonSighting,
    merge_sightings,
    people_from_cards,
    people_from_lines,
    people_from_tables,
)

# Signatures of technologies in a page's HTML -> slugs of leadsmith.taxonomy.TECHNOLOGIES.
_TECH_SIGNATURES: tuple[tuple[str, str], ...] = (
    ("wp-content/", "wordpress"),
    ('content="wordpress', "wordpress"),
    ("cdn.shopify.com", "shopify"),
    ("js.hs-scripts.com", "hubspot"),
    ("js.hsforms.net", "hubspot"),
    ("googletagmanager.com/gtag", "google_analytics"),
    ("google-analytics.com", "google_analytics"),
    ("cdn.segment.com", "segment"),
    ("widget.intercom.io", "intercom"),
    ("js.intercomcdn.com", "intercom"),
    ("static.zdassets.com", "zendesk"),
    ("js.stripe.com", "stripe"),
    ("munchkin.marketo.net", "marketo"),
    ("/_next/static/", "react"),
    ("data-reactroot", "react"),
    ("__nuxt", "vue"),
    ("ng-version=", "angular"),
    ("csrfmiddlewaretoken", "django"),
)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_PERSON_PAGES = frozenset(
    {PageKind.TEAM, PageKind.ABOUT, PageKind.LEGAL, PageKind.CONTACT, PageKind.PROFILE,
     PageKind.HOME}
)  # fmt: skip


@dataclass(slots=True)
class PageFindings:
    """What one page contributed to the crawl."""

    url: str
    kind: PageKind
    title: str
    site_name: str | None = None
    description: str | None = None
    emails: list[EmailSighting] = field(default_factory=list)
    phones: list[PhoneSighting] = field(default_factory=list)
    people: list[PersonSighting] = field(default_factory=list)
    socials: list[SocialProfile] = field(default_factory=list)
    organizations: list[OrganizationData] = field(default_factory=list)
    jobs: list[JobOpening] = field(default_factory=list)
    posts: list[DatedPost] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    job_board_urls: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    lang: str | None = None
    text: PageText | None = None


def iso_day(value: str | None) -> str | None:
    """The day (YYYY-MM-DD) of an ISO date or timestamp, else None."""
    if not value:
        return None
    match = _DATE.search(value)
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _technologies(html: str) -> list[str]:
    lowered = html.lower()
    found: list[str] = []
    for needle, slug in _TECH_SIGNATURES:
        if needle in lowered and slug not in found:
            found.append(slug)
    return found


def _published(page: HtmlPage, article_dates: list[tuple[str | None, str | None]]) -> str | None:
    stated = page.meta_value(
        "article:published_time", "og:article:published_time", "datepublished", "date",
        "dc.date", "publish-date",
    )  # fmt: skip
    if stated:
        return iso_day(stated)
    for url, published in article_dates:
        if published and (url is None or url.rstrip("/") == page.url.rstrip("/")):
            return iso_day(published)
    node = page.tree.css_first("article time[datetime], main time[datetime]")
    if node is not None:
        return iso_day(node.attributes.get("datetime"))
    return None


def _posts_listed(page: HtmlPage) -> list[DatedPost]:
    """Post teasers on a blog/news index: an article (or card) with a link and a date."""
    out: list[DatedPost] = []
    for card in page.tree.css("article, [class*=post], [class*=news-item], li"):
        time_node = card.css_first("time")
        link = card.css_first("a[href]")
        if time_node is None or link is None:
            continue
        heading = card.css_first("h1, h2, h3, h4, h5")
        title = node_text(heading) if heading is not None else node_text(link)
        published = iso_day(time_node.attributes.get("datetime") or node_text(time_node))
        href = link.attributes.get("href") or ""
        target = next((lk.url for lk in page.links if lk.url.endswith(href.strip())), None)
        if title and not any(p.title == title for p in out):
            out.append(DatedPost(title=title, url=page.url, published=published, link=target))
    return out[:30]


def _jobs_listed(page: HtmlPage) -> list[JobOpening]:
    """Links on a careers page whose text is a role ("Senior Backend Engineer")."""
    out: list[JobOpening] = []
    for link in page.links:
        text = link.text
        known = any(j.title == text for j in out)
        if text and len(text) <= 80 and not known and looks_like_job_title(text):
            out.append(JobOpening(title=text, url=page.url, link=link.url))
    return out[:50]


def _structured_people(items: list[dict[str, object]]) -> list[PersonSighting]:
    out: list[PersonSighting] = []
    for person in persons(items):
        # Article authors come without role or address; they need not work here.
        if not (person.job_title or person.email or person.works_for):
            continue
        if not looks_like_person_name(person.name):
            continue
        linkedin = None
        for link in person.same_as:
            profile = classify_social(link)
            if profile and profile.network == "linkedin" and profile.kind == "person":
                linkedin = profile.url
        out.append(
            PersonSighting(
                name=person.name,
                title=person.job_title,
                email=clean_email(person.email) if person.email else None,
                phone=person.telephone,
                linkedin_url=linkedin,
                how="structured",
            )
        )
    return out


def extract_page(
    url: str,
    html: str,
    *,
    country: str | None = None,
    kind: PageKind | None = None,
    truncated: bool = False,
) -> PageFindings:
    """Read one page; `country` (ISO alpha-2) lets local phone numbers parse."""
    page = parse_html(url, html)
    kind = kind or page_kind(url)
    found = PageFindings(url=url, kind=kind, title=page.title, lang=page.lang, links=page.links)
    found.site_name = page.meta_value("og:site_name", "application-name")
    found.description = page.meta_value("og:description", "description", "twitter:description")
    found.technologies = _technologies(html) if kind is PageKind.HOME else []

    items = structured_items(page.tree)
    found.organizations = organizations(items)
    people = _structured_people(items)

    seen_emails: set[str] = set()

    def add_email(email: str, how: str) -> None:
        if email not in seen_emails:
            seen_emails.add(email)
            found.emails.append(EmailSighting(email, url, how))

    seen_phones: set[str] = set()

    def add_phone(e164: str, kind_of: str) -> None:
        if e164 not in seen_phones:
            seen_phones.add(e164)
            found.phones.append(PhoneSighting(e164, url, kind_of))

    for link in page.links:
        lowered = link.url.lower()
        if lowered.startswith("mailto:"):
            for email in emails_in_mailto(link.url):
                add_email(email, "mailto")
        elif lowered.startswith(("tel:", "callto:")):
            record = phone_from_tel(link.url, country)
            if record is not None:
                add_phone(record.e164, record.type)
        else:
            profile = classify_social(link.url)
            if profile is not None and profile not in found.socials:
                found.socials.append(profile)
            elif is_job_board(link.url) and link.url not in found.job_board_urls:
                found.job_board_urls.append(link.url)
    for email in cloudflare_emails(page.tree):
        add_email(email, "cloudflare")
    for org in found.organizations:
        stated = clean_email(org.email) if org.email else None
        if stated:
            add_email(stated, "structured")
        for raw in org.telephones:
            record = normalise_phone(raw, country)
            if record is not None:
                add_phone(record.e164, record.type)
        for link_url in org.same_as:
            profile = classify_social(link_url)
            if profile is not None and profile not in found.socials:
                found.socials.append(profile)

    if kind in _PERSON_PAGES:
        people += people_from_cards(page.tree) + people_from_tables(page.tree)
    for job in job_postings(items):
        found.jobs.append(
            JobOpening(title=job.title, url=url, posted=iso_day(job.date_posted),
                       location=job.location, link=job.url)
        )  # fmt: skip
    article_list = articles(items)
    for article in article_list:
        found.posts.append(
            DatedPost(title=article.headline, url=url,
                      published=iso_day(article.date_published), link=article.url)
        )  # fmt: skip
    if kind is PageKind.NEWS:
        known = {p.title for p in found.posts}
        found.posts += [p for p in _posts_listed(page) if p.title not in known]
    if kind is PageKind.CAREERS:
        titles = {j.title for j in found.jobs}
        found.jobs += [j for j in _jobs_listed(page) if j.title not in titles]
    published = _published(page, [(a.url, a.date_published) for a in article_list])

    # Last: reading the text changes the tree.
    text = visible_text(page)
    plain = set(m.group(1).lower() for m in EMAIL.finditer(text))
    for email in emails_in_text(text):
        add_email(email, "text" if email in plain else "obfuscated")
    for record in phones_in_text(text, country):
        add_phone(record.e164, record.type)
    if kind in _PERSON_PAGES:
        people += people_from_lines(text)
    found.people = merge_sightings(people)
    found.text = PageText(
        url=url,
        kind=kind,
        title=page.title,
        text=text[:MAX_PAGE_TEXT],
        published=published,
        truncated=truncated or len(text) > MAX_PAGE_TEXT,
    )
    return found
