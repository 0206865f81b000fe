"""Company size: "51-200 employees", "over 1000 staff", "startups", "mid-market"."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from leadsmith.search.filters import SizeRange
from leadsmith.search.parser.text import PhraseIndex, Prompt, fold, with_plurals
from leadsmith.taxonomy import COMPANY_SIZE_BANDS
from leadsmith.taxonomy.synonyms import (
    COMPANY_NOUNS,
    SIZE_ADJECTIVES,
    SIZE_WORDS,
)

Bounds = tuple[int | None, int | None]

_N = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?([kK])?"
_N2 = _N.replace("(", "(?P<b>", 1).replace("([kK])", "(?P<bk>[kK])")
_N1 = _N.replace("(", "(?P<a>", 1).replace("([kK])", "(?P<ak>[kK])")
_NOUN = (
    r"-?\s?(?:employees?|people|persons?|staff(?:ers)?|headcount|ftes?|workers|"
    r"team\s+members|heads|man|employee)\b"
)
_NOUN_FIRST = (
    r"\b(?:employees|headcount|staff|(?:company\s+|team\s+)?size)\s*(?:of|:|=|between|from)?\s*"
)
_RANGE_SEP = r"\s*(?:-|to|and|–)\s*"


def _int(num: str, k: str | None) -> int:
    value = float(num.replace(",", ""))
    return round(value * (1000 if k else 1))


def _band_of(n: int) -> Bounds:
    """The COMPANY_SIZE_BANDS band that holds n employees."""
    for low, high in COMPANY_SIZE_BANDS:
        if n >= low and (high is None or n <= high):
            return low, high
    return 1, COMPANY_SIZE_BANDS[0][1]


def _a(m: re.Match[str]) -> int:
    return _int(m["a"], m["ak"])


def _b(m: re.Match[str]) -> int:
    return _int(m["b"], m["bk"])


# (pattern, bounds from match) in priority order: ranges, then bounds, then a bare count.
_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Bounds]]] = [
    (
        re.compile(rf"\b(?:between\s+|from\s+)?{_N1}{_RANGE_SEP}{_N2}\s*\+?\s*{_NOUN}", re.I),
        lambda m: (_a(m), _b(m)),
    ),
    (re.compile(rf"{_NOUN_FIRST}{_N1}{_RANGE_SEP}{_N2}\b", re.I), lambda m: (_a(m), _b(m))),
    (
        re.compile(
            rf"(?<!\bno\s)(?<!\bnot\s)\b(?:more\s+than|over|above|greater\s+than|bigger\s+than|larger\s+than|>)\s*{_N1}\s*\+?\s*{_NOUN}",
            re.I,
        ),
        lambda m: (_a(m) + 1, None),
    ),
    (
        re.compile(
            rf"\b(?:at\s+least|min(?:imum)?(?:\s+of)?|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|>=|≥)\s*{_N1}\s*\+?\s*{_NOUN}",
            re.I,
        ),
        lambda m: (_a(m), None),
    ),
    (
        re.compile(
            rf"(?:\b(?:fewer\s+than|less\s+than|under|below|smaller\s+than)|<)\s*{_N1}\s*{_NOUN}",
            re.I,
        ),
        lambda m: (1, max(_a(m) - 1, 1)),
    ),
    (
        re.compile(
            rf"(?:\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|max(?:imum)?(?:\s+of)?)|<=|≤)\s*{_N1}\s*{_NOUN}",
            re.I,
        ),
        lambda m: (1, _a(m)),
    ),
    (re.compile(rf"\b{_N1}\s*\+\s*{_NOUN}", re.I), lambda m: (_a(m), None)),
    (
        re.compile(
            rf"\b{_N1}\s*{_NOUN}\s+(?:or\s+more|and\s+up|and\s+above|or\s+above|plus)\b", re.I
        ),
        lambda m: (_a(m), None),
    ),
    (re.compile(rf"\b{_N1}\s*{_NOUN}\s+or\s+(?:fewer|less)\b", re.I), lambda m: (1, _a(m))),
    (
        re.compile(rf"{_NOUN_FIRST}(?:over|more\s+than|above|greater\s+than|>)\s*{_N1}", re.I),
        lambda m: (_a(m) + 1, None),
    ),
    (
        re.compile(rf"{_NOUN_FIRST}(?:at\s+least|>=|≥)\s*{_N1}", re.I),
        lambda m: (_a(m), None),
    ),
    (
        re.compile(rf"{_NOUN_FIRST}(?:under|below|less\s+than|fewer\s+than|<)\s*{_N1}", re.I),
        lambda m: (1, max(_a(m) - 1, 1)),
    ),
    (
        re.compile(rf"{_NOUN_FIRST}(?:up\s+to|at\s+most|<=|≤)\s*{_N1}", re.I),
        lambda m: (1, _a(m)),
    ),
    (re.compile(rf"{_NOUN_FIRST}{_N1}\s*\+", re.I), lambda m: (_a(m), None)),
    (
        re.compile(
            rf"\b(?:(?:around|about|approximately|roughly|circa)\s+|~\s*)?{_N1}\s*{_NOUN}", re.I
        ),
        lambda m: _band_of(_a(m)),
    ),
]


@lru_cache(maxsize=1)
def _size_words() -> PhraseIndex[Bounds]:
    index: PhraseIndex[Bounds] = PhraseIndex()
    for phrase, bounds in SIZE_WORDS.items():
        for form in with_plurals(phrase):
            index.add(form, bounds)
    return index


@lru_cache(maxsize=1)
def _size_adjectives() -> PhraseIndex[Bounds]:
    index: PhraseIndex[Bounds] = PhraseIndex()
    for phrase, bounds in SIZE_ADJECTIVES.items():
        index.add(phrase, bounds)
    return index


def combine_sizes(found: list[Bounds]) -> SizeRange | None:
    """One range for several size mentions: their span ("startups and SMBs" -> 1-200),
    or their overlap when one gives only a floor and another only a ceiling."""
    if not found:
        return None
    floors = [lo for lo, hi in found if hi is None]
    ceilings = [hi for lo, hi in found if lo in (None, 1) and hi is not None]
    if floors and ceilings and len(floors) + len(ceilings) == len(found):
        return SizeRange(min=max(lo or 1 for lo in floors), max=min(ceilings))
    lows = [lo or 1 for lo, _ in found]
    highs = [hi for _, hi in found]
    return SizeRange(min=min(lows), max=None if None in highs else max(h or 0 for h in highs))


def extract_sizes(prompt: Prompt, *, words_alone: bool = False) -> SizeRange | None:
    """Find company-size mentions in the prompt, consume them and return one range.

    Numeric mentions need an employee noun; a number's range beats size words.
    `words_alone` accepts a bare size adjective ("small"), for explicit filter values.
    """
    numeric: list[Bounds] = []
    for pattern, bounds in _PATTERNS:
        for m in pattern.finditer(prompt.text):
            i, j = prompt.token_range(m.start(), m.end())
            if j > i and prompt.free(i, j):
                prompt.mark(i, j)
                numeric.append(bounds(m))
    words = _word_sizes(prompt, words_alone)
    return combine_sizes(numeric or words)


def _word_sizes(prompt: Prompt, words_alone: bool) -> list[Bounds]:
    found: list[Bounds] = []
    tokens = prompt.tokens
    index = _size_words()
    adjectives = _size_adjectives()
    for i, tok in enumerate(tokens):
        if tok.used or tok.kind != "word":
            continue
        hit = index.match(tokens, i)
        if hit:
            n, bounds = hit
            if _needs_company_noun(prompt, i, n) and not words_alone:
                continue
            prompt.mark(i, i + n)
            found.append(bounds)
            continue
        hit = adjectives.match(tokens, i)
        if hit and (words_alone or _company_noun_follows(prompt, i + hit[0])):
            prompt.mark(i, i + hit[0])
            found.append(hit[1])
    return found


def _needs_company_noun(prompt: Prompt, i: int, n: int) -> bool:
    """ "enterprise" and "corporate" are sizes only before a company noun: "enterprise
    companies" yes, "enterprise sales" or "corporate development" no."""
    if n != 1 or prompt.key(i) not in ("enterprise", "corporate"):
        return False
    return prompt.key(i + 1) not in COMPANY_NOUNS


