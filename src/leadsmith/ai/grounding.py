"""Grounding: every name, number and event in a generated line must be in the facts.

A line passes when each number, each capitalised word and each event word (raised,
funding, launched, hiring...) it contains can be found in the facts it was built from.
Generic words that may start a sentence are allowed; anything else unseen is a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’&.+-]*[A-Za-z0-9+]|[A-Za-z]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Event words: a line that says one of these claims the event happened.
_EVENTS = (
    "raise",
    "raising",
    "raised",
    "funding",
    "funded",
    "series",
    "seed round",
    "investor",
    "acquir",
    "acquisition",
    "merger",
    "launch",
    "ipo",
    "hiring",
    "hired",
    "expan",
    "opened",
    "opening",
    "partnership",
    "award",
    "revenue",
    "growth",
    "growing",
    "grew",
    "record",
    "milestone",
)
# Words that may be capitalised in a line without being a claim about the prospect.
_COMMON = """
    a an and as at be but by can could do for from get had has have hello hey hi how i i'm
    i've if in into is it it's its just let me might more my no not of on or our quick so
    some that the their them then there these they this those to up us was we we're were
    what when where which who why will with would you you're your yours noticed saw read
    seeing given since after congrats congratulations thanks thank curious wondering
    happy glad open worth mind quick short idea note question strong good great fit fits
    fitting partial weak match matches matched matching misses missed missing unknown
    meets meet met outside inside within icp criteria criterion industry size country
    countries title titles seniority technology technologies tech stack location team
    company companies employees employee role notes overall score high medium low also
    both neither only however while although though because based looks seems appears
    sweet spot target targets targeting ideal may should shall share
"""
COMMON_WORDS = frozenset(_COMMON.split())


@dataclass(frozen=True, slots=True)
class Claim:
    """A word or number in a line that the facts do not contain."""

    sentence: str
    token: str
    kind: str  # "number" | "name" | "event"


def sentences(text: str) -> list[str]:
    """The sentences of a short text."""
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


class FactSheet:
    """The facts a line may use, indexed for quick checks."""

    def __init__(self, facts: Iterable[str | int | float | None]) -> None:
        texts = [str(f) for f in facts if f is not None and str(f).strip()]
        self.text = _fold(" \n ".join(texts))
        self.words = {_fold(w).strip(".'’") for w in _WORD.findall(" ".join(texts))}
        self.numbers = _numbers(" ".join(texts))

    def has_word(self, word: str) -> bool:
        folded = _fold(word).strip(".'’")
        if folded in self.words or folded.removesuffix("'s") in self.words:
            return True
        # "Acme's" and "CEO/Founder" style tokens: every part must be known.
        parts = [p for p in re.split(r"[^a-z0-9]+", folded) if p]
        return bool(parts) and all(p in self.words or p in COMMON_WORDS for p in parts)

    def has_event(self, stem: str) -> bool:
        return stem in self.text


def ungrounded(text: str, facts: FactSheet) -> list[Claim]:
    """The claims in `text` that `facts` cannot support (empty when fully grounded)."""
    claims: list[Claim] = []
    for sentence in sentences(text):
        for number in _numbers(sentence):
            if number not in facts.numbers:
                claims.append(Claim(sentence, number, "number"))
        for word in _WORD.findall(sentence):
            if word[0].isupper() or any(c.isupper() for c in word[1:]):
                if _fold(word) in COMMON_WORDS or facts.has_word(word):
                    continue
                claims.append(Claim(sentence, word, "name"))
        folded = _fold(sentence)
        for stem in _EVENTS:
            if re.search(rf"\b{re.escape(stem)}", folded) and not facts.has_event(stem):
                claims.append(Claim(sentence, stem, "event"))
    return claims


def is_grounded(text: str, facts: FactSheet) -> bool:
    """True when every sentence of `text` traces back to `facts`."""
    return not ungrounded(text, facts)
