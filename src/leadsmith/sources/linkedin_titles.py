"""People discovery through web search: LinkedIn profile results become PersonRecords.

Search engines show a public LinkedIn profile as a title such as
"Jane Doe - VP Sales - Acme | LinkedIn" or "Jane Doe – Head of Growth at Acme –
LinkedIn". `parse_linkedin_result` turns one result into a person (name, title,
company, LinkedIn URL, sometimes a location from the snippet); `build_people_queries`
turns search filters into `site:linkedin.com/in` queries; `SearchEngineSource` runs
those queries on the configured engines and pages through them with a cursor, and finds
a company's own website among the results for its name (`domain_for_company`), so the
crawler and the finder have a domain to work on.

Only what the result shows is taken: no profile page is fetched.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import ClassVar
from urllib.parse import quote, unquote, urlsplit

import httpx
from nameparser import HumanName
from rapidfuzz import fuzz

from leadsmith.config import Settings, get_settings
from leadsmith.search.dedupe import fold
from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.sources.base import Capability, Source, SourceError, SourceHealth
from leadsmith.sources.brave import BraveSearchClient
from leadsmith.sources.http_provider import (
    RetryPolicy,
    SearchHit,
    Sleep,
    WebSearch,
    country_code,
    country_name,
    plain_text,
    region_name,
)
from leadsmith.sources.records import CompanyRecord, PersonRecord, Provenance
from leadsmith.sources.searxng import SearxngClient
from leadsmith.taxonomy import DEPARTMENTS, INDUSTRIES

SOURCE = "search_engine"

# www., mobile and country subdomains (in., uk., de.); an optional locale after the slug.
_PROFILE_URL = re.compile(
    r"^(?:[a-z]{2,3}\.|www\.|m\.)?linkedin\.com$",
    re.IGNORECASE,
)
_PROFILE_PATH = re.compile(r"^/in/([^/]+)/?(?:[a-z]{2}(?:[-_][a-z]{2})?/?)?$", re.IGNORECASE)

# Everything LinkedIn (or the engine) appends after the useful part of a title.
_SUFFIX = re.compile(
    r"\s*(?:[|\-–—·:]\s*)?(?:LinkedIn|Professional Profile|Profil professionnel|"
    r"Berufliches Profil|Perfil profesional|Profilo professionale)\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s+[-–—|·•]\s+|\s*[|·•]\s*")
_AT = re.compile(r"\s+(?:at|@|chez|bei|en)\s+", re.IGNORECASE)
# Posts and activity shown under a profile URL's title.
_NOT_A_PROFILE = re.compile(r"\bon LinkedIn:|'s Post\b", re.IGNORECASE)
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")

_COMPANY_SUFFIX = re.compile(
    r"\b(?:inc|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|co|company|"
    r"group|holdings|technologies|technology|labs|software|systems|solutions|ventures|"
    r"capital|partners|studio|studios|agency)\.?$|\.(?:com|io|ai|co|net|org)$",
    re.IGNORECASE,
)
_TITLE_WORDS = re.compile(
    r"\b(?:ceo|cto|cfo|coo|cmo|cio|cro|cpo|cso|chro|chief|founder|co-?founder|owner|"
    r"partner|president|vp|svp|evp|vice|head|director|directeur|directrice|manager|lead|"
    r"leader|engineer|engineering|developer|designer|analyst|consultant|specialist|officer|"
    r"executive|associate|architect|scientist|recruiter|advisor|adviser|coordinator|"
    r"representative|strategist|administrator|assistant|intern|student|professor|teacher|"
    r"attorney|lawyer|counsel|accountant|controller|editor|writer|researcher|nurse|"
    r"physician|principal|investor|entrepreneur|freelancer?|self-employed|sdr|bdr|"
    r"gerente|geschäftsführer|leiter|responsable|sales|marketing|growth)\b",
    re.IGNORECASE,
)
_LOCATION_WORDS = re.compile(r"\b(?:area|greater|metropolitan|region|metro|bay)\b", re.IGNORECASE)
_SNIPPET_FIELD = re.compile(
    r"\b(Location|Experience|Standort|Lieu|Ubicación|Berufserfahrung|Expérience|Experiencia)"
    r"\s*:\s*([^·|\n]+?)\s*(?=·|\||$|\n|\b[A-Z][a-z]+\s*:)",
)
# Variation selectors and the zero-width joiner that glue emoji sequences together.
_EMOJI_JOINERS = frozenset("\ufe0e\ufe0f\u200d")
_NAME_JUNK = re.compile(r"[^\w\s.'’\-]", re.UNICODE)

_SENIORITY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("owner", re.compile(r"\bowner\b", re.I)),
    ("founder", re.compile(r"\b(?:co-?\s?founder|founder)\b", re.I)),
    (
        "c_suite",
        re.compile(
            r"\b(?:ceo|cto|cfo|coo|cmo|cio|cro|cpo|cso|chro|cdo|chief\b[\w\s]*?\bofficer|chief)\b"
            r"|(?<!vice )(?<!vice-)\bpresident\b",
            re.I,
        ),
    ),
    (
        "partner",
        re.compile(
            r"\b(?:managing |general |senior )?partner\b(?!\s*(?:manager|marketing|success|sales|"
            r"channel|program|ships|relations|development|solutions|account))",
            re.I,
        ),
    ),
    ("vp", re.compile(r"\b(?:vp|svp|evp|avp|vice[\s-]+president)\b", re.I)),
    ("head", re.compile(r"\bhead\b", re.I)),
    ("director", re.compile(r"\b(?:director|directeur|directrice|directora?)\b", re.I)),
    ("manager", re.compile(r"\b(?:manager|mgr|gerente|responsable|leiter)\b", re.I)),
    ("senior", re.compile(r"\b(?:senior|sr|lead|principal|staff)\b\.?", re.I)),
    (
        "entry",
        re.compile(
            r"\b(?:junior|jr|intern|internship|trainee|assistant|associate|graduate|apprentice)\b",
            re.I,
        ),
    ),
)

_DEPARTMENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("customer_success", re.compile(r"\bcustomer\s+(?:success|support|experience|care)\b", re.I)),
    (
        "sales",
        re.compile(
            r"\b(?:sales|account executive|business development|bdr|sdr|revenue|cro|"
            r"account manager|commercial\w*)\b",
            re.I,
        ),
    ),
    (
        "marketing",
        re.compile(
            r"\b(?:marketing|growth|brand|content|seo|demand gen\w*|communications?|pr|cmo)\b",
            re.I,
        ),
    ),
    ("product", re.compile(r"\b(?:product|cpo)\b", re.I)),
    ("design", re.compile(r"\b(?:design|designer|ux|ui)\b", re.I)),
    (
        "data",
        re.compile(
            r"\b(?:data|analytics|machine learning|ml|ai|business intelligence|cdo)\b", re.I
        ),
    ),
    (
        "engineering",
        re.compile(
            r"\b(?:engineer\w*|developer|software|devops|sre|cto|programmer|architect)\b", re.I
        ),
    ),
    ("it", re.compile(r"\b(?:it|information technology|cio|sysadmin|infrastructure)\b", re.I)),
    (
        "finance",
        re.compile(
            r"\b(?:finance|financial|cfo|accounting|accountant|controller|treasury)\b", re.I
        ),
    ),
    (
        "hr",
        re.compile(r"\b(?:hr|human resources|people|talent|recruit\w*|chro)\b", re.I),
    ),
    ("legal", re.compile(r"\b(?:legal|counsel|lawyer|attorney|compliance)\b", re.I)),
    ("operations", re.compile(r"\b(?:operations|ops|coo|supply chain|logistics)\b", re.I)),
    ("research", re.compile(r"\b(?:research\w*|r&d|scientist)\b", re.I)),
    ("education", re.compile(r"\b(?:teacher|professor|lecturer|education)\b", re.I)),
    ("medical", re.compile(r"\b(?:doctor|physician|nurse|medical|clinical)\b", re.I)),
    (
        "executive",
        re.compile(r"\b(?:ceo|founder|co-?founder|president|owner|managing director)\b", re.I),
    ),
)


def seniority_from_title(title: str | None) -> str | None:
    """The seniority slug a job title implies ("VP Sales" -> "vp"), None when it says none."""
    if not title:
        return None
    for slug, rule in _SENIORITY_RULES:
        if rule.search(title):
            return slug
    return None


def department_from_title(title: str | None) -> str | None:
    """The department slug a job title implies ("Head of Growth" -> "marketing")."""
    if not title:
        return None
    for slug, rule in _DEPARTMENT_RULES:
        if rule.search(title):
            return slug
    return None


def linkedin_profile_url(url: str) -> str | None:
    """The canonical `https://www.linkedin.com/in/<slug>` of a profile URL, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not _PROFILE_URL.match(parts.hostname or ""):
        return None
    match = _PROFILE_PATH.match(parts.path)
    if not match:
        return None
    slug = unquote(match.group(1)).strip().lower()
    if not slug:
        return None
    return f"https://www.linkedin.com/in/{quote(slug, safe='-_.~')}"


