"""The company-website crawler and the `web` source built on it."""

from leadsmith.sources.web.crawler import WebCrawler, normalise_domain
from leadsmith.sources.web.merge import company_record
from leadsmith.sources.web.page_extract import PageFindings, extract_page
from leadsmith.sources.web.result import (
    CrawlResult,
    DatedPost,
    EmailSighting,
    JobOpening,
    OrganizationFacts,
    PageText,
    PhoneSighting,
    SocialSighting,
)
from leadsmith.sources.web.site_links import PageKind
from leadsmith.sources.web.socials import SocialProfile, classify_social
from leadsmith.sources.web.source import WebSource

__all__ = [
    "CrawlResult",
    "DatedPost",
    "EmailSighting",
    "JobOpening",
    "OrganizationFacts",
    "PageFindings",
    "PageKind",
    "PageText",
    "PhoneSighting",
    "SocialProfile",
    "SocialSighting",
    "WebCrawler",
    "WebSource",
    "classify_social",
    "company_record",
    "extract_page",
    "normalise_domain",
]
