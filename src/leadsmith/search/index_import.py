"""Loading a user's own people or companies into the local index from CSV.

Columns are mapped from their headers ("Job Title", "Work Email", "Company Website" ...);
bad rows are reported with their line numbers and left out; the good rows go in one
transaction, so an import is never half done.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.contacts import service as contacts
from leadsmith.search.dedupe import fold, normalise_email
from leadsmith.search.index import filter_tokens, search_text
from leadsmith.search.models import IndexCompany, IndexPerson
from leadsmith.search.parser import (
    canonical_country,
    canonical_industry,
    canonical_region,
    canonical_technology,
    classify_title,
    parse_company_size,
    region_label,
)

Kind = Literal["people", "companies"]
CHUNK = 2000

# Field -> folded header spellings that mean it.
# fmt: off
PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "full_name": ("name", "full name", "fullname", "person", "contact name"),
    "first_name": ("first name", "firstname", "given name", "first"),
    "last_name": ("last name", "lastname", "surname", "family name", "last"),
    "title": ("title", "job title", "jobtitle", "position", "role", "headline"),
    "seniority": ("seniority", "level", "management level"),
    "department": ("department", "function", "job function"),
    "email": ("email", "email address", "work email", "e mail", "mail", "business email"),
    "phone": ("phone", "phone number", "mobile", "direct phone", "telephone", "tel"),
    "linkedin_url": ("linkedin", "linkedin url", "linkedin profile", "profile url"),
    "country": ("country", "country code", "person country"),
    "region": ("region", "state", "province"),
    "city": ("city", "town", "location city"),
    "skills": ("skills", "skill", "tags"),
    "company_name": ("company", "company name", "organization", "organisation", "employer",
                     "account name"),
    "company_domain": ("domain", "company domain", "website", "company website", "url"),
    "industry": ("industry", "vertical", "sector"),
    "employees": ("employees", "headcount", "company size", "size", "employee count"),
    "technologies": ("technologies", "technology", "tech", "tech stack"),
}
COMPANY_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "company", "company name", "organization", "organisation", "account name"),
    "domain": ("domain", "website", "company domain", "company website", "url"),
    "industry": ("industry", "vertical", "sector"),
    "employees": ("employees", "headcount", "company size", "size", "employee count"),
    "country": ("country", "country code"),
    "region": ("region", "state", "province"),
    "city": ("city", "town"),
    "technologies": ("technologies", "technology", "tech", "tech stack"),
    "description": ("description", "about", "summary"),
    "status": ("status",),
}
# fmt: on


@dataclass(slots=True)
class ImportReport:
    """What an import did: rows loaded, rows left out (with line numbers and reasons)."""

    kind: Kind
    mapping: dict[str, str]
    imported: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def guess_kind(headers: Iterable[str]) -> Kind:
    """People when there is a person's name or email column, else companies."""
    folded = {fold(h) for h in headers}
    person = {"first name", "last name", "email", "full name", "title", "job title", "firstname"}
    return "people" if folded & person else "companies"


def map_columns(headers: list[str], kind: Kind) -> dict[str, str]:
    """Header -> field, for the headers that mean a known field (first match wins)."""
    table = PEOPLE_COLUMNS if kind == "people" else COMPANY_COLUMNS
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = fold(header)
        for fieldname, spellings in table.items():
            if fieldname not in taken and (key == fieldname.replace("_", " ") or key in spellings):
                mapping[header] = fieldname
                taken.add(fieldname)
                break
    return mapping


def _domain(value: str | None) -> str | None:
    if not value:
        return None
    host = value.strip().lower().removeprefix("http://").removeprefix("https://")
    host = host.split("/")[0].removeprefix("www.")
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    if "." not in host or " " in host:
        raise ValueError(f"{value!r} is not a domain")
    return host


def _employees(value: str | None) -> int | None:
    if not value or not value.strip():
        return None
    raw = value.strip().replace(",", "")
    if raw.isdigit():
        return int(raw)
    size = parse_company_size(raw)
    if size is None or (size.min is None and size.max is None):
        raise ValueError(f"employees {value!r} is not a number or a range like 51-200")
    return size.min if size.min is not None else size.max


