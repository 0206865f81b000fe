"""Shared plumbing for the clients of external providers and search engines.

One `ProviderHTTP` per client: one connection pool (or the caller's), bounded retries
with exponential back-off that honour the provider's own wait hints, JSON decoding
that turns garbage into `SourceError`, and key redaction in every message. Each
client decides which answers are worth retrying and what an error status means for
it; this module only carries that out. Also here: `SearchHit`/`WebSearch` (what
every search engine client returns) and the small normalisers that turn provider
vocabularies (country names, size bands, industries) into Leadsmith's.

Base URLs come from operator settings, never from users, so these clients do not
go through the crawler's SSRF guard (a self-hosted SearXNG usually lives on a
private address on purpose).
"""

from __future__ import annotations

import asyncio
import functools
import html
import json
import logging
import re
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, Protocol

import httpx
import pycountry

from leadsmith.phones.normalise import normalise_phone
from leadsmith.sources.base import SourceError
from leadsmith.taxonomy import INDUSTRIES

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
JSONObject = dict[str, Any]

USER_AGENT = "Leadsmith/0.1 (+https://github.com/leadsmith)"
# Statuses that usually clear up on their own; 429 is included by default, but a
# client may exclude it when its provider uses 429 for "monthly quota spent".
TRANSIENT_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})


class DataSubjectOptOut(SourceError):
    """The person asked the provider to stop processing their data (e.g. Hunter 451).

    Callers should treat the person as suppressed rather than ask the next source.
    """


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry a transient failure."""

    attempts: int = 3  # total tries, the first included
    base_delay: float = 0.5  # first back-off in seconds, doubled on every retry
    max_delay: float = 30.0  # longest single wait; a longer provider hint gives up at once

    def backoff(self, retry: int) -> float:
        """The wait before retry number `retry` (0-based) when the provider gave no hint."""
        return min(self.max_delay, self.base_delay * (2**retry))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Building a verifying context loads the CA bundle (~0.1 s); one per process serves
    # every provider client, and SSLContext is safe to share.
    return httpx.create_ssl_context()


class SpreadTransport(httpx.AsyncBaseTransport):
    """Requests spread over many small connection pools, each to the least busy.

    httpcore walks its whole pool, asking every idle connection's socket whether the
    server hung up, each time a request starts or ends: one pool of N connections costs
    O(N) CPU per request. A bulk job with ~100 requests in flight spends far less with
    many pools of a few connections, each request sent to the pool with the fewest.
    """

    def __init__(self, pools: Sequence[httpx.AsyncBaseTransport]) -> None:
        if not pools:
            raise ValueError("SpreadTransport needs at least one pool")
        self.pools = list(pools)
        self.in_flight = [0] * len(self.pools)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        n = self.in_flight.index(min(self.in_flight))
        self.in_flight[n] += 1
        try:
            response = await self.pools[n].handle_async_request(request)
        except BaseException:
            self.in_flight[n] -= 1
            raise
        if response.is_closed or not isinstance(response.stream, httpx.AsyncByteStream):
            self._release(n)  # a body read already (a mock, a cached answer) holds nothing
        else:
            response.stream = _Released(response.stream, lambda: self._release(n))
        return response

    def _release(self, n: int) -> None:
        self.in_flight[n] -= 1

    async def aclose(self) -> None:
        for pool in self.pools:
            await pool.aclose()


class _Released(httpx.AsyncByteStream):
    """A response body that tells its `SpreadTransport` once it is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self._stream = stream
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._stream:
            yield part

    async def aclose(self) -> None:
        try:
            await self._stream.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


def pooled_client(
    *, timeout: float, pools: int = 1, connections_per_pool: int = 32
) -> httpx.AsyncClient:
    """An HTTP client for providers over `pools` connection pools (see `SpreadTransport`)."""
    limits = httpx.Limits(
        max_connections=connections_per_pool, max_keepalive_connections=connections_per_pool
    )
    if pools <= 1:
        return httpx.AsyncClient(
            timeout=timeout, follow_redirects=False, verify=_tls_context(), limits=limits
        )
    transport = SpreadTransport(
        [httpx.AsyncHTTPTransport(verify=_tls_context(), limits=limits) for _ in range(pools)]
    )
    return httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=transport)


