"""Full-text search over the workspace's local index: SQLite FTS5 on the embedded default,
a tsvector column with a GIN index on PostgreSQL (both made by migration 0005).

Text terms (titles, keywords, technologies) go to the full-text engine and rank the rows;
everything structured (country, seniority, industry, size) is a plain indexed filter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.search.filters import SearchFilters, SizeRange
from leadsmith.search.models import IndexCompany, IndexPerson
from leadsmith.search.parser.locations import region_spellings
from leadsmith.taxonomy import COMPANY_SIZE_BANDS

Kind = Literal["people", "companies"]
# Matches ranked together (SQLite): see `_query`.
RANK_BLOCK = 100
_WORD = re.compile(r"[\w+#.-]+", re.UNICODE)


def search_text(*parts: str | Sequence[str] | None) -> str:
    """The words full-text search reads, from the fields that describe a row."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        if isinstance(part, str):
            words.append(part)
        else:
            words.extend(p for p in part if p)
    return " ".join(" ".join(words).replace("_", " ").split())


def _token(prefix: str, value: str | None) -> str | None:
    slug = re.sub(r"[^a-z0-9]", "", (value or "").lower())
    return f"zz{prefix}{slug}" if slug else None


def _band(employees: int | None) -> str | None:
    if employees is None:
        return None
    for i, (_low, high) in enumerate(COMPANY_SIZE_BANDS):
        if high is None or employees <= high:
            return f"zzb{i}"
    return None


def _bands(size: SizeRange) -> list[str]:
    low, high = size.min or 0, size.max
    return [
        f"zzb{i}"
        for i, (b_low, b_high) in enumerate(COMPANY_SIZE_BANDS)
        if (b_high is None or b_high >= low) and (high is None or b_low <= high)
    ]


def filter_tokens(
    *,
    country: str | None = None,
    city: str | None = None,
    seniority: str | None = None,
    department: str | None = None,
    industry: str | None = None,
    employees: int | None = None,
) -> str:
    """Words that stand for a row's structured facts ("zzcin" = country IN), added to its
    search text so the full-text engine intersects them with the query's words instead of
    ranking every row that has a common title word."""
    tokens = [
        _token("c", country),
        _token("t", city),
        _token("s", seniority),
        _token("d", department),
        _token("i", industry),
        _band(employees),
    ]
    return " ".join(t for t in tokens if t)


