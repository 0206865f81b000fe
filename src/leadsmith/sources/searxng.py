"""Client for a self-hosted SearXNG instance's JSON API (`GET /search?format=json`).

SearXNG answers 403 when the instance does not enable the `json` output format and
429 when its limiter throttles us. An answer with no results while upstream engines
report errors (a CAPTCHA, say) is a failure, not an empty search, so that the next
configured engine gets the query.
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


class SearxngClient:
    """Web search through a SearXNG instance (no key; usually on the operator's network)."""

    name: ClassVar[str] = "searxng"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        categories: str = "general",
        language: str | None = None,
        headers: dict[str, str] | None = None,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.categories = categories
        self.language = language
        self._http = ProviderHTTP(
            self.name,
            base_url,
            headers=headers,
            timeout=timeout,
            client=client,
            transport=transport,
            retry=retry,
            sleep=sleep,
        )

    async def search(self, query: str, *, count: int = 10, page: int = 1) -> list[SearchHit]:
        """Up to `count` results of page `page`; SearXNG sets its own page size."""
        response = await self._http.request(
            "GET",
            "search",
            params={
                "q": query,
                "format": "json",
                "pageno": page,
                "categories": self.categories,
                "language": self.language,
            },
        )
        status = response.status_code
        if status == 403:
            raise self._http.error(
                "JSON output is disabled (HTTP 403): add `json` to search.formats in the"
                " instance's settings.yml"
            )
        if status == 429:
            raise self._http.error(
                "throttled by the instance's limiter (HTTP 429)",
                retry_after=_retry_after(response),
            )
        if status != 200:
            raise self._http.error(f"unexpected answer (HTTP {status})")
        body = self._http.decode_object(response)
        results = body.get("results")
        if not isinstance(results, list):
            raise self._http.error("answer without a results list")
        hits = [hit for item in results if (hit := _hit(item)) is not None]
        if not hits:
            broken = _unresponsive(body.get("unresponsive_engines"))
            if broken:
                raise self._http.error(f"no results; upstream engines failed: {broken}")
        return hits[: max(0, count)]

    async def aclose(self) -> None:
        """Close the pool if this client opened it."""
        await self._http.aclose()


def _hit(item: Any) -> SearchHit | None:
    if not isinstance(item, dict):
        return None
    url = item.get("url")
    if not isinstance(url, str) or not url:
        return None
    engine = item.get("engine")
    if not isinstance(engine, str):
        engines = item.get("engines")
        engine = engines[0] if isinstance(engines, list) and engines else "searxng"
    return SearchHit(
        url=url,
        title=plain_text(item.get("title")),
        snippet=plain_text(item.get("content")),
        engine=str(engine),
    )


def _unresponsive(value: Any) -> str:
    """ "google (CAPTCHA), bing (timeout)" from SearXNG's [[engine, reason], ...]."""
    if not isinstance(value, list):
        return ""
    parts = []
    for item in value:
        if isinstance(item, list | tuple) and item:
            reason = f" ({item[1]})" if len(item) > 1 and item[1] else ""
            parts.append(f"{item[0]}{reason}")
    return ", ".join(parts)


def _retry_after(response: httpx.Response) -> float | None:
    return parse_retry_after(response.headers.get("Retry-After"))
