"""What one crawl of a company site found, every fact with the page it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from leadsmith.sources.records import PersonRecord
from leadsmith.sources.web.site_links import PageKind
from leadsmith.sources.web.socials import SocialProfile

# Bound on the text kept per page, for later signal-finding (why-now research).
MAX_PAGE_TEXT = 20_000


class EmailSighting(NamedTuple):
    """An address seen on a page; `how`: mailto, text, cloudflare or structured."""

    email: str
    url: str
    how: str = "text"


class PhoneSighting(NamedTuple):
    """A number (E.164) seen on a page, with its type ("office", "mobile", ...)."""

    e164: str
    url: str
    type: str = "office"


@dataclass(frozen=True, slots=True)
class SocialSighting:
    """A company-level social profile and the page that linked it."""

    profile: SocialProfile
    url: str


@dataclass(slots=True)
class PageText:
    """The readable text of one crawled page, bounded, for later signal-finding."""

    url: str
    kind: PageKind
    title: str
    text: str
    published: str | None = None  # ISO date the page states for itself, if any
    truncated: bool = False  # the body or the text was cut at its limit


@dataclass(slots=True)
class JobOpening:
    """An open role: from JobPosting data, or a job link on a careers page."""

    title: str
    url: str  # the page it was seen on
    posted: str | None = None
    location: str | None = None
    link: str | None = None  # the posting itself, when it has its own URL


@dataclass(slots=True)
class DatedPost:
    """A blog, news or press post with the date it gives."""

    title: str
    url: str  # the page it was seen on
    published: str | None = None
    link: str | None = None


@dataclass(slots=True)
class OrganizationFacts:
    """What the site states about the company itself."""

    name: str | None = None
    legal_name: str | None = None
    description: str | None = None
    website: str | None = None
    logo: str | None = None
    email: str | None = None
    phone: str | None = None  # E.164
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    founded: str | None = None
    employees: int | None = None
    technologies: list[str] = field(default_factory=list)
    source_urls: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CrawlResult:
    """One company site: pages visited, contacts, people, socials, facts and texts."""

    domain: str
    company_name: str | None = None
    home_url: str | None = None  # the homepage after redirects
    redirected_to: str | None = None  # set when the homepage moved to another domain
    pages: list[str] = field(default_factory=list)
    emails: list[EmailSighting] = field(default_factory=list)
    phones: list[PhoneSighting] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    socials: list[SocialSighting] = field(default_factory=list)
    organization: OrganizationFacts = field(default_factory=OrganizationFacts)
    texts: list[PageText] = field(default_factory=list)
    jobs: list[JobOpening] = field(default_factory=list)
    posts: list[DatedPost] = field(default_factory=list)
    job_board_urls: list[str] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)  # skipped because of robots.txt
    errors: list[str] = field(default_factory=list)  # "url: reason" for failed fetches

    @property
    def reachable(self) -> bool:
        """True when the homepage answered."""
        return self.home_url is not None

    def social_url(self, network: str) -> str | None:
        """The company's profile URL on `network` ("linkedin", "twitter", ...), if linked."""
        for sighting in self.socials:
            if sighting.profile.network == network and sighting.profile.kind != "person":
                return sighting.profile.url
        return None

    def text_of(self, url: str) -> PageText | None:
        """The kept text of the page at `url`."""
        return next((t for t in self.texts if t.url == url), None)
