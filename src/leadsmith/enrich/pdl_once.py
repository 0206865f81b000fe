"""PDL asked once per person: its email and phone answers come from one paid match.

`PDLSource.find_email` and `find_phone` each run a Person Enrichment; asked for both (a
lookup of type "both", a batch row with phones) that is two calls and, on a match, two
PDL credits for one record. This source shares the match between them for as long as
the source lives (one request or one batch chunk).
"""

from __future__ import annotations

import asyncio
from typing import Any

from leadsmith.sources.base import PersonQuery
from leadsmith.sources.http_provider import JSONObject
from leadsmith.sources.pdl import PDLSource

_Match = tuple[JSONObject | None, int | None]


class PDLOnce(PDLSource):
    """`PDLSource` whose person matches are shared between its methods."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._matches: dict[tuple[str | None, ...], asyncio.Future[_Match]] = {}

    async def _enrich(self, query: PersonQuery) -> _Match:
        key = (
            query.first_name,
            query.last_name,
            query.domain,
            query.company_name,
            query.email,
            query.phone,
            query.linkedin_url,
            query.country,
        )
        known = self._matches.get(key)
        if known is not None:
            return await asyncio.shield(known)
        future: asyncio.Future[_Match] = asyncio.get_running_loop().create_future()
        self._matches[key] = future
        try:
            match = await super()._enrich(query)
        except BaseException as exc:
            del self._matches[key]  # a failed call is not a match: the next ask retries
            future.set_exception(exc)
            future.exception()
            raise
        future.set_result(match)
        return match