def parse_linkedin_result(
    title: str, url: str, snippet: str = "", *, source: str = SOURCE
) -> PersonRecord | None:
    """A person from one search result for a LinkedIn profile, None if it is not one."""
    profile = linkedin_profile_url(url)
    if profile is None:
        return None
    text = _without_symbols(plain_text(title))
    if not text or _NOT_A_PROFILE.search(text):
        return None
    truncated = bool(_ELLIPSIS.search(text))
    text = _ELLIPSIS.sub("", text)
    previous = None
    while previous != text:  # "... | Professional Profile | LinkedIn"
        previous = text
        text = _SUFFIX.sub("", text).strip()
    segments = [s.strip() for s in _SEPARATOR.split(text) if s.strip()]
    if not segments:
        return None
    name = _parse_name(segments[0])
    if name is None:
        return None
    if truncated and len(segments) > 1:
        # The engine cut the last segment short: a half company name is worse than none.
        segments.pop()
    job_title, company, location = _title_company_location(segments[1:])
    fields = _snippet_fields(snippet)
    if job_title is None and fields.get("headline"):
        job_title, snippet_company, _ = _title_company_location([fields["headline"]])
        company = company or snippet_company
    company = company or fields.get("experience")
    location = location or fields.get("location")
    country, region, city = _place(location)
    first, last, full = name
    return PersonRecord(
        first_name=first,
        last_name=last,
        full_name=full,
        title=job_title,
        seniority=seniority_from_title(job_title),
        department=department_from_title(job_title),
        linkedin_url=profile,
        country=country,
        region=region,
        city=city,
        company=CompanyRecord(name=company, provenance=[Provenance(source, url=url)])
        if company
        else None,
        provenance=[Provenance(source, url=url)],
    )


