"""The sandbox world's companies and people, and their conversion to source records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from leadsmith.sources.records import CompanyRecord, PersonRecord, Provenance
from leadsmith.taxonomy import COMPANY_SIZE_BANDS

SOURCE_NAME = "sandbox"
# Sandbox facts carry a fixed "seen at" so the same question gets an identical answer.
SEEN_AT = datetime(2026, 4, 13, tzinfo=UTC)
LINKEDIN_PERSON_PREFIX = "https://www.linkedin.com/in/"
LINKEDIN_COMPANY_PREFIX = "https://www.linkedin.com/company/"


def size_band(employees: int) -> str:
    """The size band label ("51-200", "10001+") an employee count falls in."""
    for low, high in COMPANY_SIZE_BANDS:
        if high is None or employees <= high:
            return f"{low}+" if high is None else f"{low}-{high}"
    raise ValueError(employees)


class SandboxCompany(NamedTuple):
    """A company of the sandbox world."""

    seq: int
    name: str  # as displayed, sometimes with a legal suffix ("Northpeak Inc.")
    short_name: str  # without the legal suffix
    domain: str
    industry: str
    employees: int
    country: str
    region: str
    region_code: str
    city: str
    technologies: tuple[str, ...]
    description: str
    email_pattern: str
    catch_all: bool
    status: str  # "verified" (domain answers) or "unverified"
    phone: str
    founded: int
    first_person: int  # seq of its first person; its people are consecutive
    people_count: int

    @property
    def website(self) -> str:
        return f"https://www.{self.domain}"

    @property
    def linkedin_url(self) -> str:
        return LINKEDIN_COMPANY_PREFIX + self.domain.rsplit(".", 1)[0]

    @property
    def size_band(self) -> str:
        return size_band(self.employees)


class SandboxPerson(NamedTuple):
    """A person of the sandbox world, with their company."""

    seq: int
    first_name: str
    last_name: str
    title: str
    seniority: str
    department: str
    email: str
    phone: str
    phone_type: str  # direct, mobile, office
    linkedin_slug: str
    country: str
    region: str
    region_code: str
    city: str
    skills: tuple[str, ...]
    company: SandboxCompany

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def linkedin_url(self) -> str:
        return LINKEDIN_PERSON_PREFIX + self.linkedin_slug


def provenance() -> list[Provenance]:
    """Provenance of every sandbox fact."""
    return [Provenance(source=SOURCE_NAME, url=None, seen_at=SEEN_AT)]


def company_record(company: SandboxCompany) -> CompanyRecord:
    """A fresh `CompanyRecord` for a sandbox company."""
    return CompanyRecord(
        name=company.name,
        domain=company.domain,
        industry=company.industry,
        employees=company.employees,
        country=company.country,
        region=company.region,
        city=company.city,
        technologies=list(company.technologies),
        description=company.description,
        linkedin_url=company.linkedin_url,
        website=company.website,
        phone=company.phone,
        status=company.status,
        catch_all=company.catch_all,
        provenance=provenance(),
    )


def person_record(person: SandboxPerson) -> PersonRecord:
    """A fresh `PersonRecord` (with its company) for a sandbox person."""
    return PersonRecord(
        first_name=person.first_name,
        last_name=person.last_name,
        full_name=person.full_name,
        title=person.title,
        seniority=person.seniority,
        department=person.department,
        email=person.email,
        phone=person.phone,
        phone_type=person.phone_type,
        linkedin_url=person.linkedin_url,
        country=person.country,
        region=person.region,
        city=person.city,
        skills=list(person.skills),
        company=company_record(person.company),
        provenance=provenance(),
    )
