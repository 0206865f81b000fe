"""Industries: "SaaS", "fintechs", "banks", "e-commerce", "D2C brands", "healthtech"."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from leadsmith.search.parser.text import PhraseIndex, Prompt, fold, phrase_key, with_plurals
from leadsmith.taxonomy import INDUSTRIES
from leadsmith.taxonomy.synonyms import INDUSTRY_CASE_SENSITIVE, INDUSTRY_SYNONYMS


@lru_cache(maxsize=1)
def industry_index() -> PhraseIndex[str]:
    """Every industry phrase and its plural -> industry slug."""
    index: PhraseIndex[str] = PhraseIndex()
    for slug, phrases in INDUSTRY_SYNONYMS.items():
        for phrase in phrases:
            for form in with_plurals(phrase):
                index.add(form, slug)
    for slug, display in INDUSTRIES.items():
        index.add(display, slug)
        index.add(slug.replace("_", " "), slug)
    return index


def canonical_industry(text: str) -> str | None:
    """The industry slug a name or synonym means ("B2B software" -> "saas"), else None."""
    raw = fold(text).strip()
    if raw in INDUSTRIES:
        return raw
    index = industry_index()
    found = index.get(phrase_key(text))
    if found is not None:
        return found
    # "fintech companies", "the banking industry": one industry phrase among filler words.
    prompt = Prompt.of(text)
    slugs = extract_industries(prompt)
    return slugs[0] if len(slugs) == 1 else None


def industry_at(prompt: Prompt, i: int) -> tuple[int, str] | None:
    """An industry phrase starting at token i: (token count, slug)."""
    hit = industry_index().match(prompt.tokens, i)
    if hit is None:
        return None
    n, _slug = hit
    cased = INDUSTRY_CASE_SENSITIVE.get(prompt.tokens[i].key)
    if n == 1 and cased is not None and not prompt.tokens[i].text.startswith(cased):
        return None
    return hit


def extract_industries(
    prompt: Prompt, *, only: Callable[[Prompt, int, int], bool] | None = None
) -> list[str]:
    """Consume industry mentions and return their slugs in order of appearance.

    `only(prompt, start, count)` limits the pass to some phrases (see `parse_prompt`).
    """
    found: list[str] = []
    i = 0
    while i < len(prompt.tokens):
        tok = prompt.tokens[i]
        hit = None if tok.used or tok.kind == "punct" else industry_at(prompt, i)
        if hit is None or (only is not None and not only(prompt, i, hit[0])):
            i += 1
            continue
        n, slug = hit
        prompt.mark(i, i + n)
        if slug not in found:
            found.append(slug)
        i += n
    return found
