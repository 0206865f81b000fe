"""schema.org data embedded in pages: JSON-LD (with @graph) and microdata.

Both are read into the same shape, a dict per item with "@type" as a list of bare
type names ("Person", not "https://schema.org/Person") and properties as JSON-LD
has them, so one set of readers (`persons`, `organizations`, ...) serves both.
RDFa is not read: it is rare on company sites and selectolax has no helper for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from leadsmith.sources.web.html_page import node_text, squash

Item = dict[str, Any]

_ORG_TYPES = frozenset(
    {"Organization", "Corporation", "LocalBusiness", "NGO", "OnlineBusiness", "OnlineStore",
     "ProfessionalService", "Store", "EducationalOrganization", "GovernmentOrganization",
     "MedicalOrganization", "NewsMediaOrganization", "SportsOrganization", "Airline",
     "Consortium", "FundingScheme", "ResearchOrganization", "WorkersUnion", "LegalService",
     "FinancialService", "Brand"}
)  # fmt: skip
_ARTICLE_TYPES = frozenset(
    {"Article", "BlogPosting", "NewsArticle", "Report", "TechArticle", "AnalysisNewsArticle",
     "PressRelease", "SocialMediaPosting", "LiveBlogPosting"}
)  # fmt: skip
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)
_MAX_ITEMS = 500  # a page with more is a catalogue, not a company page


def type_names(item: Item) -> list[str]:
    """The item's schema.org types without their vocabulary prefix."""
    raw = item.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    names = []
    for value in values:
        if isinstance(value, str) and value:
            names.append(re.split(r"[/#:]", value.strip())[-1])
    return names


def is_organization(item: Item) -> bool:
    """True for Organization and its subtypes (LocalBusiness, Corporation, ...)."""
    return any(
        t in _ORG_TYPES or t.endswith(("Organization", "Business")) for t in type_names(item)
    )