def _without_symbols(text: str) -> str:
    """Text without emoji and pictographs ("Rocket Labs 🚀"), spaces tidied."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        ch
        for ch in text
        if unicodedata.category(ch) not in ("So", "Cs", "Co") and ch not in _EMOJI_JOINERS
    )
    return re.sub(r"\s+", " ", kept).strip()


def _parse_name(segment: str) -> tuple[str, str, str] | None:
    """(first, last, full) from a title's name part; None when it is not a person's name."""
    raw = segment.split(",")[0]  # "Jane Doe, MBA, PMP"
    raw = _NAME_JUNK.sub(" ", raw)
    raw = re.sub(r"\s+", " ", raw).strip(" -.")
    if not raw or any(ch.isdigit() for ch in raw) or len(raw.split()) > 5:
        return None
    name = HumanName(raw)
    if raw.isupper() or raw.islower():
        name.capitalize(force=True)
    first = name.first.strip()
    last = name.last.strip()
    # "Jane D." is LinkedIn hiding the surname: nothing to find an email with.
    if not first or not last or re.fullmatch(r"\w\.?", last):
        return None
    full = " ".join(p for p in (name.first, name.middle, name.last) if p)
    return first, last, full


def _looks_like_location(text: str) -> bool:
    if _LOCATION_WORDS.search(text):
        return True
    parts = [p.strip() for p in text.split(",")]
    # Codes alone ("GE", "CAN") are more often company names than places.
    if len(parts) == 1 and len(parts[0]) <= 3:
        return False
    return country_code(parts[-1]) is not None and not _TITLE_WORDS.search(text)


def _looks_like_company(text: str) -> bool:
    return bool(_COMPANY_SUFFIX.search(text.strip()))


def _looks_like_title(text: str) -> bool:
    return bool(_TITLE_WORDS.search(text)) or seniority_from_title(text) is not None


def _title_company_location(rest: list[str]) -> tuple[str | None, str | None, str | None]:
    job_title: str | None = None
    company: str | None = None
    location: str | None = None
    for segment in rest:
        at = _AT.split(segment, maxsplit=1)
        if job_title is None and len(at) == 2 and at[0] and at[1]:
            job_title, company = at[0].strip(), company or at[1].strip()
            continue
        if location is None and _looks_like_location(segment) and not _looks_like_company(segment):
            location = segment
        elif company is None and _looks_like_company(segment):
            company = segment
        elif job_title is None and (_looks_like_title(segment) or len(rest) > 1):
            job_title = segment
        elif company is None:
            company = segment
    return job_title, company, location


def _snippet_fields(snippet: str) -> dict[str, str]:
    """Labelled facts in Google-style snippets: "Experience: Acme · Location: Paris"."""
    out: dict[str, str] = {}
    text = plain_text(snippet)
    # Snippets often open with the headline: "VP Sales at Acme · Experience: Acme · ..."
    lead = re.split(r"\s+[·|]\s+", text, maxsplit=1)[0].strip()
    if lead and ":" not in lead and _AT.search(lead) and len(lead) <= 120:
        out["headline"] = lead
    for label, value in _SNIPPET_FIELD.findall(text):
        key = label.lower()
        key = {
            "standort": "location",
            "lieu": "location",
            "ubicación": "location",
            "berufserfahrung": "experience",
            "expérience": "experience",
            "experiencia": "experience",
        }.get(key, key)
        out.setdefault(key, value.strip(" .·"))
    return out


def _place(location: str | None) -> tuple[str | None, str | None, str | None]:
    """(country, region, city) from "Paris, Île-de-France, France" or "Greater Boston"."""
    if not location:
        return None, None, None
    parts = [p.strip() for p in location.split(",") if p.strip()]
    if not parts:
        return None, None, None
    country = country_code(parts[-1])
    if country:
        parts = parts[:-1]
    city = (
        re.sub(r"^Greater\s+|\s+(?:Metropolitan\s+)?Area$|\s+Bay Area$", "", parts[0]).strip()
        if parts
        else None
    )
    region = parts[1] if len(parts) >= 2 else None
    return country, region, city or None


# --- queries from filters --------------------------------------------------------------

_C_SUITE_BY_DEPARTMENT = {
    "executive": "CEO",
    "engineering": "CTO",
    "marketing": "CMO",
    "finance": "CFO",
    "operations": "COO",
    "sales": "CRO",
    "product": "CPO",
    "hr": "CHRO",
    "it": "CIO",
    "data": "CDO",
}
_SENIORITY_WORDS = {
    "owner": "Owner",
    "founder": "Founder",
    "partner": "Partner",
    "vp": "VP",
    "head": "Head of",
    "director": "Director",
    "manager": "Manager",
    "senior": "Senior",
    "entry": "Junior",
}
_DEPARTMENT_WORDS = {
    "executive": "",
    "engineering": "Engineering",
    "product": "Product",
    "design": "Design",
    "sales": "Sales",
    "marketing": "Marketing",
    "customer_success": "Customer Success",
    "operations": "Operations",
    "finance": "Finance",
    "hr": "People",
    "legal": "Legal",
    "it": "IT",
    "data": "Data",
    "research": "Research",
    "education": "Education",
    "medical": "Medical",
}


def _quote(term: str) -> str:
    term = term.replace('"', "").strip()
    return f'"{term}"' if " " in term or "&" in term else term


def _role_phrases(filters: SearchFilters) -> list[str]:
    """Title phrases: the filters' titles quoted, else seniority x department words."""
    phrases = [_quote(t) if " " in t.strip() else t.strip() for t in filters.titles if t.strip()]
    if phrases:
        return list(dict.fromkeys(phrases))
    departments = [d for d in filters.departments if d in DEPARTMENTS] or [""]
    out: list[str] = []
    for seniority in filters.seniorities or [""]:
        for department in departments:
            if seniority == "c_suite":
                out.append(_C_SUITE_BY_DEPARTMENT.get(department, "CEO"))
                continue
            words = [_SENIORITY_WORDS.get(seniority, ""), _DEPARTMENT_WORDS.get(department, "")]
            phrase = " ".join(w for w in words if w).removesuffix(" of").strip()
            if phrase:
                out.append(phrase)
    return list(dict.fromkeys(out))


