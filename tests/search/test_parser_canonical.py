"""canonicalise, merge_filters, normalise_prompt and the single-value helpers."""

from __future__ import annotations

from typing import Any

import pytest

from leadsmith.search.filters import LocationFilter, SearchFilters, SizeRange
from leadsmith.search.parser import (
    canonical_country,
    canonical_department,
    canonical_industry,
    canonical_location,
    canonical_seniority,
    canonical_technology,
    canonical_title,
    canonicalise,
    classify_title,
    merge_filters,
    normalise_prompt,
    parse_company_size,
    parse_prompt,
)

# ---- canonicalise -----------------------------------------------------------------------


def test_seed_000_filters() -> None:
    raw = {"role": "Founder", "location": "India", "company_size": "1-50", "industry": "SaaS"}
    assert canonicalise(raw) == SearchFilters(
        titles=["Founder"],
        locations=[LocationFilter(country="IN")],
        company_size=SizeRange(min=1, max=50),
        industries=["saas"],
    )


def test_seed_000_request_body_with_nested_filters() -> None:
    body = {
        "query": "SaaS founders in India",
        "filters": {"role": "Founder & CEO", "location": "Bengaluru, India"},
        "limit": 50,
    }
    filters = canonicalise(body)
    assert filters.titles == ["Founder & CEO"]
    assert filters.locations == [LocationFilter(country="IN", city="Bengaluru")]
    assert filters.unsupported is None


def test_seed_004_people_search() -> None:
    raw = {
        "job_title": "Revenue Operations",
        "seniority": "Director",
        "country": "United States",
        "skills": ["Salesforce", "forecasting"],
        "keywords": "pipeline, forecasting",
        "limit": 5,
    }
    assert canonicalise(raw) == SearchFilters(
        titles=["Revenue Operations"],
        seniorities=["director"],
        locations=[LocationFilter(country="US")],
        keywords=["Salesforce", "forecasting", "pipeline"],
    )


def test_seed_004_company_search() -> None:
    raw = {
        "technology": "AWS",
        "country": "United States",
        "industry": "Computer Software",
        "headcount": "51-200",
        "status": "verified",
    }
    assert canonicalise(raw) == SearchFilters(
        technologies=["aws"],
        locations=[LocationFilter(country="US")],
        industries=["software"],
        company_size=SizeRange(min=51, max=200),
    )


def test_seed_004_placeholder_seniority_is_reported_not_dropped() -> None:
    filters = canonicalise({"job_title": "Revenue Operations", "seniority": "..."})
    assert filters.seniorities == []
    assert filters.unsupported == "seniority: ..."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"titles": ["VPs of sales", "CTO"]}, {"titles": ["VP of Sales", "CTO"]}),
        ({"title": "CEO, CTO"}, {"titles": ["CEO", "CTO"]}),
        ({"title": "VP, Sales"}, {"titles": ["VP, Sales"]}),
        ({"seniority": ["C-level", "VP", "Head of"]}, {"seniorities": ["c_suite", "vp", "head"]}),
        ({"department": "Customer Success"}, {"departments": ["customer_success"]}),
        (
            {"function": ["Eng", "Engineering"]},
            {"departments": ["engineering"], "unsupported": "department: Eng"},
        ),
        (
            {"industry": ["Fintech", "banks", "e-commerce"]},
            {"industries": ["fintech", "banking", "ecommerce"]},
        ),
        ({"industry": "crypto"}, {"keywords": ["crypto"]}),
        (
            {"technologies": ["Amazon Web Services", "node.js", "Klaviyo"]},
            {"technologies": ["aws", "nodejs"], "keywords": ["Klaviyo"]},
        ),
        (
            {"city": "Austin", "state": "TX", "country": "US"},
            {"locations": [LocationFilter(country="US", region="US-TX", city="Austin")]},
        ),
        (
            {"city": "Portland", "state": "Maine"},
            {"locations": [LocationFilter(country="US", region="US-ME", city="Portland")]},
        ),
        (
            {"countries": ["Germany", "FR", "the UK"]},
            {
                "locations": [
                    LocationFilter(country="DE"),
                    LocationFilter(country="FR"),
                    LocationFilter(country="GB"),
                ]
            },
        ),
        (
            {"location": [{"country": "Germany", "city": "munich"}, "Atlantis"]},
            {
                "locations": [LocationFilter(country="DE", city="Munich")],
                "unsupported": "location: Atlantis",
            },
        ),
        (
            {"location": "DACH"},
            {"locations": [LocationFilter(country=c) for c in ("AT", "CH", "DE")]},
        ),
        ({"company_size": ["1,10", "11,50"]}, {"company_size": SizeRange(min=1, max=50)}),
        ({"employees": {"min": 100, "max": None}}, {"company_size": SizeRange(min=100)}),
        ({"size": [51, 200]}, {"company_size": SizeRange(min=51, max=200)}),
        ({"size": "lots of folks"}, {"unsupported": "company size: lots of folks"}),
        ({"exclude_industries": ["banking"]}, {"unsupported": "exclude_industries: banking"}),
        ({"company": "Acme", "domain": "acme.io"}, {"keywords": ["Acme", "acme.io"]}),
        ({"limit": 10, "page": 2, "query": "x", "status": "verified"}, {}),
    ],
)
def test_canonicalise_loose_values(raw: dict[str, Any], expected: dict[str, Any]) -> None:
    assert canonicalise(raw) == SearchFilters(**expected)


