"""Technologies a company uses: "using Shopify", "on AWS", "with HubSpot", "React shops"."""

from __future__ import annotations

from functools import lru_cache

from leadsmith.search.parser.text import PhraseIndex, Prompt, fold, phrase_key
from leadsmith.taxonomy import TECHNOLOGIES
from leadsmith.taxonomy.synonyms import (
    TECH_CUES,
    TECH_NEEDS_CAPITAL,
    TECH_NEEDS_CUE,
    TECH_STACK_NOUNS,
    TECHNOLOGY_SYNONYMS,
)

_LIST_SEPARATORS = frozenset({",", "and", "or", "&", "/", "+"})
# Before these a company name, not a stack, follows: "CTOs at HubSpot".
_EMPLOYER_WORDS = frozenset({"at", "for", "from", "ex", "joined", "like"})


@lru_cache(maxsize=1)
def technology_index() -> PhraseIndex[str]:
    """Every technology phrase (synonyms, slugs, display names) -> technology slug."""
    index: PhraseIndex[str] = PhraseIndex()
    for slug, phrases in TECHNOLOGY_SYNONYMS.items():
        for phrase in phrases:
            index.add(phrase, slug)
    for slug, display in TECHNOLOGIES.items():
        index.add(display, slug)
        index.add(slug.replace("_", " "), slug)
    return index


@lru_cache(maxsize=1)
def _cue_index() -> PhraseIndex[bool]:
    index: PhraseIndex[bool] = PhraseIndex()
    for cue in TECH_CUES:
        index.add(tuple(cue), True)
    return index


def canonical_technology(text: str) -> str | None:
    """The technology slug a name or synonym means ("Amazon Web Services" -> "aws")."""
    raw = fold(text).strip()
    if raw in TECHNOLOGIES:
        return raw
    return technology_index().get(phrase_key(text))


def technology_at(prompt: Prompt, i: int, *, cued: bool) -> tuple[int, str] | None:
    """A technology starting at token i, if it counts there: (token count, slug).

    Names that are also plain words ("react", "go", "segment") count only after a cue
    or before a stack noun ("React shops").
    """
    hit = technology_index().match(prompt.tokens, i)
    if hit is None:
        return None
    n, slug = hit
    tok = prompt.tokens[i]
    ambiguous = n == 1 and tok.key in TECH_NEEDS_CUE
    if ambiguous and tok.key in TECH_NEEDS_CAPITAL and not tok.text[:1].isupper():
        return None
    if ambiguous and not cued and prompt.key(i + n) not in TECH_STACK_NOUNS:
        return None
    return n, slug


def extract_technologies(prompt: Prompt) -> list[str]:
    """Consume technology mentions and return their slugs in order of appearance."""
    found: list[str] = []
    tokens = prompt.tokens
    cues = _cue_index()
    i = 0
    while i < len(tokens):
        if tokens[i].used or tokens[i].kind == "punct":
            i += 1
            continue
        cue = cues.match(tokens, i)
        if cue is not None:
            end = _technology_list(prompt, i + cue[0], found)
            if end > i + cue[0]:
                prompt.mark(i, end)
                i = end
                continue
        if prompt.key(i - 1) not in _EMPLOYER_WORDS:
            end = _technology_list(prompt, i, found, cued=False)
            if end > i:
                prompt.mark(i, end)
                i = end
                continue
        i += 1
    return found


def _technology_list(prompt: Prompt, j: int, found: list[str], *, cued: bool = True) -> int:
    """Read "Shopify, Stripe and Segment" from token j; return the end (j if none)."""
    end = j
    while True:
        hit = technology_at(prompt, j, cued=cued)
        if hit is None:
            return end
        n, slug = hit
        if slug not in found:
            found.append(slug)
        j += n
        if prompt.key(j) in TECH_STACK_NOUNS and prompt.free(j, j + 1):
            j += 1
        end = j
        if prompt.key(j) in _LIST_SEPARATORS and prompt.free(j, j + 1):
            nxt = technology_at(prompt, j + 1, cued=True)
            if nxt is not None and prompt.free(j + 1, j + 1 + nxt[0]):
                j += 1
                cued = True
                continue
        return end