def _location_term(location: LocationFilter) -> str | None:
    place = location.city or region_name(location.region) or country_name(location.country)
    if not place and location.country:
        place = location.country
    return _quote(place) if place else None


def build_people_queries(filters: SearchFilters, *, max_queries: int = 6) -> list[str]:
    """`site:linkedin.com/in` queries for the filters: one per role phrase and place."""
    roles = _role_phrases(filters) or [""]
    places = [t for loc in filters.locations if (t := _location_term(loc))] or [""]
    industries = [_quote(INDUSTRIES.get(i, i.replace("_", " "))) for i in filters.industries]
    industry = ""
    if len(industries) == 1:
        industry = industries[0]
    elif industries:
        industry = "(" + " OR ".join(industries) + ")"
    # Technologies are left out: profile titles rarely name the employer's stack, and
    # requiring them starves recall.
    keywords = [_quote(k) for k in filters.keywords if k.strip()]
    queries: list[str] = []
    for role in roles:
        for place in places:
            terms = [t for t in (role, place, industry, *keywords) if t]
            if not terms:
                continue
            queries.append(" ".join(["site:linkedin.com/in", *terms]))
    return list(dict.fromkeys(queries))[:max_queries]


# --- company websites ------------------------------------------------------------------

# Sites that show a company without being its own website.
_DIRECTORY_SITES = frozenset(
    {
        "linkedin.com", "facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com",
        "tiktok.com", "pinterest.com", "reddit.com", "quora.com", "medium.com", "github.com",
        "wikipedia.org", "wikidata.org", "crunchbase.com", "glassdoor.com", "indeed.com",
        "bloomberg.com", "zoominfo.com", "apollo.io", "rocketreach.co", "pitchbook.com",
        "owler.com", "craft.co", "tracxn.com", "dnb.com", "yelp.com", "trustpilot.com",
        "g2.com", "capterra.com", "angel.co", "wellfound.com", "signalhire.com",
        "lusha.com", "contactout.com", "theorg.com", "google.com", "bing.com",
    }
)  # fmt: skip
_POSITION_PENALTY = 2  # per place below the first result
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|:·•]\s+|\s*[|·•]\s*")


