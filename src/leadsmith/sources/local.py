"""`LocalSource`: the workspace's own index (imported CSVs, earlier results) as a source.

Rows belong to one workspace; a source instance serves exactly that workspace.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import ColumnElement, func, or_, select

from leadsmith.companies.clean_names import clean_company_name
from leadsmith.db.engine import read_scope
from leadsmith.search import index
from leadsmith.search.dedupe import linkedin_key, normalise_email
from leadsmith.search.filters import SearchFilters
from leadsmith.search.models import IndexCompany, IndexPerson
from leadsmith.sources.base import Capability, PersonQuery, Source
from leadsmith.sources.records import CompanyRecord, PersonRecord, Provenance

SOURCE_NAME = "local"
_CURSOR_PREFIX = "loc1:"


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; a cursor this source did not issue starts over."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except ValueError:
        return 0
    tail = raw.removeprefix(_CURSOR_PREFIX)
    return int(tail) if raw.startswith(_CURSOR_PREFIX) and tail.isdigit() else 0


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def company_from_row(row: IndexCompany) -> CompanyRecord:
    """An indexed company as a source record."""
    return CompanyRecord(
        name=row.name,
        domain=row.domain,
        industry=row.industry,
        employees=row.employees,
        country=row.country,
        region=row.region,
        city=row.city,
        technologies=_split(row.technologies),
        description=row.description,
        website=f"https://{row.domain}" if row.domain else None,
        status=row.status,
        provenance=[Provenance(source=SOURCE_NAME)],
    )


def person_from_row(row: IndexPerson) -> PersonRecord:
    """An indexed person (with the company facts the row carries) as a source record."""
    company = None
    if row.company_name or row.company_domain:
        company = CompanyRecord(
            name=row.company_name or row.company_domain or "",
            domain=row.company_domain,
            industry=row.industry,
            employees=row.employees,
            country=row.country,
            technologies=_split(row.technologies),
            provenance=[Provenance(source=SOURCE_NAME)],
        )
    return PersonRecord(
        first_name=row.first_name,
        last_name=row.last_name,
        full_name=row.full_name,
        title=row.title,
        seniority=row.seniority,
        department=row.department,
        email=row.email,
        phone=row.phone,
        linkedin_url=row.linkedin_url,
        country=row.country,
        region=row.region,
        city=row.city,
        skills=_split(row.skills),
        company=company,
        provenance=[Provenance(source=SOURCE_NAME)],
    )


# People per prefetch query (its bound parameters stay far below every database's limit).
_PREFETCH_BATCH = 500


def _asked(query: PersonQuery) -> tuple[str, ...] | None:
    """What `enrich_person` looks a query up by, normalised; None when it cannot."""
    if email := normalise_email(query.email):
        return ("email", email)
    if slug := linkedin_key(query.linkedin_url):
        return ("linkedin", slug)
    if query.first_name and query.last_name and query.domain:
        return (
            "name_domain",
            query.first_name.lower(),
            query.last_name.lower(),
            query.domain.lower(),
        )
    if query.first_name and query.last_name and query.company_name:
        return (
            "name_company",
            query.first_name.lower(),
            query.last_name.lower(),
            query.company_name.lower(),
        )
    return None


def _conditions(asked: tuple[str, ...]) -> list[ColumnElement[bool]]:
    kind = asked[0]
    if kind == "email":
        return [IndexPerson.email == asked[1]]
    if kind == "linkedin":
        return [func.lower(IndexPerson.linkedin_url).like(f"%linkedin.com/in/{asked[1]}%")]
    conds = [
        func.lower(IndexPerson.first_name) == asked[1],
        func.lower(IndexPerson.last_name) == asked[2],
    ]
    if kind == "name_domain":
        conds.append(IndexPerson.company_domain == asked[3])
    else:
        conds.append(func.lower(IndexPerson.company_name) == asked[3])
    return conds


class LocalSource(Source):
    """Search and enrichment over one workspace's local index."""

    name: ClassVar[str] = SOURCE_NAME
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.SEARCH_PEOPLE,
            Capability.SEARCH_COMPANIES,
            Capability.ENRICH_PERSON,
            Capability.ENRICH_COMPANY,
            Capability.DOMAIN_FINDER,
        }
    )
    cost: ClassVar[float] = 0.0
    uses_network: ClassVar[bool] = False

    def __init__(self, workspace_id: str) -> None:
        self.workspace_id = workspace_id
        # Rows already read for a question (None: no such person), for the life of this
        # source (one request, one bulk chunk): a row's email and phone lookups both ask.
        self._people: dict[tuple[str, ...], IndexPerson | None] = {}

    async def search_people(
        self, filters: SearchFilters, *, limit: int, cursor: str | None = None
    ) -> tuple[list[PersonRecord], str | None]:
        offset = decode_cursor(cursor)
        async with read_scope() as session:
            rows, more = await index.search_people(
                session, self.workspace_id, filters, offset=offset, limit=limit
            )
        people = [person_from_row(r) for r in rows]
        return people, encode_cursor(offset + len(rows)) if more else None

    async def search_companies(
        self,
        filters: SearchFilters,
        *,
        limit: int,
        cursor: str | None = None,
        domain: str | None = None,
        status: str | None = None,
    ) -> tuple[list[CompanyRecord], str | None]:
        offset = decode_cursor(cursor)
        async with read_scope() as session:
            rows, more = await index.search_companies(
                session,
                self.workspace_id,
                filters,
                offset=offset,
                limit=limit,
                domain=domain,
                status=status,
            )
        return [company_from_row(r) for r in rows], encode_cursor(
            offset + len(rows)
        ) if more else None

    async def enrich_person(self, query: PersonQuery) -> PersonRecord | None:
        """A person by email, LinkedIn profile, or name at a domain/company."""
        asked = _asked(query)
        if asked is None:
            return None
        if asked in self._people:
            row = self._people[asked]
        else:
            async with read_scope() as session:
                row = (
                    await session.execute(
                        select(IndexPerson)
                        .where(IndexPerson.workspace_id == self.workspace_id, *_conditions(asked))
                        .order_by(IndexPerson.id)
                        .limit(1)
                    )
                ).scalar_one_or_none()
            self._people[asked] = row
        return person_from_row(row) if row is not None else None

    async def prefetch_people(self, queries: Sequence[PersonQuery]) -> None:
        """Read the people asked by name at a domain in one query (a bulk chunk's rows).

        Matches exactly as `enrich_person` would, the database's `lower()` included, so
        an answer read ahead is the answer a single lookup gives.
        """
        wanted = {
            asked
            for asked in map(_asked, queries)
            if asked is not None and asked[0] == "name_domain" and asked not in self._people
        }
        if not wanted:
            return
        first, last = func.lower(IndexPerson.first_name), func.lower(IndexPerson.last_name)
        ordered = sorted(wanted, key=lambda asked: asked[3])
        found: dict[tuple[str, ...], IndexPerson] = {}
        async with read_scope() as session:
            for start in range(0, len(ordered), _PREFETCH_BATCH):
                part = ordered[start : start + _PREFETCH_BATCH]
                rows = await session.execute(
                    select(IndexPerson, first, last)
                    .where(
                        IndexPerson.workspace_id == self.workspace_id,
                        IndexPerson.company_domain.in_({asked[3] for asked in part}),
                        last.in_({asked[2] for asked in part}),
                    )
                    .order_by(IndexPerson.id)
                )
                for person, first_lower, last_lower in rows:
                    key = ("name_domain", first_lower, last_lower, person.company_domain)
                    found.setdefault(key, person)  # the lowest id, as `enrich_person` takes
        for asked in wanted:
            self._people[asked] = found.get(asked)

    async def domain_for_company(self, name: str) -> list[tuple[str, int]]:
        """Domains of index companies of that name: the same name 95, the same name once
        legal forms are dropped ("Acme GmbH" for "Acme") 85."""
        asked = name.strip().lower()
        cleaned = clean_company_name(name).strip().lower()
        if not asked:
            return []
        stems = {asked, cleaned} - {""}
        conds = [func.lower(IndexCompany.name) == s for s in stems]
        conds += [func.lower(IndexCompany.name).startswith(s + " ", autoescape=True) for s in stems]
        async with read_scope() as session:
            rows = (
                await session.execute(
                    select(IndexCompany.name, IndexCompany.domain)
                    .where(
                        IndexCompany.workspace_id == self.workspace_id,
                        IndexCompany.domain.is_not(None),
                        or_(*conds),
                    )
                    .order_by(IndexCompany.id)
                    .limit(50)
                )
            ).all()
        found: dict[str, int] = {}
        for row_name, domain in rows:
            if not domain:
                continue
            if row_name.strip().lower() == asked:
                score = 95
            elif clean_company_name(row_name).strip().lower() == cleaned:
                score = 85
            else:
                continue
            key = domain.strip().lower()
            found[key] = max(found.get(key, 0), score)
        return sorted(found.items(), key=lambda kv: -kv[1])

    async def enrich_company(
        self, domain: str | None = None, name: str | None = None
    ) -> CompanyRecord | None:
        if domain:
            cond = IndexCompany.domain == domain.strip().lower()
        elif name:
            cond = func.lower(IndexCompany.name) == name.strip().lower()
        else:
            return None
        async with read_scope() as session:
            row = (
                await session.execute(
                    select(IndexCompany)
                    .where(IndexCompany.workspace_id == self.workspace_id, cond)
                    .order_by(IndexCompany.id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        return company_from_row(row) if row is not None else None
