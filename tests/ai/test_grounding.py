"""Every sentence of an opener or a reason traces back to an input fact, with or without an LLM."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from leadsmith.ai.grounding import FactSheet, sentences, ungrounded
from leadsmith.ai.icp import ICP
from leadsmith.ai.llm import LLMClient
from leadsmith.ai.opener import facts_sheet, outreach_opener, template_opener
from leadsmith.ai.qualify import CompanyFacts, PersonFacts, assess, fact_sheet, score_fit
from tests.fakes.llm import FakeLLM

LEADS: list[dict[str, Any]] = [
    {"name": "Priya Sharma", "role": "Founder & CEO", "company": "Acme SaaS",
     "location": "Bengaluru, India", "industry": "SaaS"},
    {"first_name": "Jonas", "title": "Head of Operations", "company": "Müller GmbH"},
    {"name": "Ana Lima", "company": "Globex"},
    {"name": "Wei Chen", "role": "VP Engineering"},
    {"company": "Initech"},
]  # fmt: skip
SIGNAL = {"kind": "funding", "title": "Acme raises $20M Series B", "date": "2026-10-01",
          "source": "https://acme.test/blog/series-b"}  # fmt: skip
ICP_ = ICP(industries=["saas"], sizes=["11-200"], countries=["US"], seniorities=["vp"],
           technologies=["hubspot"])  # fmt: skip
COMPANIES = [
    CompanyFacts(name="Acme", industry="saas", employees=50, country="US"),
    CompanyFacts(name="Globex", industry="retail", employees=5000, country="FR",
                 technologies=["hubspot"]),
    CompanyFacts(name="Initech"),
]  # fmt: skip
INVENTIONS = [
    "Hi Priya, congrats on Acme SaaS closing a $45M Series C last week!",
    "Hi Priya, I saw you spoke at SaaStr about scaling to 300 people.",
    "Hi Priya, as Founder & CEO at Acme SaaS you must be thrilled about the acquisition.",
    "Hi Priya, Acme SaaS was just named a Gartner leader.",
]


def _answer(key: str, line: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda _: {key: line}


def test_grounding_catches_invented_names_numbers_and_events() -> None:
    facts = facts_sheet(LEADS[0])
    for line in INVENTIONS:
        assert ungrounded(line, facts), line
    assert not ungrounded("Hi Priya, as Founder & CEO at Acme SaaS, a quick idea?", facts)


@pytest.mark.parametrize("signal", [None, SIGNAL])
@pytest.mark.parametrize("lead", LEADS)
def test_template_opener_is_grounded(lead: dict[str, Any], signal: dict[str, Any] | None) -> None:
    line = template_opener(lead, signal)
    sheet = facts_sheet(lead, signal)
    for sentence in sentences(line):
        assert not ungrounded(sentence, sheet), (sentence, ungrounded(sentence, sheet))


@pytest.mark.parametrize("company", COMPANIES)
@pytest.mark.parametrize("person", [None, PersonFacts.of("John Doe", "VP Sales")])
def test_template_reason_is_grounded(company: CompanyFacts, person: PersonFacts | None) -> None:
    fit = score_fit(ICP_, company, person)
    sheet = FactSheet([*company.fact_texts(), *(person.fact_texts() if person else []),
                       *ICP_.describe().values()])  # fmt: skip
    for sentence in sentences(fit.reason):
        assert not ungrounded(sentence, sheet), (sentence, ungrounded(sentence, sheet))


async def test_llm_opener_kept_when_grounded_and_replaced_when_invented(
    fake_llm: FakeLLM, llm: LLMClient
) -> None:
    lead = LEADS[0]
    fake_llm.script(lambda _: {"opener": "Hi Priya, as Founder & CEO of Acme SaaS, quick idea?"})
    assert await outreach_opener(lead, llm=llm) == (
        "Hi Priya, as Founder & CEO of Acme SaaS, quick idea?"
    )
    for invented in INVENTIONS:
        fake_llm.script(_answer("opener", invented))
        line = await outreach_opener(lead, signal={"kind": "news", "title": invented[:5]},
                                     llm=llm)  # fmt: skip
        assert line == template_opener(lead, {"kind": "news", "title": invented[:5]})
        assert not ungrounded(line, facts_sheet(lead, {"kind": "news", "title": invented[:5]}))


async def test_opener_is_cached_per_lead(fake_llm: FakeLLM, llm: LLMClient) -> None:
    fake_llm.script(lambda _: {"opener": "Hi Ana, a short idea for Globex?"})
    first = await outreach_opener(LEADS[2], llm=llm)
    again = await outreach_opener(dict(LEADS[2]), llm=llm)
    assert first == again == "Hi Ana, a short idea for Globex?"
    assert len(fake_llm.requests) == 1
    # A broken LLM falls back to the template.
    fake_llm.status = 500
    assert await outreach_opener(LEADS[3], llm=llm) == template_opener(LEADS[3])


@pytest.mark.parametrize("company", COMPANIES)
async def test_llm_reason_is_grounded_or_replaced(
    fake_llm: FakeLLM, llm: LLMClient, company: CompanyFacts
) -> None:
    person = PersonFacts.of("John Doe", "VP Sales")
    rules = score_fit(ICP_, company, person)
    sheet = fact_sheet(ICP_, company, person, rules.criteria)
    for invented in [
        f"{company.name} raised a $30M Series C and fits your ICP on industry and size.",
        f"{company.name} is a fast-growing Stripe customer with 75 engineers.",
    ]:
        fake_llm.script(_answer("reason", invented))
        fit = await assess(ICP_, company, person, llm=llm)
        assert fit.reason == rules.reason and fit.reason_source == "rules"
        assert fit.fit_score == rules.fit_score
        assert not ungrounded(fit.reason, sheet)


async def test_search_result_person_becomes_a_lead() -> None:
    from leadsmith.ai.opener import lead_from_person
    from leadsmith.sources.records import CompanyRecord, PersonRecord

    person = PersonRecord(
        first_name="Priya", last_name="Sharma", title="Founder & CEO", city="Bengaluru",
        country="IN", company=CompanyRecord(name="Acme SaaS", industry="saas"),
    )  # fmt: skip
    line = await outreach_opener(lead_from_person(person))
    assert line.startswith("Hi Priya,") and "Founder & CEO at Acme SaaS" in line
