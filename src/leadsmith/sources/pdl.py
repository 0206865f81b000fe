"""People Data Labs API v5 client: person enrichment and search, company enrichment.

PDL answers 200 with the record (person enrichment wraps it in `data` beside
`likelihood`; company enrichment is flat), 404 when nothing matched (no charge), and
fails with `{"status", "error": {"type", "message"}}`: 400 invalid request, 401 bad
key, 402 out of credits, 403 key not allowed, 429 rate limited (retried after
`x-ratelimit-reset`), 5xx. The key travels in the `X-Api-Key` header.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, ClassVar

import httpx

from leadsmith.config import Settings, get_settings
from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.sources.base import Capability, PersonQuery, Source, SourceHealth
from leadsmith.sources.http_provider import (
    TRANSIENT_STATUSES,
    JSONObject,
    ProviderHTTP,
    RetryPolicy,
    Sleep,
    country_code,
    country_name,
    employees_from_band,
    industry_slug,
    obj,
    parse_retry_after,
    region_name,
    text_or_none,
    to_e164,
)
from leadsmith.sources.linkedin_titles import department_from_title, seniority_from_title
from leadsmith.sources.records import (
    CompanyRecord,
    EmailCandidate,
    PersonRecord,
    PhoneRecord,
    Provenance,
)
from leadsmith.taxonomy import COMPANY_SIZE_BANDS, SENIORITIES

SOURCE = "pdl"
MAX_SEARCH_SIZE = 100  # PDL's documented maximum page size

# PDL's job_title_levels -> Leadsmith seniority.
_LEVELS = {
    "owner": "owner",
    "cxo": "c_suite",
    "partner": "partner",
    "vp": "vp",
    "director": "director",
    "manager": "manager",
    "senior": "senior",
    "entry": "entry",
    "training": "entry",
    "unpaid": "entry",
}
# Leadsmith seniority -> PDL levels to search (PDL has no "head" or "founder" level).
_LEVELS_FOR: dict[str, list[str]] = {
    "owner": ["owner"],
    "founder": ["owner", "cxo"],
    "c_suite": ["cxo"],
    "partner": ["partner"],
    "vp": ["vp"],
    "head": ["director", "vp"],
    "director": ["director"],
    "manager": ["manager"],
    "senior": ["senior"],
    "entry": ["entry", "training"],
}
# PDL's job_title_role (old and new taxonomies) -> Leadsmith department.
_ROLES = {
    "sales": "sales",
    "sales_engineering": "sales",
    "partnerships": "sales",
    "marketing": "marketing",
    "engineering": "engineering",
    "finance": "finance",
    "human_resources": "hr",
    "legal": "legal",
    "operations": "operations",
    "fulfillment": "operations",
    "manufacturing": "operations",
    "customer_service": "customer_success",
    "support": "customer_success",
    "design": "design",
    "creative": "design",
    "education": "education",
    "health": "medical",
    "research": "research",
    "product": "product",
    "analyst": "data",
}
_ROLES_FOR: dict[str, list[str]] = {}
for _role, _department in _ROLES.items():
    _ROLES_FOR.setdefault(_department, []).append(_role)

# Leadsmith industry -> PDL's job_company_industry values (LinkedIn's names, lowercase).
_INDUSTRIES_FOR: dict[str, list[str]] = {
    "saas": ["computer software", "internet"],
    "software": ["computer software", "information technology and services"],
    "fintech": ["financial services"],
    "banking": ["banking", "investment banking"],
    "insurance": ["insurance"],
    "ecommerce": ["internet", "retail"],
    "retail": ["retail", "consumer goods"],
    "healthcare": ["hospital & health care", "medical practice", "health, wellness and fitness"],
    "biotech": ["biotechnology"],
    "pharma": ["pharmaceuticals"],
    "edtech": ["e-learning"],
    "education": ["education management", "higher education", "primary/secondary education"],
    "manufacturing": ["machinery", "industrial automation", "electrical/electronic manufacturing"],
    "automotive": ["automotive"],
    "logistics": ["logistics and supply chain", "transportation/trucking/railroad"],
    "real_estate": ["real estate", "commercial real estate"],
    "construction": ["construction", "building materials"],
    "energy": ["oil & energy", "renewables & environment", "utilities"],
    "telecom": ["telecommunications", "wireless"],
    "media": ["media production", "online media", "broadcast media", "publishing"],
    "marketing_advertising": ["marketing and advertising"],
    "consulting": ["management consulting"],
    "legal_services": ["legal services", "law practice"],
    "hospitality": ["hospitality"],
    "travel": ["leisure, travel & tourism"],
    "food_beverage": ["food & beverages", "food production", "restaurants"],
    "agriculture": ["farming"],
    "gaming": ["computer games"],
    "cybersecurity": ["computer & network security"],
    "ai_ml": ["computer software", "information technology and services"],
    "hardware": ["computer hardware", "semiconductors"],
    "nonprofit": ["nonprofit organization management"],
    "government": ["government administration"],
    "staffing": ["staffing and recruiting"],
}
# PDL's country names where pycountry's differ.
_PDL_COUNTRY = {
    "RU": "russia",
    "VN": "vietnam",
    "IR": "iran",
    "SY": "syria",
    "TW": "taiwan",
    "BO": "bolivia",
    "VE": "venezuela",
    "TZ": "tanzania",
    "MD": "moldova",
    "KP": "north korea",
    "LA": "laos",
}


def filters_to_query(filters: SearchFilters) -> JSONObject:
    """An Elasticsearch bool query over PDL's person fields: AND across filter kinds,
    OR within one."""
    must: list[JSONObject] = []

    def any_of(clauses: list[JSONObject]) -> None:
        if len(clauses) == 1:
            must.append(clauses[0])
        elif clauses:
            must.append({"bool": {"should": clauses}})

    any_of(
        [{"match_phrase": {"job_title": t.strip().lower()}} for t in filters.titles if t.strip()]
    )

    levels = sorted({lvl for s in filters.seniorities for lvl in _LEVELS_FOR.get(s, [])})
    seniority: list[JSONObject] = [{"terms": {"job_title_levels": levels}}] if levels else []
    if "founder" in filters.seniorities:
        seniority.append({"match": {"job_title": "founder"}})
    if "head" in filters.seniorities:
        seniority.append({"match_phrase": {"job_title": "head of"}})
    any_of(seniority)

    roles = sorted({r for d in filters.departments for r in _ROLES_FOR.get(d, [])})
    department: list[JSONObject] = [{"terms": {"job_title_role": roles}}] if roles else []
    for unmapped in (d for d in filters.departments if d not in _ROLES_FOR):
        department.append({"match": {"job_title": unmapped.replace("_", " ")}})
    any_of(department)

    any_of([clause for loc in filters.locations if (clause := _location_clause(loc))])

    industries = sorted({n for i in filters.industries for n in _INDUSTRIES_FOR.get(i, [])})
    if industries:
        must.append({"terms": {"job_company_industry": industries}})

    sizes = _size_bands(filters)
    if sizes:
        must.append({"terms": {"job_company_size": sizes}})

    for keyword in (k.strip() for k in filters.keywords if k.strip()):
        must.append(
            {
                "bool": {
                    "should": [
                        {"match_phrase": {"job_title": keyword.lower()}},
                        {"term": {"skills": keyword.lower()}},
                        {"match_phrase": {"job_company_name": keyword.lower()}},
                    ]
                }
            }
        )
    # Technologies describe the employer's stack, which PDL's person records do not
    # carry; they are left to company-level sources.
    return {"bool": {"must": must}}


def _pdl_country(code: str | None) -> str | None:
    if not code:
        return None
    name = _PDL_COUNTRY.get(code.upper()) or country_name(code)
    return name.lower() if name else None


def _location_clause(location: LocationFilter) -> JSONObject | None:
    parts: list[JSONObject] = []
    country = _pdl_country(location.country)
    if country:
        parts.append({"term": {"location_country": country}})
    region = region_name(location.region)
    if region:
        parts.append({"term": {"location_region": region.lower()}})
    if location.city:
        parts.append({"term": {"location_locality": location.city.lower()}})
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"bool": {"must": parts}}


def _size_bands(filters: SearchFilters) -> list[str]:
    size = filters.company_size
    if size is None or (size.min is None and size.max is None):
        return []
    low = size.min or 0
    high = size.max if size.max is not None else float("inf")
    bands = []
    for band_low, band_high in COMPANY_SIZE_BANDS:
        top = band_high if band_high is not None else float("inf")
        if band_low <= high and top >= low:
            bands.append(f"{band_low}-{band_high}" if band_high is not None else f"{band_low}+")
    return bands


class PDLSource(Source):
    """People Data Labs as a source: enrich people and companies, search people."""

    name: ClassVar[str] = SOURCE
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.ENRICH_PERSON,
            Capability.FIND_EMAIL,
            Capability.FIND_PHONE,
            Capability.ENRICH_COMPANY,
            Capability.SEARCH_PEOPLE,
        }
    )
    # USD per matched record on PDL's Pro plan (about 98 USD / 350 credits); 404s are free.
    cost: ClassVar[float] = 0.28
    uses_network: ClassVar[bool] = True

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        settings: Settings | None = None,
        timeout: float | None = None,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        min_likelihood: int = 6,
    ) -> None:
        settings = settings or get_settings()
        self.api_key = api_key if api_key is not None else settings.pdl_api_key
        # PDL's 1-10 match confidence; below this a match is not worth a credit.
        self.min_likelihood = min_likelihood
        self._http = ProviderHTTP(
            SOURCE,
            base_url or settings.pdl_base_url,
            headers={"X-Api-Key": self.api_key} if self.api_key else None,
            timeout=timeout if timeout is not None else settings.http_timeout,
            client=client,
            transport=transport,
            retry=retry,
            sleep=sleep,
            secrets=[self.api_key],
        )

    # --- Source interface -------------------------------------------------------------

    async def enrich_person(self, query: PersonQuery) -> PersonRecord | None:
        """Person Enrichment; None when PDL has no match at `min_likelihood`."""
        data, likelihood = await self._enrich(query)
        return None if data is None else _person(data, likelihood)

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        """Work addresses from the enriched person, confidence from PDL's likelihood."""
        data, likelihood = await self._enrich(query)
        if data is None:
            return []
        confidence = max(0, min(100, (likelihood or self.min_likelihood) * 10))
        addresses: list[str] = []
        work = text_or_none(data.get("work_email"))
        if work:
            addresses.append(work.lower())
        for item in data.get("emails") or []:
            if not isinstance(item, dict):
                continue
            address = text_or_none(item.get("address"))
            if address and item.get("type") in ("current_professional", "professional"):
                addresses.append(address.lower())
        return [
            EmailCandidate(
                email=address,
                evidence="found",
                # Older professional addresses may be from a previous employer.
                confidence=confidence if i == 0 else max(0, confidence - 20),
                provenance=[Provenance(SOURCE)],
            )
            for i, address in enumerate(dict.fromkeys(addresses))
        ]

    async def find_phone(self, query: PersonQuery) -> list[PhoneRecord]:
        """The enriched person's mobile and other numbers in E.164."""
        data, _ = await self._enrich(query)
        if data is None:
            return []
        country = country_code(data.get("location_country"))
        phones: dict[str, PhoneRecord] = {}
        mobile = to_e164(data.get("mobile_phone"), country)
        if mobile:
            phones[mobile] = PhoneRecord(
                e164=mobile, type="mobile", country=country, provenance=[Provenance(SOURCE)]
            )
        for raw in data.get("phone_numbers") or []:
            number = to_e164(raw, country)
            if number and number not in phones:
                phones[number] = PhoneRecord(
                    e164=number, country=country, provenance=[Provenance(SOURCE)]
                )
        return list(phones.values())

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyRecord | None:
        """Company Enrichment by website (preferred) or name."""
        if not (domain or name):
            return None
        params = {"website": domain} if domain else {"name": name}
        body = await self._call("GET", "company/enrich", params={**params, "titlecase": "true"})
        return None if body is None else _company(body)

    async def search_people(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[PersonRecord], str | None]:
        """Person Search with the filters as an Elasticsearch query; the cursor is PDL's
        scroll token."""
        size = max(1, min(limit, MAX_SEARCH_SIZE))
        payload: JSONObject = {
            "query": filters_to_query(filters),
            "size": size,
            "titlecase": True,
        }
        if cursor:
            payload["scroll_token"] = cursor
        body = await self._call("POST", "person/search", json_body=payload)
        if body is None:
            return [], None
        data = body.get("data")
        if not isinstance(data, list):
            raise self._http.error("search answer without a data list")
        people = [p for item in data if isinstance(item, dict) and (p := _person(item, None))]
        token = text_or_none(body.get("scroll_token"))
        more = token is not None and len(data) >= size
        return people, token if more else None

    async def health(self) -> SourceHealth:
        """Configured when a key is set; not probed, since every PDL call can cost credits."""
        if not self.api_key:
            return SourceHealth(enabled=True, configured=False, healthy=False, detail="no API key")
        return SourceHealth(
            enabled=True, configured=True, healthy=True, detail="key set; not probed"
        )

    async def aclose(self) -> None:
        """Close the connection pool if this source opened it."""
        await self._http.aclose()

    # --- plumbing ---------------------------------------------------------------------

    async def _enrich(self, query: PersonQuery) -> tuple[JSONObject | None, int | None]:
        params = _enrich_params(query)
        if params is None:
            return None, None  # PDL would answer 400: not enough to match on
        params.update({"min_likelihood": self.min_likelihood, "titlecase": "true"})
        body = await self._call("GET", "person/enrich", params=params)
        if body is None:
            return None, None
        data = body.get("data")
        if not isinstance(data, dict):
            raise self._http.error("enrichment answer without a data object")
        likelihood = body.get("likelihood")
        return data, likelihood if isinstance(likelihood, int) else None

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> JSONObject | None:
        if not self.api_key:
            raise self._http.error("no API key configured (LEADSMITH_PDL_API_KEY)")
        response = await self._http.request(
            method,
            path,
            params=params,
            json_body=json_body,
            retry_when=lambda r: r.status_code in TRANSIENT_STATUSES,
            wait_hint=rate_limit_wait,
        )
        status = response.status_code
        if status == 200:
            return self._http.decode_object(response)
        if status == 404:
            return None
        detail = _error_detail(response)
        if status == 401:
            raise self._http.error(f"invalid API key (HTTP 401{detail})")
        if status == 402:
            raise self._http.error(f"out of credits (HTTP 402{detail})")
        if status == 403:
            raise self._http.error(f"key not allowed to use {path} (HTTP 403{detail})")
        if status == 429:
            raise self._http.error(
                f"rate limited (HTTP 429{detail})", retry_after=rate_limit_wait(response) or 60.0
            )
        if status in (400, 405, 422):
            raise self._http.error(f"request rejected (HTTP {status}{detail})")
        if status >= 500:
            raise self._http.error(f"server error (HTTP {status}{detail})")
        raise self._http.error(f"unexpected answer (HTTP {status}{detail})")