def _walk(value: Any, out: list[Item], depth: int = 0) -> None:
    if depth > 12 or len(out) >= _MAX_ITEMS:
        return
    if isinstance(value, list):
        for element in value:
            _walk(element, out, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            out.append(value)
        for key, element in value.items():
            if key != "@context":
                _walk(element, out, depth + 1)


def _load_json(text: str) -> Any:
    text = text.strip()
    # CMSs wrap JSON-LD in comments or CDATA and leave trailing commas.
    for junk in ("<!--", "-->", "<![CDATA[", "]]>"):
        text = text.replace(junk, "")
    text = _LINE_COMMENT.sub("", text).strip().rstrip(";")
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except json.JSONDecodeError:
        return None


def jsonld_items(tree: LexborHTMLParser) -> list[Item]:
    """Every typed item in the page's JSON-LD blocks, nested and @graph items included."""
    out: list[Item] = []
    for script in tree.css('script[type*="ld+json"]'):
        data = _load_json(script.text(deep=True))
        if data is not None:
            _walk(data, out)
    return out


def _has(node: LexborNode, attribute: str) -> bool:
    return attribute in node.attributes


def _microdata_value(node: LexborNode) -> str:
    attrs = node.attributes
    tag = node.tag
    if "content" in attrs:
        return squash(attrs.get("content") or "")
    if tag in ("a", "link", "area"):
        return (attrs.get("href") or "").strip()
    if tag in ("img", "audio", "video", "source", "embed", "iframe"):
        return (attrs.get("src") or "").strip()
    if tag == "time" and attrs.get("datetime"):
        return (attrs.get("datetime") or "").strip()
    if tag in ("data", "meter") and attrs.get("value"):
        return (attrs.get("value") or "").strip()
    return node_text(node)


def microdata_items(tree: LexborHTMLParser) -> list[Item]:
    """Every microdata item (itemscope) with its itemprop values, nested items as dicts."""
    items: dict[int, Item] = {}
    for scope in tree.css("[itemscope]"):
        types = (scope.attributes.get("itemtype") or "").split()
        items[scope.mem_id] = {"@type": types or ["Thing"]}
        if len(items) >= _MAX_ITEMS:
            break
    if not items:
        return []
    for node in tree.css("[itemprop]"):
        owner = node.parent
        while owner is not None and not _has(owner, "itemscope"):
            owner = owner.parent
        if owner is None or owner.mem_id not in items:
            continue
        value: Any = items.get(node.mem_id) if _has(node, "itemscope") else None
        if value is None:
            value = _microdata_value(node)
        for prop in (node.attributes.get("itemprop") or "").split():
            bucket = items[owner.mem_id].setdefault(prop, [])
            bucket.append(value)
    return list(items.values())


def structured_items(tree: LexborHTMLParser) -> list[Item]:
    """JSON-LD items followed by microdata items."""
    return jsonld_items(tree) + microdata_items(tree)


def text_of(value: Any) -> str | None:
    """A plain string from a JSON-LD/microdata value (string, list, @value, name)."""
    if isinstance(value, list):
        for element in value:
            found = text_of(element)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key in ("@value", "name", "@id", "url"):
            if key in value:
                return text_of(value[key])
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = squash(str(value))
        return text or None
    return None


def texts_of(value: Any) -> list[str]:
    """All plain strings from a value that may be a list."""
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for element in values:
        text = text_of(element)
        if text and text not in out:
            out.append(text)
    return out


def items_of(value: Any) -> Iterator[Item]:
    """The dict items in a value that may be a list."""
    for element in value if isinstance(value, list) else [value]:
        if isinstance(element, dict):
            yield element


@dataclass(slots=True)
class PersonData:
    """A schema.org Person."""

    name: str
    given_name: str | None = None
    family_name: str | None = None
    job_title: str | None = None
    email: str | None = None
    telephone: str | None = None
    same_as: list[str] = field(default_factory=list)
    works_for: str | None = None


@dataclass(slots=True)
class OrganizationData:
    """A schema.org Organization (or subtype)."""

    name: str | None = None
    legal_name: str | None = None
    alternate_name: str | None = None
    url: str | None = None
    description: str | None = None
    email: str | None = None
    telephones: list[str] = field(default_factory=list)
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    founding_date: str | None = None
    employees: str | None = None
    same_as: list[str] = field(default_factory=list)
    logo: str | None = None


@dataclass(slots=True)
class JobPostingData:
    """A schema.org JobPosting."""

    title: str
    date_posted: str | None = None
    valid_through: str | None = None
    employment_type: str | None = None
    location: str | None = None
    url: str | None = None


@dataclass(slots=True)
class ArticleData:
    """A schema.org Article, BlogPosting, NewsArticle..."""

    headline: str
    date_published: str | None = None
    url: str | None = None


def _email(value: Any) -> str | None:
    text = text_of(value)
    if not text:
        return None
    return text.removeprefix("mailto:").strip() or None


def persons(items: list[Item]) -> list[PersonData]:
    """Person items that have a name."""
    out: list[PersonData] = []
    for item in items:
        if "Person" not in type_names(item):
            continue
        given = text_of(item.get("givenName"))
        family = text_of(item.get("familyName"))
        name = text_of(item.get("name")) or " ".join(p for p in (given, family) if p)
        if not name:
            continue
        works_for = None
        for org in items_of(item.get("worksFor")):
            works_for = text_of(org.get("name"))
        if works_for is None and isinstance(item.get("worksFor"), str):
            works_for = text_of(item.get("worksFor"))
        out.append(
            PersonData(
                name=name,
                given_name=given,
                family_name=family,
                job_title=text_of(item.get("jobTitle")) or text_of(item.get("roleName")),
                email=_email(item.get("email")),
                telephone=text_of(item.get("telephone")),
                same_as=texts_of(item.get("sameAs")) + texts_of(item.get("url")),
                works_for=works_for,
            )
        )
    return out


def _address_into(org: OrganizationData, value: Any) -> None:
    for address in items_of(value):
        org.street = org.street or text_of(address.get("streetAddress"))
        org.city = org.city or text_of(address.get("addressLocality"))
        org.region = org.region or text_of(address.get("addressRegion"))
        org.postal_code = org.postal_code or text_of(address.get("postalCode"))
        country = address.get("addressCountry")
        if isinstance(country, dict):
            country = country.get("identifier") or country.get("name")
        org.country = org.country or text_of(country)
    if isinstance(value, str) and not org.street:
        org.street = squash(value)


def _employees(value: Any) -> str | None:
    for quantity in items_of(value):
        exact = text_of(quantity.get("value"))
        if exact:
            return exact
        low, high = text_of(quantity.get("minValue")), text_of(quantity.get("maxValue"))
        if low or high:
            return f"{low or ''}-{high or ''}"
    return text_of(value)


def organizations(items: list[Item]) -> list[OrganizationData]:
    """Organization items (any subtype), each with what it states about itself."""
    out: list[OrganizationData] = []
    for item in items:
        if not is_organization(item):
            continue
        org = OrganizationData(
            name=text_of(item.get("name")),
            legal_name=text_of(item.get("legalName")),
            alternate_name=text_of(item.get("alternateName")),
            url=text_of(item.get("url")),
            description=text_of(item.get("description")),
            email=_email(item.get("email")),
            telephones=texts_of(item.get("telephone")),
            founding_date=text_of(item.get("foundingDate")),
            employees=_employees(item.get("numberOfEmployees")),
            same_as=texts_of(item.get("sameAs")),
            logo=text_of(item.get("logo")),
        )
        _address_into(org, item.get("address"))
        for location in items_of(item.get("location")):
            _address_into(org, location.get("address"))
        for point in items_of(item.get("contactPoint")):
            org.email = org.email or _email(point.get("email"))
            org.telephones += [t for t in texts_of(point.get("telephone")) if t]
        out.append(org)
    return out


def job_postings(items: list[Item]) -> list[JobPostingData]:
    """JobPosting items that have a title."""
    out: list[JobPostingData] = []
    for item in items:
        if "JobPosting" not in type_names(item):
            continue
        title = text_of(item.get("title")) or text_of(item.get("name"))
        if not title:
            continue
        location = None
        for place in items_of(item.get("jobLocation")):
            for address in items_of(place.get("address")):
                location = text_of(address.get("addressLocality")) or location
        out.append(
            JobPostingData(
                title=title,
                date_posted=text_of(item.get("datePosted")),
                valid_through=text_of(item.get("validThrough")),
                employment_type=text_of(item.get("employmentType")),
                location=location,
                url=text_of(item.get("url")),
            )
        )
    return out


def articles(items: list[Item]) -> list[ArticleData]:
    """Article-like items (blog posts, news, press releases) that have a headline."""
    out: list[ArticleData] = []
    for item in items:
        if not any(t in _ARTICLE_TYPES for t in type_names(item)):
            continue
        headline = text_of(item.get("headline")) or text_of(item.get("name"))
        if not headline:
            continue
        url = text_of(item.get("url"))
        if url is None:
            main = item.get("mainEntityOfPage")
            url = text_of(main.get("@id")) if isinstance(main, dict) else text_of(main)
        out.append(
            ArticleData(
                headline=headline,
                date_published=text_of(item.get("datePublished"))
                or text_of(item.get("dateCreated")),
                url=url,
            )
        )
    return out
