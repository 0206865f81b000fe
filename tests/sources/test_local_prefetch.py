"""The workspace index read ahead for a bulk chunk answers exactly as single lookups do."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import make_caller

from leadsmith.db.engine import session_scope
from leadsmith.search.models import IndexPerson
from leadsmith.sources import local
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.local import LocalSource


async def _person(workspace_id: str, first: str, last: str, domain: str, email: str) -> None:
    async with session_scope() as session:
        session.add(
            IndexPerson(
                workspace_id=workspace_id,
                first_name=first,
                last_name=last,
                full_name=f"{first} {last}",
                email=email,
                company_domain=domain,
            )
        )


QUERIES = [
    PersonQuery(first_name="Ann", last_name="Lee", domain="acme.com"),
    PersonQuery(first_name="ANN", last_name="lee", domain="acme.com"),
    PersonQuery(first_name="Zoë", last_name="Müller", domain="fjord.no"),
    PersonQuery(first_name="ZOË", last_name="MÜLLER", domain="fjord.no"),
    PersonQuery(first_name="Bob", last_name="Lee", domain="acme.com"),
    PersonQuery(first_name="Ann", last_name="Lee", domain="other.com"),
    PersonQuery(first_name="Ann", last_name="Lee", company_name="Acme"),
    PersonQuery(email="ann@acme.com"),
]


async def test_prefetched_answers_equal_single_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    caller = await make_caller()
    ws = caller.workspace_id
    await _person(ws, "Ann", "Lee", "acme.com", "ann@acme.com")
    await _person(ws, "Ann", "Lee", "acme.com", "ann.second@acme.com")  # higher id: not chosen
    await _person(ws, "Zoë", "Müller", "fjord.no", "zoe@fjord.no")
    single = [await LocalSource(ws).enrich_person(q) for q in QUERIES]
    assert single[0] is not None and single[0].email == "ann@acme.com"
    assert single[2] is not None and single[2].email == "zoe@fjord.no"

    ahead = LocalSource(ws)
    await ahead.prefetch_people(QUERIES)
    reads = 0
    real_scope = local.read_scope

    def counting_scope() -> Any:
        nonlocal reads
        reads += 1
        return real_scope()

    monkeypatch.setattr(local, "read_scope", counting_scope)
    answered = [await ahead.enrich_person(q) for q in QUERIES]
    assert [p.email if p else None for p in answered] == [p.email if p else None for p in single]
    # Name-at-domain questions came from the prefetch; the others were asked one by one,
    # once each: a second ask of the same question is served from memory.
    assert reads == 2
    await ahead.enrich_person(QUERIES[-1])
    assert reads == 2


async def test_index_companies_resolve_names_to_domains() -> None:
    from leadsmith.search.models import IndexCompany

    caller = await make_caller()
    other = await make_caller()
    async with session_scope() as session:
        for ws, name, domain in (
            (caller.workspace_id, "Acme GmbH", "acme.de"),
            (caller.workspace_id, "Acme", "acme.com"),
            (caller.workspace_id, "Acme Robotics", "acmerobotics.com"),
            (caller.workspace_id, "Nameless", None),
            (other.workspace_id, "Globex", "globex.com"),
        ):
            session.add(
                IndexCompany(workspace_id=ws, name=name, domain=domain, search_text=name.lower())
            )
    source = LocalSource(caller.workspace_id)
    assert await source.domain_for_company("ACME") == [("acme.com", 95), ("acme.de", 85)]
    assert await source.domain_for_company("Acme Robotics, Inc.") == [("acmerobotics.com", 85)]
    assert await source.domain_for_company("Globex") == []  # another workspace's company
    assert await source.domain_for_company("Nameless") == []
    assert await source.domain_for_company("  ") == []
