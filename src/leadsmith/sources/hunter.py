"""Hunter.io API v2 client: email finder, domain search, email verifier, enrichment.

Hunter answers `{"data": ..., "meta": ...}` and fails with
`{"errors": [{"id", "code", "details"}]}`. Its statuses, as documented: 401 bad key,
403 *rate* limit (per second/minute; retried with back-off), 429 *usage* limit (the
month's credits are spent; not retried), 451 the person asked Hunter to stop
processing their data (`DataSubjectOptOut`), and on the verifier 202 "still running"
(polled, bounded) and 222 "remote SMTP server misbehaved".

The key travels in the `X-API-KEY` header rather than the `api_key` query parameter,
so it never appears in URLs, logs or error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import httpx

from leadsmith.config import Settings, get_settings
from leadsmith.sources.base import Capability, PersonQuery, Source, SourceError, SourceHealth
from leadsmith.sources.http_provider import (
    DataSubjectOptOut,
    JSONObject,
    ProviderHTTP,
    RetryPolicy,
    Sleep,
    country_code,
    employees_from_band,
    industry_slug,
    obj,
    parse_day,
    parse_retry_after,
    text_or_none,
    to_e164,
)
from leadsmith.sources.linkedin_titles import department_from_title, seniority_from_title
from leadsmith.sources.records import (
    CompanyRecord,
    EmailCandidate,
    PersonRecord,
    Provenance,
)

SOURCE = "hunter"

# Hunter's verification words -> Leadsmith's verdicts. accept_all and disposable
# addresses may deliver but cannot be vouched for; webmail is never probed by Hunter.
VERDICTS: dict[str, str] = {
    "valid": "valid",
    "invalid": "invalid",
    "accept_all": "risky",
    "disposable": "risky",
    "webmail": "unknown",
    "unknown": "unknown",
}

_SENIORITIES = {"junior": "entry", "senior": "senior"}
_DEPARTMENTS = {
    "executive": "executive",
    "it": "engineering",
    "finance": "finance",
    "sales": "sales",
    "legal": "legal",
    "support": "customer_success",
    "hr": "hr",
    "marketing": "marketing",
    "communication": "marketing",
    "education": "education",
    "design": "design",
    "health": "medical",
    "operations": "operations",
}

_LINKEDIN_HANDLE = re.compile(r"linkedin\.com/in/([^/?#]+)", re.IGNORECASE)


@dataclass(slots=True)
class DomainEmail:
    """One address Hunter knows at a domain, with the person behind it when personal."""

    value: str
    type: str | None  # "personal" or "generic"
    confidence: int
    first_name: str | None = None
    last_name: str | None = None
    position: str | None = None
    seniority: str | None = None  # taxonomy slug
    department: str | None = None  # taxonomy slug
    linkedin_url: str | None = None
    phone: str | None = None  # E.164
    verification_status: str | None = None  # Hunter's word: valid / accept_all / unknown
    provenance: list[Provenance] = field(default_factory=list)

    def candidate(self) -> EmailCandidate:
        """This address as an email candidate with Hunter's evidence."""
        return _candidate(
            self.value, self.confidence, self.verification_status, list(self.provenance)
        )

    def person(self, company: CompanyRecord | None = None) -> PersonRecord | None:
        """The person behind a personal address, None for generic or nameless ones."""
        if not (self.first_name and self.last_name):
            return None
        return PersonRecord(
            first_name=self.first_name,
            last_name=self.last_name,
            title=self.position,
            seniority=self.seniority,
            department=self.department,
            email=self.value,
            phone=self.phone,
            linkedin_url=self.linkedin_url,
            company=company,
            provenance=list(self.provenance),
        )


