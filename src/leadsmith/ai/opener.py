"""The outreach opener (`ai_message`): one short first line built only from lead facts.

Without an LLM it is a template over the lead's name, role, company and (when given)
a dated signal with its source. With one, the LLM writes the line from the same facts
and its line is kept only when every name, number and event in it is grounded;
otherwise the template is used. Lines are cached per lead (and signal).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from typing import Any

from pydantic import BaseModel, Field

from leadsmith.ai.grounding import FactSheet, is_grounded
from leadsmith.ai.llm import LLMClient, LLMError
from leadsmith.sources.records import PersonRecord

MAX_CACHED = 10_000
_cache: OrderedDict[str, str] = OrderedDict()


def _text(lead: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = lead.get(key)
        if isinstance(value, dict):  # {"company": {"name": ...}}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def lead_facts(lead: dict[str, Any]) -> dict[str, str | None]:
    """The facts of a lead an opener may use."""
    name = _text(lead, "name", "full_name")
    first = _text(lead, "first_name") or (name.split(" ")[0] if name else None)
    return {
        "first_name": first,
        "name": name,
        "role": _text(lead, "role", "title", "job_title"),
        "company": _text(lead, "company", "company_name"),
        "location": _text(lead, "location", "city", "country"),
        "industry": _text(lead, "industry"),
    }


def lead_from_person(person: PersonRecord) -> dict[str, Any]:
    """A search result's person as the lead dict `outreach_opener` takes."""
    company = person.company
    place = ", ".join(p for p in (person.city, person.country) if p) or None
    return {
        "name": person.full_name or f"{person.first_name} {person.last_name}".strip(),
        "first_name": person.first_name,
        "title": person.title,
        "company": company.name if company else None,
        "location": place,
        "industry": company.industry if company else None,
    }


def signal_facts(signal: dict[str, Any] | None) -> list[str]:
    """The words of a signal (its statement, title, date, kind and source)."""
    if not signal:
        return []
    keys = ("signal", "title", "date", "published", "kind", "source", "detail")
    return [str(signal[k]) for k in keys if signal.get(k)]


def template_opener(lead: dict[str, Any], signal: dict[str, Any] | None = None) -> str:
    """The no-LLM opener: the lead's own facts in a fixed sentence."""
    f = lead_facts(lead)
    hello = f"Hi {f['first_name']}," if f["first_name"] else "Hi,"
    company, role = f["company"], f["role"]
    headline = (signal or {}).get("title")
    if headline and company and (signal or {}).get("kind") == "hiring":
        tail = f" and thought of you as {role}." if role else "."
        return f'{hello} I saw {company} is hiring for "{headline}"{tail}'
    if headline and company:
        when = (signal or {}).get("date") or (signal or {}).get("published")
        dated = f" ({when})" if when else ""
        return f'{hello} I read "{headline}"{dated} and thought of {company}.'
    if role and company:
        return f"{hello} I'm writing to you as {role} at {company}. May I share a short idea?"
    if company:
        return f"{hello} I came across {company} and wanted to share a short idea."
    if role:
        return f"{hello} I'm writing to you as {role}. May I share a short idea?"
    return f"{hello} may I share a short idea?"


class _Opener(BaseModel):
    opener: str = Field(max_length=300)


def _cache_key(lead: dict[str, Any], signal: dict[str, Any] | None, model: str) -> str:
    facts = {"lead": lead_facts(lead), "signal": signal_facts(signal), "model": model}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def facts_sheet(lead: dict[str, Any], signal: dict[str, Any] | None = None) -> FactSheet:
    """What an opener for this lead may mention."""
    return FactSheet([*lead_facts(lead).values(), *signal_facts(signal)])


async def outreach_opener(
    lead: dict[str, Any],
    *,
    signal: dict[str, Any] | None = None,
    llm: LLMClient | None = None,
    workspace_id: str | None = None,
) -> str:
    """A short first line for `lead` from its facts only (LLM-written when one is set)."""
    key = _cache_key(lead, signal, llm.model if llm else "template")
    cached = _cache.get(key)
    if cached is not None:
        _cache.move_to_end(key)
        return cached
    line = template_opener(lead, signal)
    if llm is not None:
        line = await _llm_opener(lead, signal, llm, workspace_id) or line
    _cache[key] = line
    while len(_cache) > MAX_CACHED:
        _cache.popitem(last=False)
    return line


async def _llm_opener(
    lead: dict[str, Any], signal: dict[str, Any] | None, llm: LLMClient, workspace_id: str | None
) -> str | None:
    facts = {k: v for k, v in lead_facts(lead).items() if v}
    prompt = (
        "Write the first line of a cold email (one or two sentences, under 40 words) to this"
        " person. Use only these facts; never add a company, number, product, event or"
        " achievement that is not listed.\n"
        f"Facts: {json.dumps(facts, ensure_ascii=False)}\n"
        f"Signal: {json.dumps(signal_facts(signal), ensure_ascii=False) if signal else 'none'}"
    )
    try:
        answer = await llm.structured(
            [{"role": "user", "content": prompt}],
            _Opener,
            purpose="opener",
            workspace_id=workspace_id,
        )
    except LLMError:
        return None
    line = " ".join(answer.opener.split())
    if line and is_grounded(line, facts_sheet(lead, signal)):
        return line
    return None


def clear_cache() -> None:
    """Forget cached openers (tests)."""
    _cache.clear()
