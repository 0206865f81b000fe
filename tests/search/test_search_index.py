"""The local index: CSV import (mapping, bad rows, one transaction), full-text search per
backend, LocalSource paging, workspace isolation; seed 004's synchronous search."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from fastapi import FastAPI

from leadsmith.api.routers import data_search
from leadsmith.billing import ledger
from leadsmith.db.engine import session_scope
from leadsmith.search import index
from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.search.index_import import import_csv, map_columns
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.local import LocalSource
from tests.factories import make_caller

PEOPLE = "\n".join(
    [
        "First Name,Last Name,Job Title,Work Email,Company,Company Website,Country,City,"
        "Industry,Headcount,Tech Stack",
        "Priya,Sharma,Founder & CEO,priya@acmesaas.io,Acme SaaS,https://www.acmesaas.io,India,"
        "Bengaluru,SaaS,40,AWS; HubSpot",
        "Arjun,Mehta,VP of Sales,arjun@acmesaas.io,Acme SaaS,acmesaas.io,IN,Bengaluru,SaaS,40,AWS",
        "Lena,Vogel,Head of Marketing,lena@nordbank.de,Nordbank,nordbank.de,Germany,Berlin,"
        "Fintech,51-200,Salesforce",
        ",,Founder,nobody@x.io,X,x.io,India,,SaaS,10,",
        "Tom,Price,Founder,not-an-email,Pricey,pricey.io,India,,SaaS,10,",
        "Ana,Lima,Founder,ana@lima.io,Lima,lima.io,Atlantis,,SaaS,10,",
    ]
)


def test_columns_are_mapped_from_headers() -> None:
    mapping = map_columns(PEOPLE.splitlines()[0].split(","), "people")
    assert mapping["Job Title"] == "title" and mapping["Work Email"] == "email"
    assert (
        mapping["Company Website"] == "company_domain" and mapping["Tech Stack"] == "technologies"
    )


async def test_import_reports_bad_rows_and_search_ranks_matches() -> None:
    caller, other = await make_caller(), await make_caller()
    async with session_scope() as session:
        report = await import_csv(session, caller.workspace_id, PEOPLE)
    assert report.kind == "people" and report.imported == 3
    assert [line for line, _ in report.errors] == [5, 6, 7]
    assert "no name" in report.errors[0][1] and "Atlantis" in report.errors[2][1]

    source = LocalSource(caller.workspace_id)
    founders = SearchFilters(
        titles=["Founder"], locations=[LocationFilter(country="IN")], industries=["saas"]
    )
    people, cursor = await source.search_people(founders, limit=10)
    assert [p.email for p in people] == ["priya@acmesaas.io"] and cursor is None
    assert people[0].seniority in ("founder", "owner", "c_suite")
    assert people[0].company and people[0].company.technologies == ["aws", "hubspot"]

    everyone_in_india = SearchFilters(locations=[LocationFilter(country="IN")])
    page1, cursor = await source.search_people(everyone_in_india, limit=1)
    page2, end = await source.search_people(everyone_in_india, limit=1, cursor=cursor)
    assert len(page1) == len(page2) == 1 and page1[0].email != page2[0].email and end is None

    either = SearchFilters(titles=["Head of Marketing", "VP Sales"])
    found = {p.email for p in (await source.search_people(either, limit=10))[0]}
    assert found == {"lena@nordbank.de", "arjun@acmesaas.io"}
    keyword = SearchFilters(keywords=["HubSpot"])
    assert [p.email for p in (await source.search_people(keyword, limit=5))[0]] == [
        "priya@acmesaas.io"
    ]
    found_by_email = await source.enrich_person(PersonQuery(email="PRIYA@acmesaas.io"))
    assert found_by_email is not None and found_by_email.name == "Priya Sharma"
    # Another workspace never sees these rows.
    assert (await LocalSource(other.workspace_id).search_people(founders, limit=10))[0] == []
    assert (
        await LocalSource(other.workspace_id).enrich_person(PersonQuery(email="priya@acmesaas.io"))
        is None
    )


async def test_user_text_is_never_a_query_operator() -> None:
    caller = await make_caller()
    async with session_scope() as session:
        await import_csv(session, caller.workspace_id, PEOPLE)
        for nasty in ['"unbalanced', "NEAR(a b)", "a* OR -b", "c++", "AND"]:
            rows, _more = await index.search_people(
                session, caller.workspace_id, SearchFilters(keywords=[nasty]), offset=0, limit=5
            )
            assert isinstance(rows, list)


async def test_companies_import_and_search() -> None:
    caller = await make_caller()
    text = (
        "Company,Domain,Industry,Employees,Country,Technologies,Status\n"
        "Acme SaaS,acmesaas.io,SaaS,40,India,AWS,verified\nNordbank,nordbank.de,Fintech,120,DE,,\n"
    )
    async with session_scope() as session:
        report = await import_csv(session, caller.workspace_id, text)
    assert report.kind == "companies" and report.imported == 2
    source = LocalSource(caller.workspace_id)
    found, _ = await source.search_companies(SearchFilters(technologies=["aws"]), limit=5)
    assert [c.domain for c in found] == ["acmesaas.io"]
    company = await source.enrich_company(domain="NORDBANK.DE")
    assert company is not None and company.employees == 120


@pytest.fixture
def routes(app: FastAPI) -> FastAPI:
    app.include_router(data_search.router)
    return app


async def test_004_people_and_companies_with_a_test_key(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(test=True)
    r = await client.post(
        "/api/v1/search/people",
        json={"job_title": "Revenue Operations", "country": "United States", "limit": 5},
        headers=caller.headers,
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and 1 <= len(body["data"]) <= 5
    assert body["meta"]["credits_used"] == 0 and body["meta"]["total"] == len(body["data"])
    assert body["meta"]["request_id"] == r.headers["x-request-id"]
    person = body["data"][0]
    assert "revenue" in person["person"]["job_title"].lower()
    assert person["person"]["location"]["country"] == "US" and person["company"]["domain"]
    r = await client.post(
        "/api/v1/search/companies",
        json={"technology": "AWS", "country": "United States", "status": "verified"},
        headers=caller.headers,
    )
    companies = r.json()["results"]
    assert companies and all(
        "aws" in c["technologies"] and c["status"] == "verified" for c in companies
    )
    r = await client.post("/api/v1/search/people", json={"limit": 0}, headers=caller.headers)
    assert r.status_code == 400 and r.json()["code"] == "invalid_request"


async def test_004_live_key_searches_own_index_and_pays_only_for_results(
    routes: FastAPI, client: httpx.AsyncClient
) -> None:
    caller = await make_caller(credits=10)
    async with session_scope() as session:
        await import_csv(session, caller.workspace_id, PEOPLE)
    r = await client.post(
        "/api/v1/search/people",
        json={"job_title": "Founder", "country": "India"},
        headers=caller.headers,
    )
    assert [p["person"]["email"] for p in r.json()["data"]] == ["priya@acmesaas.io"]
    assert r.json()["meta"]["credits_used"] == 1
    r = await client.post(
        "/api/v1/search/people", json={"job_title": "Astronaut"}, headers=caller.headers
    )
    assert r.json()["data"] == [] and r.json()["meta"]["credits_used"] == 0
    async with session_scope() as session:
        assert (await ledger.get_balance(session, caller.workspace_id)).balance == Decimal(9)
    broke = await make_caller(credits=0)
    r = await client.post(
        "/api/v1/search/people", json={"job_title": "Founder"}, headers=broke.headers
    )
    assert r.status_code == 403 and r.json()["code"] == "quota_exceeded"
    no_scope = await make_caller(test=True, scopes=["leads"])
    r = await client.post("/api/v1/search/people", json={}, headers=no_scope.headers)
    assert r.status_code == 403 and r.json()["code"] == "scope_denied"