def _clean_company(name: str) -> str:
    from leadsmith.companies.clean_names import clean_company_name

    return " ".join((clean_company_name(name) or name).split())


def _company_site_score(hit: SearchHit, words: list[str]) -> tuple[str, int] | None:
    """(registrable domain, confidence) when the hit looks like the company's own site."""
    from leadsmith.sources.web.site_links import registrable_domain

    try:
        host = (urlsplit(hit.url).hostname or "").lower()
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    domain = registrable_domain(host)
    if domain in _DIRECTORY_SITES or any(domain.endswith("." + d) for d in _DIRECTORY_SITES):
        return None
    label = domain.split(".", 1)[0]
    joined, hyphened = "".join(words), "-".join(words)
    head = _TITLE_SEPARATOR.split(hit.title, maxsplit=1)[0]
    named = fuzz.token_set_ratio(" ".join(words), fold(head)) >= 85
    if label in (joined, hyphened):
        return domain, 90
    if named and label == words[0]:
        return domain, 85  # "Acme Robotics" at acme.com
    if named and (label.startswith(joined) or joined.startswith(label)) and len(label) > 2:
        return domain, 75
    if fuzz.ratio(" ".join(words), fold(head)) >= 90:
        return domain, 60  # the page is titled with the name alone
    return None


# --- the source ------------------------------------------------------------------------