@pytest.mark.parametrize(
    "prompt",
    [
        "SaaS founders in India",
        "VP of Sales at fintech startups in Berlin, Germany using HubSpot not in Munich",
        "senior data scientists in Austin, TX with 51-200 employees",
        "Python developers in Palo Alto, CA",
        "founders in London, Ontario",
        "founders in Paris, Texas",
        "heads of growth at D2C brands in the Bay Area",
        "marketing directors in Zurich excluding agencies",
        "C-level executives at enterprise companies in DACH",
        "PLG companies in Southeast Asia",
    ],
)
def test_canonicalise_is_idempotent_on_parsed_filters(prompt: str) -> None:
    parsed = parse_prompt(prompt)
    assert canonicalise(parsed) == parsed
    assert canonicalise(parsed.model_dump()) == parsed


def test_canonicalise_twice_changes_nothing() -> None:
    raw = {
        "role": "founders",
        "location": "Bangalore",
        "company_size": "SMB",
        "industry": "healthtech",
        "technology": ["GCP", "k8s"],
        "seniority": "vice president",
    }
    once = canonicalise(raw)
    assert once == SearchFilters(
        titles=["Founder"],
        seniorities=["vp"],
        locations=[LocationFilter(country="IN", city="Bengaluru")],
        industries=["healthcare"],
        company_size=SizeRange(min=1, max=200),
        technologies=["gcp", "kubernetes"],
    )
    assert canonicalise(once) == once


# ---- merge_filters ----------------------------------------------------------------------


def test_merge_explicit_fields_win_one_by_one() -> None:
    parsed = parse_prompt("SaaS founders in India with 51-200 employees not agencies")
    explicit = canonicalise({"location": "Germany", "company_size": "1-50"})
    merged = merge_filters(parsed, explicit)
    assert merged.titles == ["Founder"]
    assert merged.seniorities == ["founder"]
    assert merged.industries == ["saas"]
    assert merged.locations == [LocationFilter(country="DE")]
    assert merged.company_size == SizeRange(min=1, max=50)
    assert merged.unsupported == "not agencies"


def test_merge_keeps_both_unsupported_notes() -> None:
    parsed = parse_prompt("founders not in California")
    explicit = SearchFilters(titles=["CEO"], unsupported="exclude: banks")
    merged = merge_filters(parsed, explicit)
    assert merged.titles == ["CEO"]
    assert merged.seniorities == ["founder"]
    assert merged.unsupported == "not in California; exclude: banks"


def test_merge_with_empty_explicit_is_the_parse() -> None:
    parsed = parse_prompt("CTOs in Berlin using AWS")
    assert merge_filters(parsed, SearchFilters()) == parsed
    assert merge_filters(SearchFilters(), parsed) == parsed


# ---- normalise_prompt -------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "SaaS founders in India",
        "  saas   founders in india ",
        "SaaS founders in India.",
        "SAAS FOUNDERS IN INDIA!",
        "“SaaS founders in India”",
        "ＳａａＳ founders in India",
        "SaaS\tfounders\nin India?",
    ],
)
def test_normalise_prompt_variants_share_one_cursor_key(variant: str) -> None:
    assert normalise_prompt(variant) == "saas founders in india"


def test_normalise_prompt_keeps_meaningful_symbols() -> None:
    assert normalise_prompt("C++ developers, 1000+ employees") == "c++ developers, 1000+ employees"
    assert normalise_prompt("Head of R&D – Berlin") == "head of r&d - berlin"
    assert normalise_prompt("founders in India") != normalise_prompt("founders in Indiana")


