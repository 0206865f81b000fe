"""Company names without legal forms and noise: "Acme Inc." → "Acme".

Own rules first (`legal_forms`), cleanco's term list as a backstop. cleanco alone is not
enough: it strips brand words ("Ford Motor Company" → "Ford Motor", "Tiffany & Co." →
"Tiffany"), makes one pass ("Sony Co., Ltd." → "Sony Co.") and knows no CJK forms.
Letter case is kept as given; only what is removed changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from cleanco.termdata import terms_by_country, terms_by_type

from leadsmith.companies.legal_forms import (
    CASED_PREFIXES,
    CASED_SUFFIXES,
    CJK_FORMS,
    CLEANCO_EXCLUDED,
    FORMER_NAME_MARKERS,
    SUFFIXES,
    TITLE_NOISE,
)
from leadsmith.errors import InvalidInput

# Characters in legal forms that Unicode files as symbols; they must survive the
# emoji sweep long enough to be recognised as legal forms.
_PROTECTED_SYMBOLS = frozenset("㈱㈲㈜")
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff\ufe00-\ufe0f\u20e3]")
_SEPARATOR = r"(?:\s+(?:\||–|—|-|·|•|::|:)\s+|\s*\|\s*|\s*·\s*)"
_TRIM = " \t,;:-–—|/·•_"
_QUOTES = {"«": "»", '"': '"', "“": "”", "„": "“", "'": "'", "‘": "’", "「": "」", "『": "』"}
# A strip that leaves "Tiffany &" took part of the brand ("Tiffany & Co."): undo it.
_ARTICLES = frozenset(
    {"the", "a", "an", "le", "la", "les", "der", "die", "das", "el", "los", "las", "il", "lo",
     "de", "het", "den", "o", "os"}
)  # fmt: skip
_DANGLING_CONJUNCTION = re.compile(r"(?:[&+]|\b(?:and|und|et|y|e|og|och|en))\s*$", re.I)


def _form_regex(form: str) -> str:
    """Regex for one spelled legal form: every dot optional, flexible spacing."""
    tokens: list[str] = []
    for token in form.split():
        piece = ""
        for i, ch in enumerate(token):
            if ch == ".":
                piece += r"\.?" + (r"\s?" if i < len(token) - 1 else "")
            elif ch == ",":
                piece += ",?"
            else:
                piece += re.escape(ch)
        tokens.append(piece)
    return r"[\s,]*".join(tokens)


def _alternation(forms: Iterable[str]) -> str:
    unique = sorted(set(forms), key=len, reverse=True)
    return "|".join(_form_regex(f) for f in unique)


def _cleanco_terms() -> list[str]:
    """cleanco's terms that are safe to strip in any case."""
    loose: list[str] = []
    for terms in (*terms_by_type.values(), *terms_by_country.values()):
        for term in terms:
            term = term.strip()
            if not term or term in CLEANCO_EXCLUDED or not term.isprintable():
                continue
            # Their short undotted terms include words like "UK", "OK", "CA": the ones
            # that are real legal forms are in CASED_SUFFIXES already.
            if "." in term or len(term) > 3:
                loose.append(term)
    return loose


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    loose = _cleanco_terms()
    boundary = r"(?:^|(?<=[\s,(/]))"
    tail = r"[\s.,;:)]*$"
    any_case = re.compile(f"{boundary}(?:{_alternation([*SUFFIXES, *loose])}){tail}", re.I)
    cased = re.compile(f"{boundary}(?:{_alternation(CASED_SUFFIXES)}){tail}")
    prefix = re.compile(rf"^(?:{_alternation(CASED_PREFIXES)})(?=[\s«\"“„'])\s*")
    return any_case, cased, prefix


@lru_cache(maxsize=1)
def _noise_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    noise = "|".join(re.escape(n) for n in sorted(TITLE_NOISE, key=len, reverse=True))
    trailing = re.compile(rf"{_SEPARATOR}(?:{noise})[\s.!]*$", re.I)
    leading = re.compile(rf"^(?:{noise}){_SEPARATOR}", re.I)
    latin = [m for m in FORMER_NAME_MARKERS if m.isascii()]
    markers = "|".join(re.escape(m) for m in sorted(latin, key=len, reverse=True))
    other = "|".join(re.escape(m) for m in FORMER_NAME_MARKERS if not m.isascii())
    bracketed = re.compile(
        rf"\s*[(\[（]\s*(?:(?:{markers})(?![\w])|(?:{other}))[^)\]）]*[)\]）]", re.I
    )
    loose_former = re.compile(
        r"[\s,;]+(?:formerly known as|previously known as|formerly|f/k/a|f\.k\.a\.|fka)\s+.*$",
        re.I,
    )
    return trailing, leading, bracketed, loose_former