@dataclass(slots=True)
class DomainSearchResult:
    """What Hunter knows about a domain: its address pattern and the addresses seen."""

    domain: str
    pattern: str | None  # Hunter's notation, e.g. "{first}.{last}", "{f}{last}"
    organization: str | None
    accept_all: bool | None
    disposable: bool | None = None
    webmail: bool | None = None
    total: int | None = None  # addresses Hunter has for the domain, beyond this page
    emails: list[DomainEmail] = field(default_factory=list)
    company: CompanyRecord | None = None

    def people(self) -> list[PersonRecord]:
        """The named people among the addresses."""
        return [p for e in self.emails if (p := e.person(self.company)) is not None]


@dataclass(slots=True)
class EmailVerification:
    """Hunter's verdict on one address."""

    email: str
    status: str  # Hunter's word: valid / invalid / accept_all / webmail / disposable / unknown
    verdict: str  # Leadsmith's: valid / invalid / risky / unknown
    score: int | None = None
    accept_all: bool | None = None
    disposable: bool | None = None
    webmail: bool | None = None
    block: bool | None = None
    mx_records: bool | None = None
    smtp_check: bool | None = None
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class HunterAccount:
    """The key's plan and what is left of this period's requests."""

    email: str | None
    plan_name: str | None
    reset_date: str | None
    searches_used: int | None = None
    searches_available: int | None = None
    verifications_used: int | None = None
    verifications_available: int | None = None
    credits_used: float | None = None
    credits_available: float | None = None


