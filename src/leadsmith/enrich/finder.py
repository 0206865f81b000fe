"""Email finding from names: permutations of a name and the patterns domains use.

A name is folded to ASCII ("Zoë Müller" -> zoe, muller/mueller); compound first names
("Jean-Pierre") and multi-word last names ("van der Berg") give several spellings, and
middle names are dropped or used as an initial. A domain's pattern is learned from the
addresses already seen there (`pattern_of` names the pattern an address follows).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nameparser import HumanName

_Builder = Callable[[str, str], str]

# Pattern name -> local part from folded first and last names; the order is how common
# each is among companies, most common first, and is the order guesses are tried in.
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
    "lastf": lambda f, la: f"{la}{f[:1]}",
    "last_first": lambda f, la: f"{la}_{f}",
}
_GERMAN_FOLDS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "ter",
        "ten",
        "bin",
        "al",
        "el",
    }
)


def fold(text: str) -> str:
    """Lower-case ASCII letters and digits only ("Zoë" -> "zoe", "O'Brien" -> "obrien")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ø", "o").replace("ł", "l"))
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


def _spellings(word: str) -> list[str]:
    """ASCII spellings of one name word: plain fold, then the German "ue" fold if different."""
    out = [fold(word), fold(word.lower().translate(_GERMAN_FOLDS))]
    return [s for s in dict.fromkeys(out) if s]


@dataclass(frozen=True, slots=True)
class NameForms:
    """The spellings of a person's first and last names that addresses may use."""

    firsts: tuple[str, ...]
    lasts: tuple[str, ...]


def name_forms(first_name: str, last_name: str) -> NameForms:
    """Spellings of a first and last name, the most likely first.

    "Jean-Pierre" -> jeanpierre, jean; "Mary Ann" (middle name) -> mary, maryann;
    "van der Berg" -> vanderberg, berg; "García Márquez" -> garciamarquez, garcia.
    """
    parsed = HumanName(f"{first_name} {last_name}".strip()) if not last_name else None
    first = (parsed.first if parsed is not None else first_name) or first_name
    last = (parsed.last if parsed is not None else last_name) or last_name
    first_words = [w for w in first.replace("-", " ").split() if fold(w)]
    last_words = [w for w in last.replace("-", " ").split() if fold(w)]
    firsts: list[str] = []
    if first_words:
        joined, head = _spellings("".join(first_words)), _spellings(first_words[0])
        # "Jean-Pierre" is one given name; "John Michael" is a first and a middle name.
        firsts.extend(joined + head if "-" in first else head + joined)
    lasts: list[str] = []
    if last_words:
        for s in _spellings("".join(last_words)):
            lasts.append(s)
        core = [w for w in last_words if w.lower() not in _PARTICLES]
        if core and len(core) < len(last_words):
            for s in _spellings("".join(core)):
                lasts.append(s)
        if len(core) > 1:  # double-barrelled: either half alone
            for s in _spellings(core[0]) + _spellings(core[-1]):
                lasts.append(s)
    return NameForms(tuple(dict.fromkeys(firsts)), tuple(dict.fromkeys(lasts)))


def local_part(pattern: str, first: str, last: str) -> str:
    """The local part `pattern` gives for already-folded first and last names."""
    return PATTERNS[pattern](first, last)


def permutations(first_name: str, last_name: str, domain: str, limit: int = 12) -> list[str]:
    """Candidate addresses for a name at a domain, most likely first, without repeats."""
    forms = name_forms(first_name, last_name)
    if not forms.firsts or not forms.lasts:
        return []
    out: dict[str, None] = {}
    # Main spellings through every pattern first; variants only with the top patterns.
    for name in PATTERNS:
        out.setdefault(f"{local_part(name, forms.firsts[0], forms.lasts[0])}@{domain}", None)
    for f in forms.firsts:
        for la in forms.lasts:
            for name in ("first.last", "flast", "firstlast"):
                out.setdefault(f"{local_part(name, f, la)}@{domain}", None)
    return list(out)[:limit]


def pattern_of(email: str, first_name: str, last_name: str) -> str | None:
    """The pattern an address follows for a name ("jane.doe@x" -> "first.last"), if any."""
    local = email.rsplit("@", 1)[0].lower()
    forms = name_forms(first_name, last_name)
    for f in forms.firsts:
        for la in forms.lasts:
            for name in PATTERNS:
                # A one-letter name makes "first" and "f.last"-style patterns ambiguous.
                if local == local_part(name, f, la):
                    return name
    return None


def addresses_for_patterns(
    first_name: str, last_name: str, domain: str, patterns: Iterable[str]
) -> list[str]:
    """Addresses the given patterns (best first) build for a name at a domain."""
    forms = name_forms(first_name, last_name)
    if not forms.firsts or not forms.lasts:
        return []
    out: dict[str, None] = {}
    for name in patterns:
        if name in PATTERNS:
            out.setdefault(f"{local_part(name, forms.firsts[0], forms.lasts[0])}@{domain}", None)
    return list(out)


def dominant_patterns(
    observed: Iterable[str], minimum_share: float = 0.2
) -> list[tuple[str, float]]:
    """Patterns seen at a domain with their share of the observations, most common first."""
    counts = Counter(observed)
    total = sum(counts.values())
    if not total:
        return []
    return [(p, n / total) for p, n in counts.most_common() if n / total >= minimum_share]