def _encode_cursor(page: int, query: int, skip: int) -> str:
    raw = json.dumps({"p": page, "q": query, "s": skip}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> tuple[int, int, int]:
    if not cursor:
        return 1, 0, 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
        page, query, skip = int(value["p"]), int(value["q"]), int(value["s"])
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise SourceError(SOURCE, "invalid cursor") from exc
    if page < 1 or query < 0 or skip < 0:
        raise SourceError(SOURCE, "invalid cursor")
    return page, query, skip


class SearchEngineSource(Source):
    """People search through web search engines' LinkedIn profile results."""

    name: ClassVar[str] = SOURCE
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.SEARCH_PEOPLE})
    # USD per query on Brave's paid tier (5 USD / 1,000); a self-hosted SearXNG is free.
    cost: ClassVar[float] = 0.005
    uses_network: ClassVar[bool] = True

    def __init__(
        self,
        engines: Sequence[WebSearch] | None = None,
        *,
        settings: Settings | None = None,
        per_query: int = 10,
        max_pages: int = 5,
        max_queries: int = 6,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.per_query = per_query
        self.max_pages = max_pages
        self.max_queries = max_queries
        self._owned: list[WebSearch] = []
        if engines is None:
            engines = self._owned = _engines_from_settings(
                settings or get_settings(),
                client=client,
                transport=transport,
                retry=retry,
                sleep=sleep,
            )
        self.engines: list[WebSearch] = list(engines)

    async def search_people(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[PersonRecord], str | None]:
        """A page of people from LinkedIn results and the cursor to continue from."""
        queries = build_people_queries(filters, max_queries=self.max_queries)
        if not queries or limit <= 0:
            return [], None
        page, query_index, skip = _decode_cursor(cursor)
        people: list[PersonRecord] = []
        seen: set[str] = set()
        page_had_hits = query_index > 0 or skip > 0
        while page <= self.max_pages:
            while query_index < len(queries):
                try:
                    hits = await self._search(queries[query_index], page)
                except SourceError:
                    if people:  # keep what we have; the cursor retries this query
                        return people, _encode_cursor(page, query_index, skip)
                    raise
                page_had_hits = page_had_hits or bool(hits)
                parsed = [
                    person
                    for hit in hits
                    if (person := parse_linkedin_result(hit.title, hit.url, hit.snippet))
                ]
                fresh = parsed[skip:]
                for taken, person in enumerate(fresh, start=1):
                    key = person.linkedin_url or ""
                    if key in seen:
                        continue
                    seen.add(key)
                    people.append(person)
                    if len(people) >= limit:
                        if skip + taken < len(parsed):
                            return people, _encode_cursor(page, query_index, skip + taken)
                        return people, self._after(page, query_index + 1, len(queries))
                query_index, skip = query_index + 1, 0
            if not page_had_hits:
                return people, None  # every query ran dry
            page, query_index, page_had_hits = page + 1, 0, False
        return people, None

    def _after(self, page: int, query_index: int, total: int) -> str | None:
        if query_index < total:
            return _encode_cursor(page, query_index, 0)
        if page + 1 > self.max_pages:
            return None
        return _encode_cursor(page + 1, 0, 0)

    async def _search(self, query: str, page: int) -> list[SearchHit]:
        """Ask the engines in order; the next one answers when one fails."""
        if not self.engines:
            raise SourceError(SOURCE, "no search engine configured (SearXNG URL or Brave key)")
        failure: SourceError | None = None
        for engine in self.engines:
            try:
                return await engine.search(query, count=self.per_query, page=page)
            except SourceError as exc:
                failure = exc
        assert failure is not None
        raise SourceError(SOURCE, f"every engine failed; last: {failure}") from failure

    async def domain_for_company(self, name: str) -> list[tuple[str, int]]:
        """The company's own website among the results for its name, with a 0-100
        confidence; social networks and company directories are passed over."""
        cleaned = _clean_company(name)
        words = [w for w in fold(cleaned).split() if w]
        if not words:
            return []
        # The name without its legal form: "Acme Robotics, Inc." is written "Acme Robotics".
        hits = await self._search(_quote(cleaned), 1)
        scores: dict[str, int] = {}
        for position, hit in enumerate(hits[: self.per_query]):
            scored = _company_site_score(hit, words)
            if scored is None:
                continue
            domain, confidence = scored
            confidence = max(0, confidence - _POSITION_PENALTY * position)
            scores[domain] = max(scores.get(domain, 0), confidence)
        return sorted(scores.items(), key=lambda kv: -kv[1])

    async def health(self) -> SourceHealth:
        """Configured when at least one engine is; no query is spent on checking."""
        if not self.engines:
            return SourceHealth(
                enabled=True, configured=False, healthy=False, detail="no search engine configured"
            )
        names = ", ".join(e.name for e in self.engines)
        return SourceHealth(enabled=True, configured=True, healthy=True, detail=f"engines: {names}")

    async def aclose(self) -> None:
        """Close the engine clients this source created."""
        for engine in self._owned:
            await engine.aclose()


def _engines_from_settings(
    settings: Settings,
    *,
    client: httpx.AsyncClient | None,
    transport: httpx.AsyncBaseTransport | None,
    retry: RetryPolicy | None,
    sleep: Sleep | None,
) -> list[WebSearch]:
    """The self-hosted SearXNG first (free), then Brave (paid), as configured."""
    engines: list[WebSearch] = []
    if settings.searxng_url:
        engines.append(
            SearxngClient(
                settings.searxng_url,
                timeout=settings.http_timeout,
                client=client,
                transport=transport,
                retry=retry,
                sleep=sleep,
            )
        )
    if settings.brave_api_key:
        engines.append(
            BraveSearchClient(
                settings.brave_api_key,
                base_url=settings.brave_base_url,
                timeout=settings.http_timeout,
                client=client,
                transport=transport,
                retry=retry,
                sleep=sleep,
            )
        )
    return engines