def rate_limit_wait(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds to wait: `Retry-After`, else the spent window's `x-ratelimit-reset`.

    PDL's reset header holds a UTC time (or a JSON object of one per window); epoch
    seconds and plain second counts are accepted too.
    """
    explicit = parse_retry_after(response.headers.get("Retry-After"), now=now)
    if explicit is not None:
        return explicit
    raw = response.headers.get("x-ratelimit-reset")
    if not raw:
        return None
    now = now or datetime.now(UTC)
    values: list[Any]
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = raw
    if isinstance(parsed, dict):
        remaining = _json_header(response.headers.get("x-ratelimit-remaining"))
        spent = [k for k, v in remaining.items() if isinstance(v, int | float) and v <= 0]
        values = [parsed[k] for k in spent if k in parsed] or list(parsed.values())
    else:
        values = [parsed]
    waits = [w for v in values if (w := _seconds_until(v, now)) is not None]
    return max(waits) if waits else None


def _json_header(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw or "")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _seconds_until(value: Any, now: datetime) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value > 1e12:  # epoch milliseconds
            return max(0.0, value / 1000 - now.timestamp())
        if value > 1e9:  # epoch seconds
            return max(0.0, value - now.timestamp())
        return max(0.0, float(value))
    if isinstance(value, str):
        try:
            return _seconds_until(float(value), now)
        except ValueError:
            pass
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return parse_retry_after(value, now=now)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())
    return None


def _error_detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return ""
    parts = [str(p) for p in (error.get("type"), error.get("message")) if p]
    return f", {': '.join(parts)[:300]}" if parts else ""


def _enrich_params(query: PersonQuery) -> dict[str, Any] | None:
    """Match inputs PDL accepts; None unless one strong identifier or name + context."""
    params: dict[str, Any] = {}
    if query.email:
        params["email"] = query.email
    if query.phone:
        params["phone"] = query.phone
    if query.linkedin_url:
        params["profile"] = query.linkedin_url
    if query.first_name and query.last_name:
        params["first_name"] = query.first_name
        params["last_name"] = query.last_name
    company = query.domain or query.company_name
    if company:
        params["company"] = company
    if query.country:
        params["country"] = _pdl_country(query.country) or query.country
    strong = any(k in params for k in ("email", "phone", "profile"))
    named = "first_name" in params and ("company" in params or "country" in params)
    return params if (strong or named) else None


def _domain(website: Any) -> str | None:
    text = text_or_none(website)
    if not text:
        return None
    text = text.lower().split("://", 1)[-1].split("/", 1)[0]
    return text.removeprefix("www.") or None


def _url(value: Any) -> str | None:
    text = text_or_none(value)
    if not text:
        return None
    return text if text.startswith("http") else f"https://www.{text.removeprefix('www.')}"


def _seniority(levels: Any, title: str | None) -> str | None:
    from_title = seniority_from_title(title)
    if from_title in ("owner", "founder", "head"):
        return from_title  # words PDL's levels do not have
    mapped = [_LEVELS[lvl] for lvl in levels or [] if isinstance(lvl, str) and lvl in _LEVELS]
    if mapped:
        return min(mapped, key=SENIORITIES.index)
    return from_title


def _person(data: JSONObject, likelihood: int | None) -> PersonRecord | None:
    first = text_or_none(data.get("first_name"))
    last = text_or_none(data.get("last_name"))
    if not (first and last):
        return None
    title = text_or_none(data.get("job_title"))
    role = text_or_none(data.get("job_title_role"))
    country = country_code(data.get("location_country"))
    company_name = text_or_none(data.get("job_company_name"))
    company_domain = _domain(data.get("job_company_website"))
    company = None
    if company_name or company_domain:
        company = CompanyRecord(
            name=company_name or company_domain or "",
            domain=company_domain,
            industry=industry_slug(data.get("job_company_industry")),
            employees=employees_from_band(data.get("job_company_size")),
            country=country_code(data.get("job_company_location_country")),
            linkedin_url=_url(data.get("job_company_linkedin_url")),
            website=f"https://{company_domain}" if company_domain else None,
            provenance=[Provenance(SOURCE)],
        )
    phone = to_e164(data.get("mobile_phone"), country)
    phone_type = "mobile" if phone else None
    if not phone:
        numbers = data.get("phone_numbers") or []
        phone = next((p for n in numbers if (p := to_e164(n, country))), None)
    work_email = text_or_none(data.get("work_email"))
    return PersonRecord(
        first_name=first,
        last_name=last,
        full_name=text_or_none(data.get("full_name")),
        title=title,
        seniority=_seniority(data.get("job_title_levels"), title),
        department=_ROLES.get(role or "") or department_from_title(title),
        email=work_email.lower() if work_email else None,
        phone=phone,
        phone_type=phone_type if phone else None,
        linkedin_url=_url(data.get("linkedin_url")),
        country=country,
        region=text_or_none(data.get("location_region")),
        city=text_or_none(data.get("location_locality")),
        skills=[s for s in data.get("skills") or [] if isinstance(s, str)],
        company=company,
        provenance=[Provenance(SOURCE)],
    )


def _company(body: JSONObject) -> CompanyRecord | None:
    name = text_or_none(body.get("display_name")) or text_or_none(body.get("name"))
    domain = _domain(body.get("website"))
    if not (name or domain):
        return None
    location = obj(body.get("location"))
    employees = body.get("employee_count")
    return CompanyRecord(
        name=name or domain or "",
        domain=domain,
        industry=industry_slug(body.get("industry")) or industry_slug(body.get("industry_v2")),
        employees=employees
        if isinstance(employees, int) and not isinstance(employees, bool)
        else employees_from_band(body.get("size")),
        country=country_code(location.get("country")),
        region=text_or_none(location.get("region")),
        city=text_or_none(location.get("locality")),
        technologies=[],
        description=text_or_none(body.get("summary")),
        linkedin_url=_url(body.get("linkedin_url")),
        website=f"https://{domain}" if domain else None,
        provenance=[Provenance(SOURCE)],
    )
