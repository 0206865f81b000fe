"""`parse_prompt`: a natural-language lead search as canonical `SearchFilters`, offline."""

from __future__ import annotations

from typing import Final

from leadsmith.search.filters import SearchFilters
from leadsmith.search.parser.industries import extract_industries, industry_at
from leadsmith.search.parser.locations import extract_locations, gazetteer, place_at
from leadsmith.search.parser.sizes import extract_sizes
from leadsmith.search.parser.technologies import extract_technologies, technology_at
from leadsmith.search.parser.text import Prompt
from leadsmith.search.parser.titles import (
    extract_departments,
    extract_titles,
    is_head_word,
    is_title_word,
)
from leadsmith.search.parser.unsupported import extract_unsupported

# Words that carry no search meaning once the filters are read.
# fmt: off
STOPWORDS: Final[frozenset[str]] = frozenset({
    "a", "about", "above", "across", "after", "again", "all", "also", "am", "an", "and", "any",
    "anyone", "anywhere", "are", "around", "as", "at", "based", "be", "been", "being", "best",
    "both", "but", "by", "can", "could", "did", "do", "does", "doing", "each", "either", "etc",
    "every", "find", "for", "found", "from", "get", "gets", "give", "go", "going", "good",
    "great", "had", "has", "have", "having", "help", "her", "here", "him", "his", "hq", "hq'd",
    "headquartered", "how", "i", "if", "in", "include", "including", "inside", "into", "is",
    "it", "its", "just", "know", "knows", "like", "list", "lists", "located", "look", "looking",
    "lookup",
    "many", "me", "mine", "more", "most", "much", "my", "near", "need", "needs", "of", "on",
    "one", "ones", "only", "or", "other", "our", "ours", "out", "over", "please", "plus",
    "pull", "que", "same", "search", "searching", "see", "seeking", "she", "show", "should",
    "so", "some", "someone", "something", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "throughout", "to", "too",
    "under", "up", "us", "using", "via", "want", "wanting", "we", "were", "what", "when",
    "where", "which", "while", "who", "whom", "whose", "why", "will", "with", "within",
    "would", "you", "your", "yours", "people", "person", "persons", "folks", "individuals",
    "guys", "leads", "lead", "contacts", "contact", "prospects", "prospect", "profiles",
    "profile", "companies", "company", "businesses", "business", "firms", "firm", "orgs",
    "org", "organizations", "organization", "organisations", "organisation", "teams", "team",
    "employees", "employee", "staff", "workers", "brands", "players", "vendors", "providers",
    "space", "sector", "sectors", "industry", "industries", "vertical", "verticals", "market",
    "markets", "niche", "segment", "area", "region", "country", "countries", "city", "cities",
    "worldwide", "global", "globally", "international", "remote-ish", "working",
    "work", "works", "role", "roles", "title", "titles", "position", "positions", "level",
    "levels", "job", "jobs", "currently", "current", "currently-working", "actively",
})
_COMPARATIVES: Final[frozenset[str]] = frozenset({
    "over", "more", "than", "under", "less", "fewer", "above", "below", "at", "least", "most",
    "around", "about", "with", "approximately", "roughly", "~", "+",
})


_COUNT_NOUNS: Final[frozenset[str]] = frozenset({
    "leads", "lead", "people", "contacts", "prospects", "profiles", "results", "names",
    "persons", "records", "matches", "more",
})
_COUNT_VERBS: Final[frozenset[str]] = frozenset({
    "find", "me", "get", "give", "show", "list", "pull", "fetch", "return", "need", "want",
    "first", "next",
})
# fmt: on


def _category(prompt: Prompt, i: int) -> str | None:
    """What token i starts, for the clause reader in `unsupported`."""
    if industry_at(prompt, i) is not None:
        return "industry"
    if place_at(prompt, i, after_place=True) is not None:
        return "place"
    if is_title_word(prompt, i):
        return "title"
    if technology_at(prompt, i, cued=True) is not None:
        return "technology"
    return None