class HunterSource(Source):
    """Hunter.io as a source: find and verify work emails, enrich people and companies."""

    name: ClassVar[str] = SOURCE
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.FIND_EMAIL,
            Capability.ENRICH_PERSON,
            Capability.ENRICH_COMPANY,
            Capability.VERIFY_EMAIL,
        }
    )
    # USD per search credit on Hunter's Starter plan (49 USD / 2,000 credits); misses
    # are free, and account/health calls cost nothing.
    cost: ClassVar[float] = 0.025
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
        verify_polls: int = 4,
        max_duration: int | None = None,
    ) -> None:
        settings = settings or get_settings()
        self.api_key = api_key if api_key is not None else settings.hunter_api_key
        self.verify_polls = verify_polls
        self.max_duration = max_duration  # email-finder's own time budget, 3-20 s
        self._http = ProviderHTTP(
            SOURCE,
            base_url or settings.hunter_base_url,
            headers={"X-API-KEY": self.api_key} if self.api_key else None,
            timeout=timeout if timeout is not None else settings.http_timeout,
            client=client,
            transport=transport,
            retry=retry,
            sleep=sleep,
            secrets=[self.api_key],
        )

    # --- Source interface -------------------------------------------------------------

    async def find_email(self, query: PersonQuery) -> list[EmailCandidate]:
        """Hunter's Email Finder for a name at a domain (or company, or LinkedIn handle)."""
        data = await self._email_finder(query)
        if data is None or not text_or_none(data.get("email")):
            return []
        verification = data.get("verification") or {}
        return [
            _candidate(
                str(data["email"]).lower(),
                _int(data.get("score")) or 0,
                text_or_none(verification.get("status")),
                _provenance(data.get("sources")),
            )
        ]

    async def enrich_person(self, query: PersonQuery) -> PersonRecord | None:
        """Email Enrichment by email or LinkedIn handle, else Email Finder by name."""
        handle = _linkedin_handle(query.linkedin_url)
        if query.email or handle:
            params = {"email": query.email} if query.email else {"linkedin_handle": handle}
            body = await self._get("people/find", params)
            if body is None:
                return None
            return _person_from_enrichment(_data(body), query)
        data = await self._email_finder(query)
        if data is None or not text_or_none(data.get("email")):
            return None
        return _person_from_finder(data, query)

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyRecord | None:
        """Company Enrichment by domain; Hunter has no look-up by name alone."""
        if not domain:
            return None
        body = await self._get("companies/find", {"domain": domain})
        if body is None:
            return None
        return _company_from_enrichment(_data(body), domain)

    async def health(self) -> SourceHealth:
        """Configured when a key is set; healthy when /account answers for it (free)."""
        if not self.api_key:
            return SourceHealth(enabled=True, configured=False, healthy=False, detail="no API key")
        try:
            account = await self.account()
        except SourceError as exc:
            return SourceHealth(enabled=True, configured=True, healthy=False, detail=str(exc))
        detail = f"plan {account.plan_name or 'unknown'}"
        if account.searches_available is not None:
            detail += f", searches {account.searches_used or 0}/{account.searches_available}"
        if account.credits_available is not None:
            detail += f", credits {account.credits_used or 0:g}/{account.credits_available:g}"
        return SourceHealth(enabled=True, configured=True, healthy=True, detail=detail)

    async def aclose(self) -> None:
        """Close the connection pool if this source opened it."""
        await self._http.aclose()

    # --- Hunter-specific calls --------------------------------------------------------

    async def domain_search(
        self,
        domain: str,
        *,
        limit: int = 10,
        offset: int = 0,
        type: str | None = None,
        seniority: str | None = None,
        department: str | None = None,
    ) -> DomainSearchResult:
        """Domain Search: the domain's email pattern and the addresses Hunter has seen."""
        body = await self._get(
            "domain-search",
            {
                "domain": domain,
                "limit": limit,
                "offset": offset,
                "type": type,
                "seniority": seniority,
                "department": department,
            },
        )
        if body is None:
            return DomainSearchResult(
                domain=domain, pattern=None, organization=None, accept_all=None
            )
        data = _data(body)
        meta = obj(body.get("meta"))
        organization = text_or_none(data.get("organization"))
        company = CompanyRecord(
            name=organization or domain,
            domain=text_or_none(data.get("domain")) or domain,
            industry=industry_slug(data.get("industry")),
            employees=employees_from_band(data.get("headcount")),
            country=country_code(data.get("country")),
            region=text_or_none(data.get("state")),
            city=text_or_none(data.get("city")),
            technologies=[t for t in data.get("technologies") or [] if isinstance(t, str)],
            description=text_or_none(data.get("description")),
            linkedin_url=text_or_none(data.get("linkedin")),
            catch_all=_bool(data.get("accept_all")),
            provenance=[Provenance(SOURCE)],
        )
        emails = [
            email
            for item in data.get("emails") or []
            if isinstance(item, dict) and (email := _domain_email(item)) is not None
        ]
        return DomainSearchResult(
            domain=company.domain or domain,
            pattern=text_or_none(data.get("pattern")),
            organization=organization,
            accept_all=_bool(data.get("accept_all")),
            disposable=_bool(data.get("disposable")),
            webmail=_bool(data.get("webmail")),
            total=_int(meta.get("results")),
            emails=emails,
            company=company,
        )

    async def verify_email(self, email: str) -> EmailVerification:
        """Email Verifier; a 202 (still running) is polled with back-off, a bounded number
        of times."""
        for poll in range(self.verify_polls + 1):
            response = await self._http.request(
                "GET",
                "email-verifier",
                params={"email": email},
                retry_when=_retryable,
                wait_hint=_wait_hint,
            )
            if response.status_code != 202:
                break
            if poll < self.verify_polls:
                # Polling is free: Hunter counts the verification once, when it answers.
                await self._http.wait(self._http.retry.backoff(poll))
        else:
            raise self._http.error(
                f"verification of {email} still in progress after {self.verify_polls} polls",
                retry_after=self._http.retry.backoff(self.verify_polls),
            )
        body = self._check(response)
        if body is None:
            return EmailVerification(email=email, status="unknown", verdict="unknown")
        data = _data(body)
        status = text_or_none(data.get("status")) or _status_from_result(data.get("result"))
        return EmailVerification(
            email=text_or_none(data.get("email")) or email,
            status=status,
            verdict=VERDICTS.get(status, "unknown"),
            score=_int(data.get("score")),
            accept_all=_bool(data.get("accept_all")),
            disposable=_bool(data.get("disposable")),
            webmail=_bool(data.get("webmail")),
            block=_bool(data.get("block")),
            mx_records=_bool(data.get("mx_records")),
            smtp_check=_bool(data.get("smtp_check")),
            provenance=_provenance(data.get("sources")),
        )

    async def account(self) -> HunterAccount:
        """Account Information (free): plan and this period's usage."""
        body = await self._get("account", {})
        if body is None:
            raise self._http.error("account endpoint not found (check the base URL)")
        data = _data(body)
        requests = obj(data.get("requests"))
        searches = requests.get("searches") or {}
        verifications = requests.get("verifications") or {}
        credits = requests.get("credits") or {}
        return HunterAccount(
            email=text_or_none(data.get("email")),
            plan_name=text_or_none(data.get("plan_name")),
            reset_date=text_or_none(data.get("reset_date")),
            searches_used=_int(searches.get("used")),
            searches_available=_int(searches.get("available")),
            verifications_used=_int(verifications.get("used")),
            verifications_available=_int(verifications.get("available")),
            credits_used=_float(credits.get("used")),
            credits_available=_float(credits.get("available")),
        )

    # --- plumbing ---------------------------------------------------------------------

    async def _email_finder(self, query: PersonQuery) -> JSONObject | None:
        handle = _linkedin_handle(query.linkedin_url)
        named = bool(query.first_name and query.last_name)
        if not (query.domain or query.company_name or handle) or not (named or handle):
            return None  # Hunter would answer 400 wrong_params; nothing to ask
        params: dict[str, Any] = {"max_duration": self.max_duration}
        if query.domain:
            params["domain"] = query.domain
        elif query.company_name:
            params["company"] = query.company_name
        if named:
            params["first_name"] = query.first_name
            params["last_name"] = query.last_name
        else:
            params["linkedin_handle"] = handle
        body = await self._get("email-finder", params)
        return None if body is None else _data(body)

    async def _get(self, path: str, params: dict[str, Any]) -> JSONObject | None:
        if not self.api_key:
            raise self._http.error("no API key configured (LEADSMITH_HUNTER_API_KEY)")
        response = await self._http.request(
            "GET", path, params=params, retry_when=_retryable, wait_hint=_wait_hint
        )
        return self._check(response)

    def _check(self, response: httpx.Response) -> JSONObject | None:
        """The decoded body of a success, None for "not found", else the mapped error."""
        status = response.status_code
        if status in (200, 201):
            body = self._http.decode_object(response)
            if not isinstance(body.get("data"), dict):
                raise self._http.error(f"HTTP {status} answer without a data object")
            return body
        if status == 404:
            return None
        detail = _error_detail(response)
        if status == 401:
            raise self._http.error(f"invalid API key (HTTP 401{detail})")
        if status == 403:
            raise self._http.error(
                f"rate limit reached (HTTP 403{detail})",
                retry_after=_wait_hint(response) or 1.0,
            )
        if status == 429:
            raise self._http.error(
                f"usage limit reached: this period's requests are spent (HTTP 429{detail})",
                retry_after=_wait_hint(response),
            )
        if status == 451:
            raise self._http.error(
                f"the person asked Hunter to stop processing their data (HTTP 451{detail})",
                kind=DataSubjectOptOut,
            )
        if status == 222:
            raise self._http.error(
                "verification failed on an unexpected answer from the remote SMTP server"
                " (HTTP 222); retry later",
                retry_after=60.0,
            )
        if status in (400, 422):
            raise self._http.error(f"request rejected (HTTP {status}{detail})")
        if status >= 500:
            raise self._http.error(f"server error (HTTP {status}{detail})")
        raise self._http.error(f"unexpected answer (HTTP {status}{detail})")


