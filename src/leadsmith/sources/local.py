"""`LocalSource`: the workspace's own index (imported CSVs, earlier results) as a source.

Rows belong to one workspace; a source instance serves exactly that workspace.
"""

from __future__ import annotations

import base64
from typing import ClassVar

from sqlalchemy import func, select

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


class LocalSource(Source):
    """Search and enrichment over one workspace's local index."""

    name: ClassVar[str] = SOURCE_NAME
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.SEARCH_PEOPLE,
            Capability.SEARCH_COMPANIES,
            Capability.ENRICH_PERSON,
            Capability.ENRICH_COMPANY,
        }
    )
    cost: ClassVar[float] = 0.0
    uses_network: ClassVar[bool] = False

    def __init__(self, workspace_id: str) -> None:
        self.workspace_id = workspace_id

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
        conds = []
        if email := normalise_email(query.email):
            conds.append(IndexPerson.email == email)
        elif slug := linkedin_key(query.linkedin_url):
            conds.append(func.lower(IndexPerson.linkedin_url).like(f"%linkedin.com/in/{slug}%"))
        elif query.first_name and query.last_name and (query.domain or query.company_name):
            conds.append(func.lower(IndexPerson.first_name) == query.first_name.lower())
            conds.append(func.lower(IndexPerson.last_name) == query.last_name.lower())
            if query.domain:
                conds.append(IndexPerson.company_domain == query.domain.lower())
            else:
                conds.append(
                    func.lower(IndexPerson.company_name) == (query.company_name or "").lower()
                )
        else:
            return None
        async with read_scope() as session:
            row = (
                await session.execute(
                    select(IndexPerson)
                    .where(IndexPerson.workspace_id == self.workspace_id, *conds)
                    .order_by(IndexPerson.id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        return person_from_row(row) if row is not None else None

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