# ---- single-value helpers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("India", "IN"),
        ("IN", "IN"),
        ("IND", "IN"),
        ("USA", "US"),
        ("the States", "US"),
        ("United States of America", "US"),
        ("U.S.", "US"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("South Korea", "KR"),
        ("UAE", "AE"),
        ("Holland", "NL"),
        ("German", "DE"),
        ("Germny", "DE"),
        ("Côte d'Ivoire", "CI"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_canonical_country(text: str, code: str | None) -> None:
    assert canonical_country(text) == code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("India", [LocationFilter(country="IN")]),
        ("Bengaluru, India", [LocationFilter(country="IN", city="Bengaluru")]),
        ("Bangalore", [LocationFilter(country="IN", city="Bengaluru")]),
        ("US-CA", [LocationFilter(country="US", region="US-CA")]),
        ("California", [LocationFilter(country="US", region="US-CA")]),
        ("Austin, TX", [LocationFilter(country="US", region="US-TX", city="Austin")]),
        ("Reading", [LocationFilter(country="GB", city="Reading")]),
        ("San Francisco Bay Area", [LocationFilter(country="US", region="US-CA")]),
        ("Benelux", [LocationFilter(country=c) for c in ("BE", "LU", "NL")]),
        ("remote", []),
    ],
)
def test_canonical_location(text: str, expected: list[LocationFilter]) -> None:
    assert canonical_location(text) == expected


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("SaaS", "saas"),
        ("B2B software", "saas"),
        ("fintech", "fintech"),
        ("Banks", "banking"),
        ("e-commerce", "ecommerce"),
        ("D2C", "ecommerce"),
        ("healthtech", "healthcare"),
        ("Computer Software", "software"),
        ("Hospital & Health Care", "healthcare"),
        ("Staffing and Recruiting", "staffing"),
        ("real_estate", "real_estate"),
        ("Marketing & advertising", "marketing_advertising"),
        ("the banking industry", "banking"),
        ("crypto", None),
    ],
)
def test_canonical_industry(text: str, slug: str | None) -> None:
    assert canonical_industry(text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("AWS", "aws"),
        ("Amazon Web Services", "aws"),
        ("Google Cloud Platform", "gcp"),
        ("HubSpot", "hubspot"),
        ("Node.js", "nodejs"),
        ("golang", "go"),
        ("Ruby on Rails", "ruby_on_rails"),
        ("google_analytics", "google_analytics"),
        ("Klaviyo", None),
    ],
)
def test_canonical_technology(text: str, slug: str | None) -> None:
    assert canonical_technology(text) == slug


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1-50", SizeRange(min=1, max=50)),
        ("51-200", SizeRange(min=51, max=200)),
        ("201-1000", SizeRange(min=201, max=1000)),
        ("10000+", SizeRange(min=10000)),
        ("10,001+", SizeRange(min=10001)),
        ("1001,5000", SizeRange(min=1001, max=5000)),
        ("1,000", SizeRange(min=501, max=1000)),
        (250, SizeRange(min=201, max=500)),
        (">1000", SizeRange(min=1001)),
        ("startups", SizeRange(min=1, max=50)),
        ("SMB", SizeRange(min=1, max=200)),
        ("mid-market", SizeRange(min=201, max=1000)),
        ("enterprise", SizeRange(min=1001)),
        ("over 1000 employees", SizeRange(min=1001)),
        ("fewer than 10 people", SizeRange(min=1, max=9)),
        ("10 to 50 staff", SizeRange(min=10, max=50)),
        ("lots", None),
        (None, None),
    ],
)
def test_parse_company_size(value: str | int | None, expected: SizeRange | None) -> None:
    assert parse_company_size(value) == expected


@pytest.mark.parametrize(
    ("title", "seniority", "department"),
    [
        ("VP of Sales", "vp", "sales"),
        ("Founder & CEO", "founder", "executive"),
        ("Co-Founder & CTO", "founder", "engineering"),
        ("Senior Software Engineer", "senior", "engineering"),
        ("Head of Growth", "head", "marketing"),
        ("Engineering Manager", "manager", "engineering"),
        ("Director of Product Management", "director", "product"),
        ("Chief Revenue Officer", "c_suite", "sales"),
        ("VP, Sales", "vp", "sales"),
        ("Revenue Operations", None, "operations"),
        ("Sr. Data Analyst", "senior", "data"),
        ("Account Executive", None, "sales"),
        ("SDR", "entry", "sales"),
        ("Marketing Intern", "entry", "marketing"),
        ("Owner", "owner", None),
        ("Managing Partner", "partner", None),
        ("Astronaut", None, None),
    ],
)
def test_classify_title(title: str, seniority: str | None, department: str | None) -> None:
    assert classify_title(title) == (seniority, department)


def test_small_canonical_helpers() -> None:
    assert canonical_title("heads of growth") == "Head of Growth"
    assert canonical_title("Founder & CEO") == "Founder & CEO"
    assert canonical_seniority("C-Suite") == "c_suite"
    assert canonical_seniority("wizard") is None
    assert canonical_department("People Ops") == "hr"
    assert canonical_department("customer_success") == "customer_success"