class ProviderHTTP:
    """One provider's HTTP core: base URL, default headers, bounded retries.

    Pass `client` to share a pool (it is left open) or `transport` to shape the one
    created here (closed by `aclose`).
    """

    def __init__(
        self,
        source: str,
        base_url: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        secrets: Iterable[str | None] = (),
    ) -> None:
        self.source = source
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._sleep: Sleep = sleep or asyncio.sleep
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
        self._timeout = timeout
        self._secrets = [s for s in secrets if s]
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
            verify=_tls_context(),
        )

    def url(self, path: str) -> str:
        """Absolute URL of `path` under the base URL."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def redact(self, text: str) -> str:
        """`text` with every known secret masked, so keys never reach logs or errors."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def error(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        kind: type[SourceError] = SourceError,
    ) -> SourceError:
        """A `SourceError` for this provider with secrets masked."""
        return kind(self.source, self.redact(message), retry_after=retry_after)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        retry_when: Callable[[httpx.Response], bool] | None = None,
        wait_hint: Callable[[httpx.Response], float | None] | None = None,
    ) -> httpx.Response:
        """Send, retrying transport failures and answers `retry_when` accepts.

        The last answer is returned as-is (the caller maps its status); only a
        transport failure on the last try raises `SourceError` here.
        """
        retry_when = retry_when or (lambda r: r.status_code in TRANSIENT_STATUSES)
        wait_hint = wait_hint or (lambda r: parse_retry_after(r.headers.get("Retry-After")))
        clean_params = {k: v for k, v in (params or {}).items() if v is not None}
        merged_headers = {**self._headers, **(headers or {})}
        attempts = max(1, self.retry.attempts)
        failure: SourceError | None = None
        for attempt in range(attempts):
            last = attempt + 1 >= attempts
            hint: float | None = None
            try:
                response = await self._client.request(
                    method,
                    self.url(path),
                    params=clean_params,
                    json=json_body,
                    headers=merged_headers,
                    timeout=self._timeout,
                )
            except httpx.TimeoutException:
                failure = self.error(f"no answer within {self._timeout:g}s")
            except httpx.TransportError as exc:
                failure = self.error(f"unreachable ({type(exc).__name__}: {exc})")
            else:
                if not retry_when(response):
                    return response
                hint = wait_hint(response)
                # A wait longer than we are willing to block (an hourly window, say) is
                # the caller's to schedule: hand the answer back now.
                if last or (hint is not None and hint > self.retry.max_delay):
                    return response
                logger.info("%s: HTTP %s on %s, retrying", self.source, response.status_code, path)
            if last:
                break
            await self._sleep(hint if hint is not None else self.retry.backoff(attempt))
        # Only a transport failure on the last try gets here.
        assert failure is not None
        raise failure

    def decode(self, response: httpx.Response) -> Any:
        """The answer's JSON; malformed or empty bodies become `SourceError`."""
        try:
            return response.json()
        except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
            raise self.error(
                f"malformed JSON in HTTP {response.status_code} answer ({exc.__class__.__name__})"
            ) from exc

    def decode_object(self, response: httpx.Response) -> JSONObject:
        """The answer's JSON, which must be an object."""
        body = self.decode(response)
        if not isinstance(body, dict):
            raise self.error(
                f"unexpected JSON in HTTP {response.status_code} answer: not an object"
            )
        return body

    async def wait(self, seconds: float) -> None:
        """Pause with this client's sleep (tests pass one that only records)."""
        await self._sleep(seconds)

    async def aclose(self) -> None:
        """Close the pool if this instance opened it."""
        if self._owns_client:
            await self._client.aclose()


# --- What search engines return ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One web search result, as plain text."""

    url: str
    title: str
    snippet: str
    engine: str


class WebSearch(Protocol):
    """A web search engine client (SearXNG, Brave, ...)."""

    name: ClassVar[str]

    async def search(self, query: str, *, count: int = 10, page: int = 1) -> list[SearchHit]:
        """Up to `count` hits for `query`, page `page` (1-based)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(value: Any) -> str:
    """Text without HTML tags or entities (engines highlight matches with <strong>)."""
    if not isinstance(value, str):
        return ""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", value))).strip()


# --- Normalising provider vocabularies -------------------------------------------------

# Names providers use that pycountry does not resolve on its own.
_COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "south korea": "KR",
    "korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "vietnam": "VN",
    "iran": "IR",
    "syria": "SY",
    "taiwan": "TW",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "czech republic": "CZ",
    "turkey": "TR",
    "ivory coast": "CI",
    "macedonia": "MK",
    "the netherlands": "NL",
    "hong kong sar": "HK",
}


def country_code(value: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for a country code or name in any case, else None."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    alias = _COUNTRY_ALIASES.get(text.lower())
    if alias:
        return alias
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return None


def country_name(code: str | None) -> str | None:
    """The common English name of an alpha-2 code ("KR" -> "South Korea")."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def region_name(region: str | None) -> str | None:
    """A region's name from an ISO 3166-2 code ("US-CA" -> "California"), else as given."""
    if not region:
        return None
    if re.fullmatch(r"[A-Za-z]{2}-[A-Za-z0-9]{1,3}", region):
        sub = pycountry.subdivisions.get(code=region.upper())
        if sub is not None:
            return str(sub.name)
    return region


