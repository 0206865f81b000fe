"""Clauses no filter can express: negations ("not in California", "excluding agencies")
and conditions on funding, hiring, time, revenue, growth, people's background...

They are cut out of the prompt before anything else reads it, so a negated word never
becomes a positive filter, and returned as readable text for `unsupported`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Final, Literal

from leadsmith.search.parser.text import PhraseIndex, Prompt, Token

Extension = Literal[
    "negation",
    "hyphenated",
    "funding",
    "hiring",
    "time",
    "money",
    "growth",
    "proper",
    "language",
    "none",
    "number",
]
Category = Callable[[Prompt, int], str | None]

# fmt: off
_TRIGGERS: Final[dict[Extension, tuple[str, ...]]] = {
    "negation": (
        "not", "no", "never", "without", "excluding", "exclude", "excludes", "excluded",
        "except", "except for", "other than", "apart from", "aside from", "besides", "outside",
        "outside of", "don't", "dont", "doesn't", "doesnt", "didn't", "isn't", "aren't",
        "won't", "nor", "minus", "avoid", "avoiding", "but not", "rather than", "no longer",
        "ignore", "ignoring", "skip", "omit", "leave out", "instead of", "not including",
        "exclusive of", "neither",
    ),
    "hyphenated": ("non", "ex"),
    "funding": (
        "raised", "raise", "raising", "funded", "funding", "series", "seed round",
        "seed-stage", "seed stage", "pre-seed", "preseed", "seed funded", "seed-funded",
        "venture-backed", "venture backed", "vc-backed", "vc backed", "vc-funded", "pe-backed",
        "backed by", "bootstrapped", "ipo", "went public", "publicly traded",
        "public companies", "public company", "listed companies", "listed company", "unicorn",
        "unicorns", "acquired", "acquisition", "valuation", "yc", "y combinator", "techstars",
        "early-stage", "early stage", "late-stage", "late stage", "growth-stage",
        "growth stage", "pre-revenue",
    ),
    "hiring": (
        "hiring", "job postings", "job posting", "job openings", "job opening", "open roles",
        "open positions", "vacancies", "recruiting for",
    ),
    "time": (
        "last", "past", "this year", "this month", "this quarter", "this week", "recently",
        "recent", "newly", "lately", "yesterday", "today", "since", "ytd", "new hires",
        "new hire", "new role", "new roles", "new job", "new jobs", "new in role", "joined",
        "started", "promoted", "changed jobs", "changed job", "job change", "job changes",
        "moved", "founded", "established", "ago",
    ),
    "money": (
        "revenue", "revenues", "arr", "mrr", "turnover", "annual sales", "profit", "profits",
        "profitable", "profitability", "ebitda", "million", "billion",
    ),
    "growth": (
        "fast-growing", "fast growing", "growing", "high-growth", "high growth", "hypergrowth",
        "rapidly growing", "headcount growth", "growth rate", "grew", "doubled",
        "scaling fast", "scaling quickly",
    ),
    "proper": (
        "posted", "posting", "active on", "visited", "attended", "attending", "speaking at",
        "spoke at", "engaged", "intent", "in-market", "followers", "following", "liked",
        "commented", "downloaded", "signed up", "graduated", "alumni", "alumnus", "alum",
        "went to", "studied", "degree", "mba", "phd", "formerly", "previously", "used to",
        "worked at", "worked for", "background in", "similar to", "like", "competitors of",
        "competitors", "competitor", "lookalikes", "lookalike", "alternatives to",
        "open to work", "looking for work", "looking for a job", "job seekers", "job seeking",
        "job hunting", "laid off", "layoffs",
    ),
    "language": (
        "speaking", "speaks", "speak", "speakers", "speaker", "fluent", "bilingual",
        "multilingual", "native speakers",
    ),
    "none": (
        "female", "women", "woman", "male", "men", "gender", "age", "aged", "years old",
        "ethnicity", "ethnic", "diverse", "diversity", "minority", "black-owned", "women-led",
        "women-owned", "female-led", "minority-owned", "veteran", "veterans", "religion",
        "religious", "lgbt", "lgbtq", "young", "former", "years of experience",
        "years experience", "year of experience", "yoe", "experience", "with email",
        "with emails", "with an email", "with phone", "with phones", "with phone numbers",
        "verified email", "verified emails", "email address", "email addresses",
        "phone number", "phone numbers", "contact info", "contact details", "mobile number",
        "mobile numbers", "direct dial", "direct dials", "work email", "work emails",
        "personal email", "personal emails", "cell phone", "emails", "fortune 500",
        "fortune 1000", "fortune 100", "fortune 2000", "inc 5000", "ftse 100", "s&p 500",
        "global 2000",
    ),
    "number": ("top", "best", "biggest", "largest"),
}

# Words absorbed to the left of a trigger: "who raised", "with more than $10M revenue".
_LEFT_GLUE: Final[frozenset[str]] = frozenset({
    "who", "that", "which", "whose", "with", "have", "has", "had", "having", "are", "is",
    "was", "were", "been", "be", "just", "currently", "more", "than", "over", "under", "less",
    "fewer", "above", "below", "at", "least", "most", "of", "about", "around", "approximately",
    "roughly", "+", "in", "the", "within", "during", "a", "an", "by", "actively", "also", "do",
    "does", "did", "will", "but", "who've", "that've", "whom", "~",
})
_NEGATION_LEFT_GLUE: Final[frozenset[str]] = frozenset(
    {"who", "that", "which", "are", "is", "do", "does", "but", "and"}
)
# Words a negation may start with before its subject: "not in California",
# "except those in Berlin".
_NEGATION_PREAMBLE: Final[frozenset[str]] = frozenset({
    "in", "at", "from", "based", "located", "the", "a", "an", "any", "anyone", "anybody",
    "those", "these", "that", "people", "person", "companies", "company", "firms",
    "businesses", "ones", "using", "use", "uses", "with", "on", "for", "working", "work",
    "who", "are", "is", "to", "of", "by", "into", "within", "including", "include",
    "headquartered", "hq", "even", "just", "only", "selling", "sell", "sells", "want", "be",
    "being", "counting", "more",
})
# Words that end a clause once its subject has started.
_CLAUSE_END: Final[frozenset[str]] = frozenset({
    "who", "that", "which", "whose", "where", "while", "but", "using", "uses", "use", "with",
    "in", "at", "from", "based", "located", "headquartered", "for", "on", "than", "whom",
})
_HIRING_END: Final[frozenset[str]] = frozenset({
    "who", "that", "which", "whose", "while", "but", "using", "uses", "with", "in", "at",
    "from", "based", "located", "headquartered", "and", "or", "on",
})
_NUMBER_WORDS: Final[frozenset[str]] = frozenset({
    "million", "billion", "mn", "bn", "m", "k", "usd", "eur", "gbp", "dollars", "euros", "+",
    "-", "%", "percent", "plus",
})
_MONTHS: Final[frozenset[str]] = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "q1", "q2", "q3", "q4",
})
_TIME_UNITS: Final[frozenset[str]] = frozenset({
    "day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years",
    "hour", "hours", "decade", "decades",
})
_OBJECTS: Final[dict[str, frozenset[str]]] = {
    "funding": frozenset({
        "series", "seed", "round", "rounds", "funding", "of", "in", "at", "least", "more",
        "than", "over", "above", "under", "a", "an", "the", "b", "c", "d", "e", "f", "stage",
        "led", "capital", "investment", "money", "by", "vc", "venture", "their", "its",
        "recently", "just",
    }) | _NUMBER_WORDS,
    "time": frozenset({
        "the", "last", "past", "next", "few", "couple", "of", "a", "an", "since", "in",
        "after", "before", "between", "and", "ago", "within", "this", "year", "recently",
    }) | _TIME_UNITS | _MONTHS,
    "money": frozenset({
        "revenue", "revenues", "arr", "mrr", "turnover", "in", "of", "sales", "annual",
        "annually", "per", "year", "over", "above", "under", "below", "more", "than", "less",
        "between", "and", "to", "at", "least", "most", "around", "about", "approximately", "a",
        "an", "yearly", "recurring",
    }) | _NUMBER_WORDS,
    "growth": frozenset({
        "fast", "quickly", "rapidly", "quick", "headcount", "revenue", "yoy", "year-over-year",
        "over", "per", "year", "more", "than", "by", "at", "least",
    }) | _NUMBER_WORDS,
}
_TRIM: Final[frozenset[str]] = frozenset({
    "and", "or", "nor", "&", "/", ",", "but", "in", "at", "of", "from", "by", "the", "with",
    "for", "to", "on", "an", "who", "that", "which", "-",
})
_LEAD_TRIM: Final[frozenset[str]] = frozenset(
    {"and", "or", "&", "but", "/", "of", "at", "by", "for", "to", "on"}
)
_COMPARATIVES: Final[frozenset[str]] = frozenset({
    "more", "less", "fewer", "over", "under", "above", "below", "bigger", "larger", "smaller",
})
# fmt: on
_CONNECTORS: Final[frozenset[str]] = frozenset({"of", "at", "from", "by", "the", "&", "and"})


@lru_cache(maxsize=1)
def _trigger_index() -> PhraseIndex[Extension]:
    index: PhraseIndex[Extension] = PhraseIndex()
    for extension, phrases in _TRIGGERS.items():
        for phrase in phrases:
            index.add(phrase, extension)
    return index


def _is_money(tok: Token) -> bool:
    return tok.kind == "num" and (tok.text[:1] in "$€£" or tok.key.endswith(("m", "b", "bn", "mn")))


def _is_year(tok: Token) -> bool:
    return tok.kind == "num" and len(tok.key) == 4 and tok.key[:2] in ("19", "20")


def extract_unsupported(prompt: Prompt, category: Category | None = None) -> list[str]:
    """Consume every clause that cannot become a filter and return their texts, in order.

    `category(prompt, i)` names what token i starts (industry, place, title...), so that
    "excluding banks, insurers" runs on past the comma while the list goes on.
    """
    tokens = prompt.tokens
    index = _trigger_index()
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.used or (tok.kind == "punct" and tok.text != "~"):
            i += 1
            continue
        hit = _trigger_at(prompt, i, index, category)
        if hit is None:
            i += 1
            continue
        n, extension = hit
        start = _extend_left(prompt, i, extension)
        end = _extend_right(prompt, i + n, extension, category)
        start, end = _trim(prompt, start, end)
        if end > start:
            prompt.mark(start, end)
            spans.append((start, end))
        i = max(end, i + 1)
    return [prompt.span(s, e) for s, e in _merge(sorted(spans))]


def _trigger_at(
    prompt: Prompt, i: int, index: PhraseIndex[Extension], category: Category | None
) -> tuple[int, Extension] | None:
    """The clause trigger at token i, if it is one here: (token count, extension)."""
    tokens = prompt.tokens
    tok = tokens[i]
    if _is_money(tok):
        return 1, "money"
    if _is_year(tok):
        return 1, "time"
    hit = index.match(tokens, i)
    if hit is None:
        return None
    n, extension = hit
    nxt = tokens[i + n] if i + n < len(tokens) else None
    if _only_looks_like_a_trigger(prompt, i, n, extension, nxt, category):
        return None
    return n, extension


def _only_looks_like_a_trigger(
    prompt: Prompt,
    i: int,
    n: int,
    extension: Extension,
    nxt: Token | None,
    category: Category | None,
) -> bool:
    """Trigger words that mean something else where they stand."""
    key = prompt.tokens[i].key
    if extension == "hyphenated":
        # "non-US", "ex-Google"; but "non-profit" is an industry, and "ex" alone is not.
        return nxt is None or not nxt.joined or nxt.key in ("profit", "profits")
    if n > 1:
        return False
    if key in ("no", "not"):
        # "no-code"; "no more than 50 employees" is a size.
        return nxt is not None and (nxt.joined or nxt.key in _COMPARATIVES)
    if key in ("last", "past", "this"):
        # "last 30 days", "past few months", but not "last names".
        return nxt is None or not (
            nxt.kind == "num" or nxt.key in _TIME_UNITS or nxt.key in ("few", "couple")
        )
    if key == "since":
        return nxt is None or not (nxt.kind == "num" or nxt.key in _MONTHS)
    if key == "series":
        return nxt is None or len(nxt.key) != 1  # "Series B"
    if key == "like":
        return nxt is None or not nxt.text[:1].isupper()  # "companies like Stripe"
    if extension == "number":
        return nxt is None or nxt.kind != "num"  # "top 50"
    if key == "revenue":
        return _names_a_function(prompt, i, category)
    return False


def _names_a_function(prompt: Prompt, i: int, category: Category | None) -> bool:
    """ "Chief Revenue Officer", "VP of Revenue", "revenue operations": a job, not money."""
    if prompt.key(i - 1) in ("chief", "of", "vp", "head", "svp", "evp", "for"):
        return True
    if prompt.key(i + 1) in (
        "operations",
        "ops",
        "team",
        "teams",
        "leader",
        "leaders",
        "leadership",
    ):
        return True
    return category is not None and category(prompt, i + 1) == "title"


def _extend_left(prompt: Prompt, i: int, extension: Extension) -> int:
    tokens = prompt.tokens
    glue = _NEGATION_LEFT_GLUE if extension in ("negation", "hyphenated") else _LEFT_GLUE
    start = i
    prev = tokens[i - 1] if i > 0 else None
    if (
        extension == "language"
        and prev
        and not prev.used
        and (prev.capitalised or tokens[i].joined)
    ):
        start = i - 1  # "Spanish-speaking", "German speakers"
    while start > 0:
        prev = tokens[start - 1]
        if prev.used or prev.is_boundary:
            break
        if prev.key in glue or (extension != "negation" and prev.kind == "num"):
            start -= 1
            continue
        if extension != "negation" and _is_money(prev):
            start -= 1
            continue
        break
    return start


def _extend_right(prompt: Prompt, j: int, extension: Extension, category: Category | None) -> int:
    tokens = prompt.tokens
    if extension == "negation":
        return _extend_negation(prompt, j, category)
    if extension == "hyphenated":
        while j < len(tokens) and tokens[j].joined and not tokens[j].used:
            j += 1
        return _extend_proper(prompt, j, category)
    if extension == "hiring":
        while j < len(tokens) and not tokens[j].used and not tokens[j].is_boundary:
            if tokens[j].key in _HIRING_END:
                break
            j += 1
        return j
    if extension in _OBJECTS:
        objects = _OBJECTS[extension]
        while j < len(tokens) and not tokens[j].used and not tokens[j].is_boundary:
            tok = tokens[j]
            if tok.key in objects or tok.kind == "num" or (extension != "money" and tok.joined):
                j += 1
                continue
            break
        return _extend_proper(prompt, j, category) if extension == "funding" else j
    if extension == "number":
        while j < len(tokens) and tokens[j].kind == "num" and not tokens[j].used:
            j += 1
        return j
    if extension == "language" and prompt.key(j) == "in":
        j += 1  # "fluent in German"
    if extension in ("proper", "language"):
        return _extend_proper(prompt, j, category)
    return j


def _extend_proper(prompt: Prompt, j: int, category: Category | None) -> int:
    """Run on over a proper name: "backed by Sequoia Capital", "alumni of Stanford"."""
    tokens = prompt.tokens
    end = j
    k = j
    while k < len(tokens) and not tokens[k].used and not tokens[k].is_boundary:
        tok = tokens[k]
        if category is not None and category(prompt, k) in ("title", "place"):
            break
        if (tok.kind == "word" and tok.text[:1].isupper()) or tok.kind == "num" or tok.joined:
            k += 1
            end = k
        elif tok.key in _CONNECTORS:
            k += 1
        else:
            break
    return end


def _extend_negation(prompt: Prompt, j: int, category: Category | None) -> int:
    tokens = prompt.tokens
    preamble = True
    first_category: str | None = None
    while j < len(tokens):
        tok = tokens[j]
        if tok.used:
            break
        if tok.is_boundary:
            if tok.text != "," or preamble or j + 1 >= len(tokens) or category is None:
                break
            # A comma continues the negated list only while the list goes on:
            # "excluding banks, insurers and agencies".
            nxt = j + 1
            if first_category is None or category(prompt, nxt) != first_category:
                break
            j = nxt
            continue
        if preamble:
            if tok.key not in _NEGATION_PREAMBLE:
                preamble = False
                if category is not None:
                    first_category = category(prompt, j)
        elif tok.key in _CLAUSE_END:
            break
        j += 1
    return j


def _trim(prompt: Prompt, start: int, end: int) -> tuple[int, int]:
    tokens = prompt.tokens
    while end > start and (
        tokens[end - 1].key in _TRIM
        or (
            tokens[end - 1].key == "a"
            and tokens[end - 1].text == "a"
            and tokens[end - 2].key != "series"
        )
        or tokens[end - 1].is_boundary
    ):
        end -= 1
    while start < end and (tokens[start].key in _LEAD_TRIM or tokens[start].is_boundary):
        start += 1
    return start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join clauses that touch: "who raised Series B" + "last month"."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