_DBA = re.compile(r"^(.+?)[\s,]+(?:d/b/a|d\.b\.a\.|dba|trading as|t/a)\s+(.+)$", re.I)
_WELCOME = re.compile(r"^(?:welcome to|willkommen bei|bienvenue chez|bienvenido a)\s+", re.I)
_OFFICIAL = re.compile(r"\s+(?:official\s+(?:web\s?site|site|homepage|page))[\s.!]*$", re.I)


def _drop_symbols(text: str) -> str:
    out: list[str] = []
    for ch in text:
        if ch in _PROTECTED_SYMBOLS:
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("So", "Sk", "Cs", "Co", "Cn", "Cc") or category == "Cf":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _tidy(text: str) -> str:
    text = _squash(text).strip(_TRIM)
    for _ in range(2):
        if len(text) >= 2 and text[0] in _QUOTES and text.endswith(_QUOTES[text[0]]):
            text = text[1:-1].strip(_TRIM)
    # A quote or bracket left open by a removal goes too.
    for opener, closer in (*_QUOTES.items(), ("(", ")"), ("[", "]")):
        if text.endswith(opener) or (text.startswith(closer) and opener != closer):
            text = text.strip(opener + closer).strip(_TRIM)
        if text.count(opener) != text.count(closer) and opener != closer:
            if text.startswith(opener):
                text = text[1:].strip(_TRIM)
            elif text.endswith(closer):
                text = text[:-1].strip(_TRIM)
    return text


def _drop_noise(text: str) -> str:
    trailing, leading, bracketed, loose_former = _noise_patterns()
    text = bracketed.sub("", text)
    text = loose_former.sub("", text)
    dba = _DBA.match(text)
    if dba:
        text = dba.group(2)
    for _ in range(3):
        before = text
        text = trailing.sub("", text)
        text = leading.sub("", text)
        text = _OFFICIAL.sub("", text)
        text = _WELCOME.sub("", text)
        if text == before:
            break
    return text


def _usable(candidate: str) -> bool:
    return (
        any(ch.isalnum() for ch in candidate)
        and not _DANGLING_CONJUNCTION.search(candidate)
        and candidate.strip().lower() not in _ARTICLES  # "The Limited" is a brand
    )


def _strip_once(text: str) -> str:
    any_case, cased, prefix = _patterns()
    for pattern in (any_case, cased):
        match = pattern.search(text)
        if match:
            candidate = _tidy(text[: match.start()])
            if _usable(candidate):
                return candidate
    match = prefix.match(text)
    if match:
        candidate = _tidy(text[match.end() :])
        if _usable(candidate):
            return candidate
    for form in CJK_FORMS:
        if text.startswith(form) and _usable(text[len(form) :]):
            return _tidy(text[len(form) :])
        if text.endswith(form) and _usable(text[: -len(form)]):
            return _tidy(text[: -len(form)])
    return text


def clean_company_name(name: str) -> str:
    """The brand name: legal forms, former names, page-title noise and emoji removed."""
    original = _squash(unicodedata.normalize("NFC", name or ""))
    if not original:
        return ""
    text = _INVISIBLE.sub("", original)
    text = _tidy(_drop_symbols(text))
    text = _tidy(_drop_noise(text))
    for _ in range(6):  # "Foo Holding GmbH & Co. KG (Pty) Ltd" needs several passes
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return text or _tidy(original)


def clean_company_names(names: Iterable[str]) -> list[str]:
    """`clean_company_name` for each name, in order (the 003 batch route)."""
    return [clean_company_name(n) for n in names]


MAX_NAMES = 10_000


def clean_name_batch(names: Sequence[str]) -> list[str]:
    """Seed 003's clean-names request: at most `MAX_NAMES` names, cleaned in order."""
    if len(names) > MAX_NAMES:
        raise InvalidInput(
            f"names has {len(names)} items; at most {MAX_NAMES:,}.", summary="Too many names"
        )
    return clean_company_names(names)
