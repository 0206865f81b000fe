"""Parsing LinkedIn search results, building discovery queries, inferring seniority."""

from __future__ import annotations

import pytest

from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.sources.linkedin_titles import (
    build_people_queries,
    department_from_title,
    linkedin_profile_url,
    parse_linkedin_result,
    seniority_from_title,
)

URL = "https://www.linkedin.com/in/janedoe"
CANONICAL = "https://www.linkedin.com/in/janedoe"

# (title, snippet) -> (first, last, title, company)
VARIANTS: list[tuple[str, str, tuple[str, str, str | None, str | None]]] = [
    ("Jane Doe - VP Sales - Acme | LinkedIn", "", ("Jane", "Doe", "VP Sales", "Acme")),
    ("Jane Doe – Head of Growth at Acme – LinkedIn", "", ("Jane", "Doe", "Head of Growth", "Acme")),
    ("Jane Doe | LinkedIn", "", ("Jane", "Doe", None, None)),
    ("Jane Doe - LinkedIn", "", ("Jane", "Doe", None, None)),
    ("Jane Doe - Acme | LinkedIn", "", ("Jane", "Doe", None, "Acme")),
    ("Jane Doe - Acme Inc. | LinkedIn", "", ("Jane", "Doe", None, "Acme Inc.")),
    ("Jane Doe - VP Sales at Acme | LinkedIn", "", ("Jane", "Doe", "VP Sales", "Acme")),
    ("Jane Doe — CTO — Acme | LinkedIn", "", ("Jane", "Doe", "CTO", "Acme")),
    ("Jane Doe · Head of Sales · Acme", "", ("Jane", "Doe", "Head of Sales", "Acme")),
    (
        "Jane Doe, MBA - Director of Marketing - Globex | LinkedIn",
        "",
        ("Jane", "Doe", "Director of Marketing", "Globex"),
    ),
    (
        "Dr. Jane Doe - Chief Medical Officer - Initech | LinkedIn",
        "",
        ("Jane", "Doe", "Chief Medical Officer", "Initech"),
    ),
    ("JANE DOE - CTO - ACME | LinkedIn", "", ("Jane", "Doe", "CTO", "ACME")),
    (
        "Jane van der Berg – Senior Software Engineer – Booking.com | LinkedIn",
        "",
        ("Jane", "van der Berg", "Senior Software Engineer", "Booking.com"),
    ),
    (
        "Mary-Jane O'Neil - Founder & CEO - Rocket Labs 🚀 | LinkedIn",
        "",
        ("Mary-Jane", "O'Neil", "Founder & CEO", "Rocket Labs"),
    ),
    (
        "Jane Doe - Vice President of Sales and Marketing - Acme Corporati...",
        "",
        ("Jane", "Doe", "Vice President of Sales and Marketing", None),
    ),
    (
        "Jane Doe - LinkedIn",
        "VP Sales at Acme · Experience: Acme Corp · Location: San Francisco Bay Area",
        ("Jane", "Doe", "VP Sales", "Acme"),
    ),
    (
        "Jane Doe - Acme | LinkedIn",
        "Experience: Acme · Location: Paris, Île-de-France, France · 500+ connections",
        ("Jane", "Doe", None, "Acme"),
    ),
    (
        "Jane Doe – Directrice commerciale – Acme SAS | LinkedIn",
        "",
        ("Jane", "Doe", "Directrice commerciale", "Acme SAS"),
    ),
    (
        "<strong>Jane Doe</strong> - VP Sales - Acme | LinkedIn",
        "",
        ("Jane", "Doe", "VP Sales", "Acme"),
    ),
    (
        "Jane Doe - Greater New York City Area | Professional Profile | LinkedIn",
        "",
        ("Jane", "Doe", None, None),
    ),
    (
        "Jane Doe - Sales Manager - Acme - London, England, United Kingdom | LinkedIn",
        "",
        ("Jane", "Doe", "Sales Manager", "Acme"),
    ),
]


@pytest.mark.parametrize(
    ("title", "snippet", "expected"), VARIANTS, ids=[v[0][:48] for v in VARIANTS]
)
def test_title_variants(
    title: str, snippet: str, expected: tuple[str, str, str | None, str | None]
) -> None:
    person = parse_linkedin_result(title, URL, snippet)
    assert person is not None
    company = person.company.name if person.company else None
    assert (person.first_name, person.last_name, person.title, company) == expected
    assert person.linkedin_url == CANONICAL
    assert [(p.source, p.url) for p in person.provenance] == [("search_engine", URL)]


def test_locations_from_the_title_and_the_snippet() -> None:
    london = parse_linkedin_result(
        "Jane Doe - Sales Manager - Acme - London, England, United Kingdom | LinkedIn", URL
    )
    assert london is not None
    assert (london.country, london.region, london.city) == ("GB", "England", "London")
    paris = parse_linkedin_result(
        "Jane Doe - Acme | LinkedIn", URL, "Location: Paris, Île-de-France, France"
    )
    assert paris is not None and (paris.country, paris.city) == ("FR", "Paris")
    nyc = parse_linkedin_result("Jane Doe - Greater New York City Area | LinkedIn", URL)
    assert nyc is not None and nyc.city == "New York City"