# --- mapping Hunter's JSON -------------------------------------------------------------


def _retryable(response: httpx.Response) -> bool:
    # 403 is Hunter's per-second/minute rate limit; 429 means the month's quota is
    # spent, worth retrying only if something in front of Hunter says when.
    status = response.status_code
    if status == 429:
        return _wait_hint(response) is not None
    return status in (403, 500, 502, 503, 504)


def _wait_hint(response: httpx.Response) -> float | None:
    return parse_retry_after(response.headers.get("Retry-After"))


def _error_detail(response: httpx.Response) -> str:
    """ ", id: details" from Hunter's error array, bounded in length."""
    try:
        body = response.json()
    except ValueError:
        return ""
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, dict):
        errors = [errors]
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return ""
    first = errors[0]
    parts = [str(p) for p in (first.get("id"), first.get("details")) if p]
    return f", {': '.join(parts)[:300]}" if parts else ""


def _data(body: JSONObject) -> JSONObject:
    data = body.get("data")
    return data if isinstance(data, dict) else {}


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _status_from_result(result: Any) -> str:
    # `result` is deprecated but older answers carry only it.
    return {"deliverable": "valid", "undeliverable": "invalid"}.get(str(result), "unknown")


def _linkedin_handle(url: str | None) -> str | None:
    if not url:
        return None
    match = _LINKEDIN_HANDLE.search(url)
    return match.group(1) if match else None


