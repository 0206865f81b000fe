"""Regions are ISO 3166-2 codes in the filters and in the index; rows stored with region
names before that still match, on SQLite's FTS5 and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from leadsmith.db.engine import session_scope
from leadsmith.search import index, ranking
from leadsmith.search.filters import LocationFilter, SearchFilters
from leadsmith.search.index_import import import_csv
from leadsmith.search.models import IndexPerson
from leadsmith.search.parser import (
    canonical_region,
    canonicalise,
    parse_prompt,
    region_label,
    region_spellings,
)
from leadsmith.sources.records import PersonRecord
from tests.factories import make_caller


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("CTOs in California", [("US", "US-CA")]),
        ("founders in Maharashtra", [("IN", "IN-MH")]),
        ("VPs of Sales in Bavaria", [("DE", "DE-BY")]),
        ("CEOs in Texas and Karnataka", [("US", "US-TX"), ("IN", "IN-KA")]),
        ("marketing heads in Ontario, Canada", [("CA", "CA-ON")]),
    ],
)
def test_prompt_regions_are_iso_3166_2(prompt: str, expected: list[tuple[str, str]]) -> None:
    found = parse_prompt(prompt).locations
    assert [(loc.country, loc.region, loc.city) for loc in found] == [
        (country, region, None) for country, region in expected
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"state": "Maharashtra"}, ("IN", "IN-MH")),
        ({"region": "CA", "country": "United States"}, ("US", "US-CA")),
        ({"region": "Bayern", "country": "Germany"}, ("DE", "DE-BY")),
        # Subdivisions the prompt gazetteer leaves out come from pycountry.
        ({"state": "Hamburg", "country": "DE"}, ("DE", "DE-HH")),
        ({"region": "Noord-Holland", "country": "NL"}, ("NL", "NL-NH")),
        ({"region": "Zurich", "country": "Switzerland"}, ("CH", "CH-ZH")),
    ],
)
def test_explicit_regions_are_iso_3166_2(value: dict[str, str], expected: tuple[str, str]) -> None:
    [loc] = canonicalise({"location": value}).locations
    assert (loc.country, loc.region) == expected


def test_canonical_region_needs_a_country_for_codes_and_shared_names() -> None:
    assert canonical_region("Mahārāshtra") == "IN-MH"
    assert canonical_region("CA", "US") == "US-CA" and canonical_region("CA", "CA") is None
    assert canonical_region("CA") is None  # California, or Cádiz?
    assert canonical_region("Limburg") is None  # Belgium and the Netherlands both have one
    assert canonical_region("Limburg", "NL") == "NL-LI"
    assert canonical_region("US-CA", "IN") is None
    assert canonical_region("Atlantis", "US") is None
    assert region_label("US-CA") == "California" and region_label("Greater Nowhere") == (
        "Greater Nowhere"
    )
    assert {"US-CA", "CA", "California", "bay area"} <= set(region_spellings("US-CA"))


PEOPLE = "\n".join(
    [
        "First Name,Last Name,Job Title,Email,Company,Country,State,City",
        "Ava,Reed,VP Sales,ava@reed.io,Reed,United States,California,Palo Alto",
        "Ben,Cole,VP Sales,ben@cole.io,Cole,US,TX,Austin",
        "Chitra,Iyer,VP Sales,chitra@iyer.in,Iyer,India,Maharashtra,Pune",
        "Dev,Rao,VP Sales,dev@rao.in,Rao,,Karnataka,Bengaluru",
        "Eva,Wolf,VP Sales,eva@wolf.de,Wolf,Germany,Bayern,",
        "Finn,Moss,VP Sales,finn@moss.io,Moss,US,Narnia,",
    ]
)


async def _emails(workspace_id: str, filters: SearchFilters) -> set[str]:
    async with session_scope() as session:
        rows, _more = await index.search_people(session, workspace_id, filters, offset=0, limit=50)
    return {r.email for r in rows if r.email}


def _by_region(region: str, country: str | None = None, *, titled: bool) -> SearchFilters:
    # With a title the full-text engine (FTS5 / tsvector) runs; without, plain columns.
    return SearchFilters(
        titles=["VP Sales"] if titled else [],
        locations=[LocationFilter(country=country or region[:2], region=region)],
    )


@pytest.mark.parametrize("titled", [False, True])
async def test_region_filters_match_codes_and_names(titled: bool) -> None:
    caller = await make_caller()
    async with session_scope() as session:
        report = await import_csv(session, caller.workspace_id, PEOPLE)
        assert report.imported == 6, report.errors
        # A row stored by name, as imports did before regions were normalised.
        await session.execute(
            insert(IndexPerson),
            [
                {
                    "workspace_id": caller.workspace_id,
                    "first_name": "Gia",
                    "last_name": "Shah",
                    "full_name": "Gia Shah",
                    "title": "VP Sales",
                    "email": "gia@shah.in",
                    "country": "IN",
                    "region": "maharashtra",
                    "search_text": "Gia Shah VP Sales zzcin",
                }
            ],
        )
    ws = caller.workspace_id
    assert await _emails(ws, _by_region("US-CA", titled=titled)) == {"ava@reed.io"}
    assert await _emails(ws, _by_region("US-TX", titled=titled)) == {"ben@cole.io"}
    assert await _emails(ws, _by_region("IN-MH", titled=titled)) == {
        "chitra@iyer.in",
        "gia@shah.in",
    }
    # A region with no country on the row: the code gives the row its country.
    assert await _emails(ws, _by_region("IN-KA", titled=titled)) == {"dev@rao.in"}
    assert await _emails(ws, _by_region("DE-BY", titled=titled)) == {"eva@wolf.de"}
    # The filter given as a name (region filters may be names) matches the same rows.
    assert await _emails(ws, _by_region("Maharashtra", "IN", titled=titled)) == {
        "chitra@iyer.in",
        "gia@shah.in",
    }
    # An unknown region is kept as written and matched as written.
    assert await _emails(ws, _by_region("Narnia", "US", titled=titled)) == {"finn@moss.io"}


async def test_imported_regions_are_stored_as_codes() -> None:
    caller = await make_caller()
    async with session_scope() as session:
        await import_csv(session, caller.workspace_id, PEOPLE)
        rows, _ = await index.search_people(
            session, caller.workspace_id, SearchFilters(), offset=0, limit=10
        )
    assert {r.email: (r.country, r.region) for r in rows} == {
        "ava@reed.io": ("US", "US-CA"),
        "ben@cole.io": ("US", "US-TX"),
        "chitra@iyer.in": ("IN", "IN-MH"),
        "dev@rao.in": ("IN", "IN-KA"),
        "eva@wolf.de": ("DE", "DE-BY"),
        "finn@moss.io": ("US", "Narnia"),
    }


def test_ranking_reads_regions_by_code_or_name() -> None:
    filters = SearchFilters(locations=[LocationFilter(country="US", region="US-CA")])
    named = PersonRecord("Ava", "Reed", country="US", region="California")
    coded = PersonRecord("Ava", "Reed", country="US", region="US-CA")
    elsewhere = PersonRecord("Ben", "Cole", country="US", region="Texas")
    unknown = PersonRecord("Cy", "Lee", country="US")
    scores = [ranking.score(p, filters) for p in (named, coded, elsewhere, unknown)]
    assert scores[0] == scores[1] == scores[3] > scores[2]