def _country(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    code = canonical_country(value)
    if code is None:
        raise ValueError(f"unknown country {value!r}")
    return code


def _region(value: str | None, country: str | None) -> tuple[str | None, str | None]:
    """(region, country): the region as its ISO 3166-2 code when it is known (kept as given
    otherwise), and the country the code implies when the row names none."""
    text = " ".join((value or "").split())
    if not text:
        return None, country
    code = canonical_region(text, country)
    if code is None:
        return text, country
    return code, country or code.split("-", 1)[0]


def _list(value: str | None, canonical: Callable[[str], str | None] | None = None) -> str | None:
    items = [v.strip() for v in (value or "").replace(";", ",").split(",") if v.strip()]
    if canonical is not None:
        items = [canonical(v) or v.lower() for v in items]
    return ", ".join(items) or None


def person_row(workspace_id: str, raw: dict[str, str | None]) -> dict[str, Any]:
    """An `index_people` row from mapped CSV values; raises ValueError for a bad row."""
    first, last = (raw.get("first_name") or "").strip(), (raw.get("last_name") or "").strip()
    full = (raw.get("full_name") or "").strip() or f"{first} {last}".strip()
    if not full:
        raise ValueError("no name (give name, or first name and last name)")
    if not first and not last:
        first, _, last = full.partition(" ")
    email = raw.get("email")
    if email and email.strip():
        email = normalise_email(email)
        if email is None:
            raise ValueError(f"email {raw.get('email')!r} is not an address")
    else:
        email = None
    title = (raw.get("title") or "").strip() or None
    seniority, department = (raw.get("seniority") or None), (raw.get("department") or None)
    if title and not (seniority and department):
        guessed = classify_title(title)
        seniority, department = seniority or guessed[0], department or guessed[1]
    industry = raw.get("industry")
    industry = (
        (canonical_industry(industry) or fold(industry).replace(" ", "_")) if industry else None
    )
    row: dict[str, Any] = {
        "workspace_id": workspace_id,
        "first_name": first,
        "last_name": last,
        "full_name": full,
        "title": title,
        "seniority": seniority,
        "department": department,
        "email": email,
        "phone": (raw.get("phone") or "").strip() or None,
        "linkedin_url": (raw.get("linkedin_url") or "").strip() or None,
        "city": (raw.get("city") or "").strip() or None,
        "skills": _list(raw.get("skills")),
        "company_name": (raw.get("company_name") or "").strip() or None,
        "company_domain": _domain(raw.get("company_domain")),
        "industry": industry,
        "employees": _employees(raw.get("employees")),
        "technologies": _list(raw.get("technologies"), canonical_technology),
    }
    row["region"], row["country"] = _region(raw.get("region"), _country(raw.get("country")))
    row["search_text"] = search_text(
        full,
        title,
        row["company_name"],
        row["company_domain"],
        row["skills"],
        row["city"],
        region_label(row["region"]),
        industry,
        row["technologies"],
        department,
        filter_tokens(
            country=row["country"],
            city=row["city"],
            seniority=seniority,
            department=department,
            industry=industry,
            employees=row["employees"],
        ),
    )
    return row


def company_row(workspace_id: str, raw: dict[str, str | None]) -> dict[str, Any]:
    """An `index_companies` row from mapped CSV values; raises ValueError for a bad row."""
    domain = _domain(raw.get("domain"))
    name = (raw.get("name") or "").strip() or domain
    if not name:
        raise ValueError("no company name or domain")
    industry = raw.get("industry")
    industry = (
        (canonical_industry(industry) or fold(industry).replace(" ", "_")) if industry else None
    )
    row: dict[str, Any] = {
        "workspace_id": workspace_id,
        "name": name,
        "domain": domain,
        "industry": industry,
        "employees": _employees(raw.get("employees")),
        "city": (raw.get("city") or "").strip() or None,
        "technologies": _list(raw.get("technologies"), canonical_technology),
        "description": (raw.get("description") or "").strip() or None,
        "status": (raw.get("status") or "").strip().lower() or None,
    }
    row["region"], row["country"] = _region(raw.get("region"), _country(raw.get("country")))
    row["search_text"] = search_text(
        name,
        domain,
        industry,
        row["technologies"],
        row["description"],
        row["city"],
        filter_tokens(
            country=row["country"],
            city=row["city"],
            industry=industry,
            employees=row["employees"],
        ),
    )
    return row


def _records(text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str | None]]]]:
    reader = csv.DictReader(io.StringIO(text))
    headers = list(reader.fieldnames or [])

    def rows() -> Iterator[tuple[int, dict[str, str | None]]]:
        for record in reader:
            yield reader.line_num, record

    return headers, rows()


async def import_csv(
    session: AsyncSession,
    workspace_id: str,
    text: str,
    *,
    kind: Kind | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Load a people or companies CSV's text into the index.

    Runs in the caller's transaction: commit it for the rows to appear, all at once.
    """
    text = text.removeprefix("\ufeff")
    headers, records = _records(text)
    kind = kind or guess_kind(headers)
    mapping = map_columns(headers, kind)
    report = ImportReport(kind=kind, mapping=mapping)
    if not mapping:
        report.errors.append((1, f"no known columns in the header: {', '.join(headers)}"))
        return report
    blocked = await contacts.blocklist(session, workspace_id)
    model = IndexPerson if kind == "people" else IndexCompany
    build = person_row if kind == "people" else company_row
    batch: list[dict[str, Any]] = []
    done = 0
    for line, record in records:
        done += 1
        raw = {mapping[h]: v for h, v in record.items() if h in mapping}
        try:
            row = build(workspace_id, raw)
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            report.skipped += 1
            continue
        email = row.get("email")
        if email and blocked.blocks(email):
            report.errors.append((line, "suppressed or erased person"))
            report.skipped += 1
            continue
        batch.append(row)
        if len(batch) >= CHUNK:
            await session.execute(insert(model), batch)
            report.imported += len(batch)
            batch = []
        if on_progress is not None:
            on_progress(done)
    if batch:
        await session.execute(insert(model), batch)
        report.imported += len(batch)
    return report