def _linkedin_url(handle: Any) -> str | None:
    handle = text_or_none(handle)
    if not handle:
        return None
    if handle.startswith("http"):
        return handle
    if "/" in handle:  # "company/hunterio"
        return f"https://www.linkedin.com/{handle.strip('/')}"
    return f"https://www.linkedin.com/in/{handle}"


def _provenance(sources: Any) -> list[Provenance]:
    """One provenance per page Hunter saw the address on; a bare one when it saw none."""
    out: list[Provenance] = []
    for item in sources or []:
        if not isinstance(item, dict):
            continue
        uri = text_or_none(item.get("uri"))
        seen = parse_day(item.get("last_seen_on")) or parse_day(item.get("extracted_on"))
        out.append(
            Provenance(SOURCE, url=uri, seen_at=seen) if seen else Provenance(SOURCE, url=uri)
        )
    return out or [Provenance(SOURCE)]


def _candidate(
    email: str, score: int, status: str | None, provenance: list[Provenance]
) -> EmailCandidate:
    verdict = VERDICTS.get(status or "")
    # With pages behind it the address was found; without, Hunter built it from the
    # domain's pattern.
    found = any(p.url for p in provenance)
    return EmailCandidate(
        email=email.lower(),
        evidence="found" if found else "pattern",
        confidence=max(0, min(100, score)),
        provenance=provenance,
        verified=verdict in ("valid", "invalid", "risky"),
        verdict=verdict,
    )


def _seniority(hunter_word: Any, title: str | None) -> str | None:
    return seniority_from_title(title) or _SENIORITIES.get(str(hunter_word))


def _department(hunter_word: Any, title: str | None) -> str | None:
    return _DEPARTMENTS.get(str(hunter_word)) or department_from_title(title)


def _domain_email(item: JSONObject) -> DomainEmail | None:
    value = text_or_none(item.get("value"))
    if not value:
        return None
    position = text_or_none(item.get("position"))
    verification = obj(item.get("verification"))
    return DomainEmail(
        value=value.lower(),
        type=text_or_none(item.get("type")),
        confidence=_int(item.get("confidence")) or 0,
        first_name=text_or_none(item.get("first_name")),
        last_name=text_or_none(item.get("last_name")),
        position=position,
        seniority=_seniority(item.get("seniority"), position),
        department=_department(item.get("department"), position),
        linkedin_url=_linkedin_url(item.get("linkedin")),
        phone=to_e164(item.get("phone_number")),
        verification_status=text_or_none(verification.get("status")),
        provenance=_provenance(item.get("sources")),
    )