@dataclass(frozen=True, slots=True)
class TextQuery:
    """Groups of alternatives: every group must match, any phrase of a group will do."""

    groups: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax, every word quoted so user text is never an operator."""
        clauses = []
        for group in self.groups:
            phrases = [" ".join(f'"{w}"' for w in _words(p)) for p in group]
            phrases = [f"({p})" if " " in p else p for p in phrases if p]
            if phrases:
                clauses.append("(" + " OR ".join(phrases) + ")")
        return " AND ".join(clauses)

    def websearch_groups(self) -> list[str]:
        """One PostgreSQL websearch_to_tsquery text per group (phrases joined by "or")."""
        out = []
        for group in self.groups:
            # Words of a phrase are ANDed (not adjacent), as on SQLite: "VP Sales" finds
            # "VP of Sales"; & binds tighter than "or" (|).
            phrases = [" ".join(w for w in _words(p) if w != "or") for p in group if _words(p)]
            phrases = [p for p in phrases if p]
            if phrases:
                out.append(" or ".join(phrases))
        return out


def _words(phrase: str) -> list[str]:
    return [w.strip(".-").lower() for w in _WORD.findall(phrase) if w.strip(".-")]


def text_query(filters: SearchFilters, kind: Kind) -> TextQuery:
    """The full-text part of the filters."""
    groups: list[tuple[str, ...]] = []
    if kind == "people" and filters.titles:
        groups.append(tuple(filters.titles))
    if filters.technologies:
        groups.append(tuple(filters.technologies))
    groups.extend((k,) for k in filters.keywords)
    if not any(any(_words(p) for p in g) for g in groups):
        return TextQuery(())  # structured filters alone use the column indexes
    groups.extend(_structured_groups(filters, kind))
    return TextQuery(tuple(g for g in groups if any(_words(p) for p in g)))


def _structured_groups(filters: SearchFilters, kind: Kind) -> list[tuple[str, ...]]:
    """The filter tokens a matching row must carry (see `filter_tokens`)."""
    groups: list[tuple[str, ...]] = []
    # Each place by its most specific token (a city, else its country).
    places = [_token("t", loc.city) or _token("c", loc.country) for loc in filters.locations]
    if places and all(places):
        groups.append(tuple(t for t in places if t))
    if kind == "people":
        if filters.seniorities:
            groups.append(tuple(t for v in filters.seniorities if (t := _token("s", v))))
        if filters.departments:
            groups.append(tuple(t for v in filters.departments if (t := _token("d", v))))
    if filters.industries:
        groups.append(tuple(t for v in filters.industries if (t := _token("i", v))))
    if filters.company_size is not None and (bands := _bands(filters.company_size)):
        groups.append(tuple(bands))
    return groups


def _structured(model: Any, filters: SearchFilters, kind: Kind) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if kind == "people":
        if filters.seniorities:
            conds.append(model.seniority.in_(filters.seniorities))
        if filters.departments:
            conds.append(model.department.in_(filters.departments))
    places = []
    for loc in filters.locations:
        parts = []
        if loc.country:
            parts.append(model.country == loc.country.upper())
        if loc.city:
            parts.append(func.lower(model.city) == loc.city.lower())
        elif loc.region:
            # Rows keep ISO 3166-2 codes; rows imported before that keep names ("Bayern").
            spellings = region_spellings(loc.region, loc.country)
            parts.append(
                or_(
                    model.region.in_(spellings),
                    func.lower(model.region).in_(sorted({s.lower() for s in spellings})),
                )
            )
        if parts:
            places.append(and_(*parts))
    if places:
        conds.append(or_(*places))
    if filters.industries:
        conds.append(model.industry.in_(filters.industries))
    if filters.company_size is not None:
        if filters.company_size.min is not None:
            conds.append(model.employees >= filters.company_size.min)
        if filters.company_size.max is not None:
            conds.append(model.employees <= filters.company_size.max)
    return conds


def _matches(
    session: AsyncSession, model: Any, workspace_id: str, query: TextQuery, window: int
) -> Any:
    """Ids of the first `window` full-text matches in id order, as a subquery."""
    table = model.__tablename__
    if session.get_bind().dialect.name == "postgresql":
        # websearch_to_tsquery has no parentheses: each group is its own query, ANDed (&&).
        parts = [func.websearch_to_tsquery(text("'english'"), g) for g in query.websearch_groups()]
        tsq: Any = parts[0]
        for part in parts[1:]:
            tsq = tsq.op("&&")(part)
        vector: Any = literal_column(f"{table}.search_vector")
        return (
            select(model.id.label("rid"))
            .where(model.workspace_id == workspace_id, vector.op("@@")(tsq))
            .order_by(model.id)
            .limit(window)
            .subquery("matched")
        )
    fts = f"{table}_fts"
    return (
        text(f"SELECT rowid AS rid FROM {fts} WHERE {fts} MATCH :q ORDER BY rowid LIMIT :w")
        .bindparams(q=query.fts5(), w=window)
        .columns(rid=Integer)
        .subquery("matched")
    )


def _query(
    session: AsyncSession,
    model: Any,
    workspace_id: str,
    filters: SearchFilters,
    kind: Kind,
    extra: list[ColumnElement[bool]],
    window: int = 0,
) -> Select[Any]:
    conds = [model.workspace_id == workspace_id, *_structured(model, filters, kind), *extra]
    query = text_query(filters, kind)
    stmt = select(model)
    if not query:
        return stmt.where(*conds).order_by(model.id)
    # Engine-side relevance ranks every match (FTS5's bm25 counts every row holding each
    # query word: 100 ms and more at a million rows with common words), so only the first
    # `window` matches in id order are read and `_page` ranks them.
    matched = _matches(session, model, workspace_id, query, window)
    return stmt.join(matched, matched.c.rid == model.id).where(*conds).order_by(model.id)


def _text_score(row: Any, words: set[str]) -> tuple[int, int]:
    """Query words the row's text holds (more first), then its title's length (short first)."""
    have = set(_words(row.search_text))
    title = getattr(row, "title", None) or getattr(row, "name", "") or ""
    return -len(words & have), len(title)


async def _window_full(
    session: AsyncSession, model: Any, workspace_id: str, query: TextQuery, window: int
) -> bool:
    """Whether the full-text engine has at least `window` matches."""
    matched = _matches(session, model, workspace_id, query, window)
    count = await session.execute(select(func.count()).select_from(matched))
    return int(count.scalar_one()) >= window


async def _page(
    session: AsyncSession,
    model: Any,
    workspace_id: str,
    filters: SearchFilters,
    kind: Kind,
    extra: list[ColumnElement[bool]],
    offset: int,
    limit: int,
) -> tuple[list[Any], bool]:
    query = text_query(filters, kind)
    if not query:
        stmt = _query(session, model, workspace_id, filters, kind, extra)
        rows = list((await session.execute(stmt.offset(offset).limit(limit + 1))).scalars())
        return rows[:limit], len(rows) > limit
    words = {w for group in query.groups for phrase in group for w in _words(phrase)}
    # Whole blocks up to the one holding the page's next row, so none is ranked half-loaded.
    needed = window = RANK_BLOCK * (1 + (offset + limit) // RANK_BLOCK)
    while True:
        stmt = _query(session, model, workspace_id, filters, kind, extra, window)
        rows = list((await session.execute(stmt)).scalars())
        # Too few rows from a full window may only mean the filters dropped some: widen.
        if len(rows) >= needed or not await _window_full(
            session, model, workspace_id, query, window
        ):
            break
        window *= 4
    # Ranked within blocks of RANK_BLOCK rows in rowid order: a later page (a wider window)
    # never reorders an earlier one.
    ranked = sorted(
        enumerate(rows), key=lambda ir: (ir[0] // RANK_BLOCK, _text_score(ir[1], words), ir[1].id)
    )
    page = [row for _, row in ranked[offset : offset + limit + 1]]
    return page[:limit], len(page) > limit


async def search_people(
    session: AsyncSession, workspace_id: str, filters: SearchFilters, *, offset: int, limit: int
) -> tuple[list[IndexPerson], bool]:
    """A page of indexed people matching the filters, best first, and whether more follow."""
    return await _page(session, IndexPerson, workspace_id, filters, "people", [], offset, limit)


async def search_companies(
    session: AsyncSession,
    workspace_id: str,
    filters: SearchFilters,
    *,
    offset: int,
    limit: int,
    domain: str | None = None,
    status: str | None = None,
) -> tuple[list[IndexCompany], bool]:
    """A page of indexed companies matching the filters (plus domain/status)."""
    extra: list[ColumnElement[bool]] = []
    if domain:
        extra.append(IndexCompany.domain == domain.lower())
    if status:
        extra.append(IndexCompany.status == status)
    return await _page(
        session, IndexCompany, workspace_id, filters, "companies", extra, offset, limit
    )