def _company_noun_follows(prompt: Prompt, i: int) -> bool:
    """A company noun within the next three words ("small SaaS companies")."""
    for j in range(i, min(i + 3, len(prompt.tokens))):
        tok = prompt.tokens[j]
        if tok.is_boundary:
            return False
        if tok.key in COMPANY_NOUNS:
            return True
    return False


def parse_company_size(text: str | float | None) -> SizeRange | None:
    """An explicit size value ("1-50", "10000+", "1001,5000", 50, "SMB") as a range."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        low, high = _band_of(int(text))
        return SizeRange(min=low, max=high)
    raw = fold(str(text)).strip()
    if not raw:
        return None
    m = re.fullmatch(r"(\d+)\s*,\s*(\d+)", raw)
    if m and int(m[1]) < int(m[2]):
        # Apollo-style "1001,5000" ranges; "1,000" is a thousands separator.
        return SizeRange(min=int(m[1]), max=int(m[2]))
    m = re.fullmatch(rf"{_N1}{_RANGE_SEP}{_N2}", raw)
    if m:
        low, high = sorted((_a(m), _b(m)))
        return SizeRange(min=low, max=high)
    m = re.fullmatch(rf"(?:>=|≥)?\s*{_N1}\s*\+", raw) or re.fullmatch(rf"(?:>=|≥)\s*{_N1}", raw)
    if m:
        return SizeRange(min=_a(m), max=None)
    m = re.fullmatch(rf">\s*{_N1}", raw)
    if m:
        return SizeRange(min=_a(m) + 1, max=None)
    m = re.fullmatch(rf"<\s*{_N1}", raw)
    if m:
        return SizeRange(min=1, max=max(_a(m) - 1, 1))
    m = re.fullmatch(rf"(?:<=|≤)\s*{_N1}", raw)
    if m:
        return SizeRange(min=1, max=_a(m))
    m = re.fullmatch(_N1, raw)
    if m:
        low, high = _band_of(_a(m))
        return SizeRange(min=low, max=high)
    return extract_sizes(Prompt.of(str(text)), words_alone=True)