def _person_from_finder(data: JSONObject, query: PersonQuery) -> PersonRecord:
    position = text_or_none(data.get("position"))
    domain = text_or_none(data.get("domain")) or query.domain
    company_name = text_or_none(data.get("company")) or query.company_name
    company = (
        CompanyRecord(
            name=company_name or domain or "", domain=domain, provenance=[Provenance(SOURCE)]
        )
        if (company_name or domain)
        else None
    )
    return PersonRecord(
        first_name=text_or_none(data.get("first_name")) or query.first_name or "",
        last_name=text_or_none(data.get("last_name")) or query.last_name or "",
        title=position,
        seniority=seniority_from_title(position),
        department=department_from_title(position),
        email=str(data["email"]).lower(),
        phone=to_e164(data.get("phone_number"), query.country),
        linkedin_url=text_or_none(data.get("linkedin_url")) or query.linkedin_url,
        company=company,
        provenance=_provenance(data.get("sources")),
    )


def _person_from_enrichment(data: JSONObject, query: PersonQuery) -> PersonRecord | None:
    name = obj(data.get("name"))
    first = text_or_none(name.get("givenName")) or query.first_name
    last = text_or_none(name.get("familyName")) or query.last_name
    if not (first and last):
        return None
    employment = obj(data.get("employment"))
    geo = obj(data.get("geo"))
    title = text_or_none(employment.get("title"))
    company_name = text_or_none(employment.get("name"))
    company_domain = text_or_none(employment.get("domain"))
    company = (
        CompanyRecord(
            name=company_name or company_domain or "",
            domain=company_domain,
            provenance=[Provenance(SOURCE)],
        )
        if (company_name or company_domain)
        else None
    )
    linkedin = obj(data.get("linkedin"))
    country = country_code(geo.get("countryCode")) or country_code(geo.get("country"))
    return PersonRecord(
        first_name=first,
        last_name=last,
        full_name=text_or_none(name.get("fullName")),
        title=title,
        seniority=_seniority(employment.get("seniority"), title),
        department=_department(employment.get("role"), title),
        email=(text_or_none(data.get("email")) or query.email or "").lower() or None,
        phone=to_e164(data.get("phone"), country),
        linkedin_url=_linkedin_url(linkedin.get("handle")) or query.linkedin_url,
        country=country,
        region=text_or_none(geo.get("state")),
        city=text_or_none(geo.get("city")),
        company=company,
        provenance=[Provenance(SOURCE)],
    )


def _company_from_enrichment(data: JSONObject, domain: str) -> CompanyRecord:
    category = obj(data.get("category"))
    metrics = obj(data.get("metrics"))
    geo = obj(data.get("geo"))
    linkedin = obj(data.get("linkedin"))
    industry = None
    for key in ("industry", "subIndustry", "industryGroup", "sector"):
        industry = industry_slug(category.get(key))
        if industry:
            break
    employees = _int(metrics.get("employees")) or employees_from_band(metrics.get("employees"))
    country = country_code(geo.get("countryCode")) or country_code(geo.get("country"))
    city = text_or_none(geo.get("city"))
    region = text_or_none(geo.get("state"))
    location = text_or_none(data.get("location"))
    if location and not (country or city):
        # "Wilmington, Delaware, United States": the only place some answers carry.
        parts = [p.strip() for p in location.split(",") if p.strip()]
        country = country_code(parts[-1]) if parts else None
        if country and len(parts) >= 3:
            city, region = parts[0], parts[1]
    found_domain = text_or_none(data.get("domain")) or domain
    return CompanyRecord(
        name=text_or_none(data.get("name")) or text_or_none(data.get("legalName")) or found_domain,
        domain=found_domain,
        industry=industry,
        employees=employees,
        country=country,
        region=region,
        city=city,
        technologies=[t for t in data.get("tech") or [] if isinstance(t, str)],
        description=text_or_none(data.get("description")),
        linkedin_url=_linkedin_url(linkedin.get("handle")),
        website=f"https://{found_domain}",
        phone=to_e164(data.get("phone"), country),
        provenance=[Provenance(SOURCE, url=f"https://{found_domain}")],
    )