def _hides_a_title_word(prompt: Prompt, i: int, n: int) -> bool:
    """An industry phrase with a title word inside, not at its end, beats the title:
    "developer tools founders" is about developer tools, not developers."""
    return n > 1 and any(is_head_word(prompt, k) for k in range(i, i + n - 1))


def load_gazetteers() -> None:
    """Load the place gazetteers now rather than on the first parse (about a second)."""
    gazetteer()


def parse_prompt(prompt: str) -> SearchFilters:
    """Read a lead-search prompt into canonical filters, offline and deterministically.

    What no filter can express (negations, funding, hiring, revenue...) goes to
    `unsupported` as text; leftover meaningful words become `keywords`.
    """
    doc = Prompt.of(prompt)
    notes = extract_unsupported(doc, _category)
    size = extract_sizes(doc)
    industries = extract_industries(doc, only=_hides_a_title_word)
    title_matches = extract_titles(doc)
    technologies = extract_technologies(doc)
    _extend_unique(industries, extract_industries(doc))
    locations = extract_locations(doc)
    standalone_departments = extract_departments(doc)
    notes += _leftover_numbers(doc)

    titles: list[str] = []
    seniorities: list[str] = []
    departments: list[str] = []
    for match in title_matches:
        _extend_unique(titles, match.titles)
        _extend_unique(seniorities, match.seniorities)
        _extend_unique(departments, match.departments)
    _extend_unique(departments, standalone_departments)
    return SearchFilters(
        titles=titles,
        seniorities=seniorities,
        departments=departments,
        locations=locations,
        industries=industries,
        company_size=size,
        technologies=technologies,
        keywords=_keywords(doc),
        unsupported="; ".join(notes) or None,
    )


def _extend_unique(target: list[str], values: list[str]) -> None:
    for value in values:
        if value not in target:
            target.append(value)


def _leftover_numbers(doc: Prompt) -> list[str]:
    """A number nothing claimed ("over 100 customers") is a condition we cannot express;
    a number of results ("find me 50 leads") is not a condition at all."""
    notes: list[str] = []
    tokens = doc.tokens
    for i, tok in enumerate(tokens):
        if tok.used or tok.kind != "num":
            continue
        if doc.key(i + 1) in _COUNT_NOUNS or doc.key(i - 1) in _COUNT_VERBS:
            doc.mark(i, i + 1)
            continue
        start = i
        while start > 0 and not tokens[start - 1].used and tokens[start - 1].key in _COMPARATIVES:
            start -= 1
        end = i + 1
        while (
            end < len(tokens)
            and not tokens[end].used
            and (tokens[end].key in ("+", "%") or tokens[end].kind == "num")
        ):
            end += 1
        if (
            end < len(tokens)
            and not tokens[end].used
            and tokens[end].kind == "word"
            and tokens[end].key not in STOPWORDS
        ):
            end += 1
        doc.mark(start, end)
        notes.append(doc.span(start, end))
    return notes


def _keywords(doc: Prompt) -> list[str]:
    """Runs of unclaimed, meaningful words, as typed ("open source", "PLG")."""
    keywords: list[str] = []
    seen: set[str] = set()
    run: list[int] = []

    def flush() -> None:
        if run:
            text = doc.span(run[0], run[-1] + 1)
            if text.casefold() not in seen:
                seen.add(text.casefold())
                keywords.append(text)
            run.clear()

    for i, tok in enumerate(doc.tokens):
        meaningful = (
            not tok.used
            and tok.kind == "word"
            and tok.key not in STOPWORDS
            and (len(tok.key) > 1 or tok.joined)
        )
        if meaningful:
            if run and not _adjacent(doc, run[-1], i):
                flush()
            run.append(i)
        else:
            flush()
    flush()
    return keywords


def _adjacent(doc: Prompt, a: int, b: int) -> bool:
    return b == a + 1 and doc.text[doc.tokens[a].end : doc.tokens[b].start] in (" ", "-", "")
