"""Client for the Brave Search API (`GET /web/search`, key in `X-Subscription-Token`).

Brave meters every key with two windows at once (per second and per month) and says
where each stands in comma-separated headers:
`X-RateLimit-Limit: 1, 15000`, `X-RateLimit-Remaining: 0, 14000`,
`X-RateLimit-Reset: 1, 1419704` (seconds until each window resets). A 429 is retried
after the spent window resets when that is soon; a spent monthly quota is reported at
once with its `retry_after`.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from leadsmith.sources.http_provider import (
    ProviderHTTP,
    RetryPolicy,
    SearchHit,
    Sleep,
    parse_retry_after,
    plain_text,
)

# Brave's documented bounds: at most 20 results per request, page offsets 0-9.
MAX_COUNT = 20
MAX_OFFSET = 9


class BraveSearchClient:
    """Web search through Brave's hosted Search API."""

    name: ClassVar[str] = "brave"

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = "https://api.search.brave.com/res/v1",
        timeout: float = 10.0,
        country: str | None = None,
        search_lang: str | None = None,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.country = country
        self.search_lang = search_lang
        self._http = ProviderHTTP(
            self.name,
            base_url,
            headers={"X-Subscription-Token": api_key},
            timeout=timeout,
            client=client,
            transport=transport,
            retry=retry,
            sleep=sleep,
            secrets=[api_key],
        )

    async def search(self, query: str, *, count: int = 10, page: int = 1) -> list[SearchHit]:
        """Up to `count` (max 20) web results of page `page` (1-10)."""
        offset = page - 1
        if offset < 0 or offset > MAX_OFFSET or count <= 0:
            return []
        size = min(count, MAX_COUNT)
        response = await self._http.request(
            "GET",
            "web/search",
            params={
                "q": query,
                "count": size,
                "offset": offset,
                "result_filter": "web",
                "country": self.country,
                "search_lang": self.search_lang,
            },
            wait_hint=rate_limit_wait,
        )
        status = response.status_code
        if status != 200:
            raise self._error(response)
        body = self._http.decode_object(response)
        web = body.get("web")
        results = web.get("results") if isinstance(web, dict) else None
        if results is None:
            return []  # Brave leaves out `web` when nothing matched
        if not isinstance(results, list):
            raise self._http.error("answer with a malformed web.results")
        hits = [hit for item in results if (hit := _hit(item)) is not None]
        return hits[:size]

    async def aclose(self) -> None:
        """Close the pool if this client opened it."""
        await self._http.aclose()

    def _error(self, response: httpx.Response) -> Exception:
        status = response.status_code
        code, detail = _error_code(response)
        said = f" {code}" if code else ""
        said += f": {detail}" if detail else ""
        if status == 429:
            wait = rate_limit_wait(response)
            # A window that resets in hours is the monthly quota, not the per-second one.
            what = "quota spent" if wait is not None and wait > 3600 else "rate limited"
            return self._http.error(f"{what} (HTTP 429{said})", retry_after=wait)
        if status in (401, 403):
            return self._http.error(f"subscription token refused (HTTP {status}{said})")
        if status == 402:
            return self._http.error(f"payment required (HTTP 402{said})")
        if status in (400, 422):
            return self._http.error(f"request rejected (HTTP {status}{said})")
        if status >= 500:
            return self._http.error(f"server error (HTTP {status}{said})")
        return self._http.error(f"unexpected answer (HTTP {status}{said})")


def rate_limit_wait(response: httpx.Response) -> float | None:
    """Seconds until Brave will take requests again: `Retry-After`, else the reset of
    the spent window (the longest if several are spent)."""
    explicit = parse_retry_after(response.headers.get("Retry-After"))
    if explicit is not None:
        return explicit
    remaining = _numbers(response.headers.get("X-RateLimit-Remaining"))
    resets = _numbers(response.headers.get("X-RateLimit-Reset"))
    if not resets:
        return None
    spent = [reset for left, reset in zip(remaining, resets, strict=False) if left <= 0]
    return max(spent) if spent else resets[0]


def _numbers(header: str | None) -> list[float]:
    out: list[float] = []
    for part in (header or "").split(","):
        try:
            out.append(float(part.strip()))
        except ValueError:
            continue
    return out


def _error_code(response: httpx.Response) -> tuple[str | None, str | None]:
    """Brave's `{"type": "ErrorResponse", "error": {"code", "detail", ...}}`."""
    try:
        body = response.json()
    except ValueError:
        return None, None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return None, None
    code = error.get("code")
    detail = error.get("detail")
    return (
        code if isinstance(code, str) else None,
        detail[:300] if isinstance(detail, str) else None,
    )


def _hit(item: Any) -> SearchHit | None:
    if not isinstance(item, dict):
        return None
    url = item.get("url")
    if not isinstance(url, str) or not url:
        return None
    return SearchHit(
        url=url,
        title=plain_text(item.get("title")),
        snippet=plain_text(item.get("description")),
        engine="brave",
    )