def employees_from_band(value: Any) -> int | None:
    """An employee count from a number or a band ("11-50", "10001+", "1,001-5,000").

    Bands give their lower bound: never claims a company bigger than it is known to be.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if not isinstance(value, str):
        return None
    numbers = re.findall(r"\d+", value.replace(",", ""))
    return int(numbers[0]) if numbers else None


# Words in provider industry names -> taxonomy slug, most specific first.
_INDUSTRY_WORDS: tuple[tuple[str, str], ...] = (
    ("computer & network security", "cybersecurity"),
    ("cyber", "cybersecurity"),
    ("security", "cybersecurity"),
    ("artificial intelligence", "ai_ml"),
    ("machine learning", "ai_ml"),
    ("financial technology", "fintech"),
    ("fintech", "fintech"),
    ("saas", "saas"),
    ("software as a service", "saas"),
    ("computer games", "gaming"),
    ("gaming", "gaming"),
    ("video games", "gaming"),
    ("e-learning", "edtech"),
    ("edtech", "edtech"),
    ("education", "education"),
    ("software", "software"),
    ("internet", "software"),
    ("information technology", "software"),
    ("banking", "banking"),
    ("bank", "banking"),
    ("insurance", "insurance"),
    ("financial services", "fintech"),
    ("e-commerce", "ecommerce"),
    ("ecommerce", "ecommerce"),
    ("retail", "retail"),
    ("biotech", "biotech"),
    ("pharma", "pharma"),
    ("hospital", "healthcare"),
    ("health", "healthcare"),
    ("medical", "healthcare"),
    ("automotive", "automotive"),
    ("logistics", "logistics"),
    ("transportation", "logistics"),
    ("real estate", "real_estate"),
    ("construction", "construction"),
    ("energy", "energy"),
    ("oil", "energy"),
    ("utilities", "energy"),
    ("renewables", "energy"),
    ("telecom", "telecom"),
    ("wireless", "telecom"),
    ("marketing", "marketing_advertising"),
    ("advertising", "marketing_advertising"),
    ("media", "media"),
    ("publishing", "media"),
    ("entertainment", "media"),
    ("consulting", "consulting"),
    ("legal", "legal_services"),
    ("law practice", "legal_services"),
    ("hospitality", "hospitality"),
    ("travel", "travel"),
    ("food", "food_beverage"),
    ("beverage", "food_beverage"),
    ("restaurants", "food_beverage"),
    ("farming", "agriculture"),
    ("agricultur", "agriculture"),
    ("hardware", "hardware"),
    ("semiconductors", "hardware"),
    ("electronics", "hardware"),
    ("non-profit", "nonprofit"),
    ("nonprofit", "nonprofit"),
    ("government", "government"),
    ("staffing", "staffing"),
    ("recruit", "staffing"),
    ("manufactur", "manufacturing"),
    ("machinery", "manufacturing"),
)


def industry_slug(value: Any) -> str | None:
    """Best-effort taxonomy slug for a provider's industry name; None when unsure."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().lower()
    for slug, display in INDUSTRIES.items():
        if text in (slug, display.lower()):
            return slug
    for word, slug in _INDUSTRY_WORDS:
        if word in text:
            return slug
    return None


def parse_day(value: Any) -> datetime | None:
    """A provider's "YYYY-MM-DD" as a UTC datetime, else None."""
    if not isinstance(value, str):
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def text_or_none(value: Any) -> str | None:
    """A stripped non-empty string, else None (providers send true/false for hidden fields)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def to_e164(value: Any, country: str | None = None) -> str | None:
    """A phone number in E.164, or None when it does not parse as a possible number."""
    if not isinstance(value, str):
        return None
    record = normalise_phone(value, country, strict=False)
    return None if record is None else record.e164


def obj(value: Any) -> JSONObject:
    """`value` if it is a JSON object, else an empty one (providers send null freely)."""
    return value if isinstance(value, dict) else {}