def test_seniority_and_department_come_from_the_title() -> None:
    person = parse_linkedin_result("Jane Doe - VP Sales - Acme | LinkedIn", URL)
    assert person is not None
    assert (person.seniority, person.department) == ("vp", "sales")


@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("Jane Doe on LinkedIn: We are hiring!", "https://www.linkedin.com/posts/janedoe_123"),
        ("Jane Doe - VP Sales - Acme | LinkedIn", "https://www.linkedin.com/company/acme"),
        ("Jane Doe - VP Sales - Acme | LinkedIn", "https://www.linkedin.com/pub/dir/jane/doe"),
        ("Jane Doe - VP Sales - Acme | LinkedIn", "https://linkedin.com.evil.example/in/janedoe"),
        ("Jane Doe - VP Sales - Acme | LinkedIn", "ftp://www.linkedin.com/in/janedoe"),
        ("Jane D. - VP Sales - Acme | LinkedIn", URL),  # surname hidden: nothing to find
        ("Jane | LinkedIn", URL),
        ("Top 10 VP Sales in Berlin | LinkedIn", URL),
        ("", URL),
    ],
)
def test_results_that_are_not_usable_profiles(title: str, url: str) -> None:
    assert parse_linkedin_result(title, url) is None


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.linkedin.com/in/janedoe", CANONICAL),
        ("http://linkedin.com/in/janedoe/", CANONICAL),
        ("https://in.linkedin.com/in/JaneDoe?trk=public_profile", CANONICAL),
        ("https://uk.linkedin.com/in/janedoe/en", CANONICAL),
        (
            "https://de.linkedin.com/in/jane-doe-4b1a2c3",
            "https://www.linkedin.com/in/jane-doe-4b1a2c3",
        ),
        (
            "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa",
            "https://www.linkedin.com/in/jos%C3%A9-garc%C3%ADa",
        ),
        ("https://www.linkedin.com/company/acme", None),
        ("https://www.linkedin.com/in/", None),
        ("not a url", None),
    ],
)
def test_profile_urls(url: str, canonical: str | None) -> None:
    assert linkedin_profile_url(url) == canonical


@pytest.mark.parametrize(
    ("title", "seniority", "department"),
    [
        ("Co-Founder & CEO", "founder", "executive"),
        ("Chief Revenue Officer", "c_suite", "sales"),
        ("President", "c_suite", "executive"),
        ("Vice President, Engineering", "vp", "engineering"),
        ("SVP Marketing", "vp", "marketing"),
        ("Head of Customer Success", "head", "customer_success"),
        ("Director of Product", "director", "product"),
        ("Engineering Manager", "manager", "engineering"),
        ("Senior Data Scientist", "senior", "data"),
        ("Sales Development Representative", None, "sales"),
        ("Marketing Intern", "entry", "marketing"),
        ("Managing Partner", "partner", None),
        ("Partner Manager", "manager", None),
        ("Owner", "owner", "executive"),
        ("Talent Acquisition Lead", "senior", "hr"),
        ("General Counsel", None, "legal"),
    ],
)
def test_seniority_and_department_from_titles(
    title: str, seniority: str | None, department: str | None
) -> None:
    assert seniority_from_title(title) == seniority
    assert department_from_title(title) == department


def test_queries_from_titles_places_and_industries() -> None:
    queries = build_people_queries(
        SearchFilters(
            titles=["VP Sales", "CRO"],
            locations=[
                LocationFilter(country="US", region="US-CA"),
                LocationFilter(country="DE", city="Berlin"),
            ],
            industries=["saas", "fintech"],
            keywords=["series b"],
        )
    )
    assert queries == [
        'site:linkedin.com/in "VP Sales" California (SaaS OR Fintech) "series b"',
        'site:linkedin.com/in "VP Sales" Berlin (SaaS OR Fintech) "series b"',
        'site:linkedin.com/in CRO California (SaaS OR Fintech) "series b"',
        'site:linkedin.com/in CRO Berlin (SaaS OR Fintech) "series b"',
    ]


def test_queries_from_seniority_and_department_words() -> None:
    queries = build_people_queries(
        SearchFilters(
            seniorities=["vp", "c_suite", "head"],
            departments=["sales"],
            locations=[LocationFilter(country="GB")],
        )
    )
    assert queries == [
        'site:linkedin.com/in VP Sales "United Kingdom"',
        'site:linkedin.com/in CRO "United Kingdom"',
        'site:linkedin.com/in Head of Sales "United Kingdom"',
    ]


def test_queries_are_bounded_and_empty_filters_ask_nothing() -> None:
    many = SearchFilters(titles=[f"Title {i}" for i in range(10)])
    assert len(build_people_queries(many, max_queries=4)) == 4
    assert build_people_queries(SearchFilters()) == []
    assert build_people_queries(SearchFilters(industries=["real_estate"])) == [
        'site:linkedin.com/in "Real estate"'
    ]
