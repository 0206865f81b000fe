"""Email address patterns a company can use, and how common each is."""

from __future__ import annotations

from collections.abc import Callable

from leadsmith.sources.sandbox.normalise import alnum

_Builder = Callable[[str, str], str]

# pattern name -> builder over folded first and last names.
PATTERNS: dict[str, _Builder] = {
    "first.last": lambda f, la: f"{f}.{la}",
    "first": lambda f, la: f,
    "flast": lambda f, la: f"{f[:1]}{la}",
    "firstlast": lambda f, la: f"{f}{la}",
    "first_last": lambda f, la: f"{f}_{la}",
    "f.last": lambda f, la: f"{f[:1]}.{la}",
    "firstl": lambda f, la: f"{f}{la[:1]}",
    "first-last": lambda f, la: f"{f}-{la}",
    "last.first": lambda f, la: f"{la}.{f}",
    "last": lambda f, la: la,
}

# How often companies use each pattern (weights).
PATTERN_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("first.last", 40),
    ("first", 15),
    ("flast", 14),
    ("firstlast", 6),
    ("first_last", 5),
    ("f.last", 5),
    ("firstl", 5),
    ("first-last", 4),
    ("last.first", 3),
    ("last", 3),
)


def local_part(pattern: str, first_name: str, last_name: str) -> str:
    """Local part `pattern` gives for a name ("first.last", "Zoë", "O'Brien" -> "zoe.obrien")."""
    first = alnum(first_name) or "x"
    last = alnum(last_name) or "x"
    return PATTERNS[pattern](first, last)
