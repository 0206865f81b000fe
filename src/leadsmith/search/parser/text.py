"""Prompt text: normalisation, tokens, and whole-word phrase lookup over tokens."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

V = TypeVar("V")

_DASHES = dict.fromkeys(map(ord, "‐‑‒–−"), "-")
_QUOTES = {
    ord("‘"): "'",
    ord("’"): "'",
    ord("‚"): "'",
    ord("‛"): "'",
    ord("`"): "'",
    ord("´"): "'",
    ord("“"): '"',
    ord("”"): '"',
    ord("„"): '"',
    ord("«"): '"',
    ord("»"): '"',
}
_SPACED_LONG_DASH = re.compile(r"\s+[—―]\s+")
_WHITESPACE = re.compile(r"\s+")
# Sentence punctuation trimmed from the ends of a normalised prompt ("+" and "#" stay:
# "C++", "1000+").
_END_PUNCTUATION = " \t\n.,;:!?…\"'`()[]{}<>-—–_*"

# Words keep internal dots, apostrophes, & and # ("node.js", "don't", "R&D", "C#");
# numbers keep thousands separators, decimals, a currency sign and a k/m/b suffix.
_TOKEN = re.compile(
    r"""
    (?P<num>[$€£]?\d+(?:[.,]\d+)*(?:\s?(?:[kKmMbB]|bn|mn)\b)?(?![^\W\d_]))
  | (?P<word>[^\W_][\w]*(?:[.'&][^\W_][\w]*)*(?:\+\+|\#)?)
  | (?P<punct>[^\w\s])
    """,
    re.VERBOSE,
)
# Punctuation that ends a phrase; "-", "/", "&" and "+" are kept as tokens.
BOUNDARY_PUNCT = frozenset(',;.:!?()[]{}"|<>…—')


def clean_text(text: str) -> str:
    """NFKC, plain quotes and hyphens, a spaced long dash read as a comma, one space."""
    text = unicodedata.normalize("NFKC", text)
    text = _SPACED_LONG_DASH.sub(", ", text)
    text = text.translate(_DASHES).translate(_QUOTES).replace("—", "-").replace("―", "-")
    return _WHITESPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Case-folded, accent-free form used for every comparison ("Zürich" -> "zurich")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_prompt(prompt: str) -> str:
    """The form that keys search cursors: NFKC, case-folded, one space, ends trimmed."""
    text = clean_text(prompt).casefold()
    return text.strip(_END_PUNCTUATION)


@dataclass(slots=True)
class Token:
    """One word, number or punctuation mark of a prompt."""

    text: str
    key: str  # folded, "'s" dropped: what lexicons are keyed on
    start: int
    end: int
    kind: str  # "word" | "num" | "punct"
    joined: bool = False  # written straight after the previous token ("e-commerce")
    used: bool = False

    @property
    def is_boundary(self) -> bool:
        return self.kind == "punct" and self.text in BOUNDARY_PUNCT

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()


def _key(text: str) -> str:
    key = fold(text)
    return key[:-2] if key.endswith("'s") and len(key) > 3 else key


def tokenise(text: str) -> list[Token]:
    """Split cleaned text into tokens; a hyphen between two words joins them instead."""
    tokens: list[Token] = []
    pending_join = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        raw = m.group()
        if kind == "punct" and raw == "-":
            before = text[m.start() - 1 : m.start()]
            after = text[m.end() : m.end() + 1]
            if before.strip() and after.strip() and tokens:
                pending_join = True
                continue
        tokens.append(Token(raw, _key(raw), m.start(), m.end(), kind, joined=pending_join))
        pending_join = False
    return tokens


_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The token keys a phrase is looked up by ("E-commerce" -> ("e", "commerce"))."""
    if _PLAIN_NAME.fullmatch(phrase):
        # Fast path for plain names (tens of thousands of city names at start-up).
        folded = phrase.lower() if phrase.isascii() else fold(phrase)
        return tuple(folded.replace("-", " ").split())
    return tuple(t.key for t in tokenise(clean_text(phrase)))


def plural(word: str) -> str:
    """Regular English plural of a lower-case word."""
    if word.endswith("tech"):
        return word + "s"  # "fintechs", "biotechs"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def with_plurals(phrase: str) -> list[str]:
    """The phrase and its plural (last word pluralised): "bank" -> ["bank", "banks"]."""
    head, _, last = phrase.rpartition(" ")
    if not last or not last[-1:].isalpha():
        return [phrase]
    if last.endswith("s") and not last.endswith("ss"):
        return [phrase]  # already plural, or a mass noun ("sales", "logistics")
    return [phrase, f"{head} {plural(last)}".strip()]


@dataclass
class Prompt:
    """A cleaned prompt and its tokens; extractors mark the tokens they consume."""

    text: str
    tokens: list[Token]

    @classmethod
    def of(cls, raw: str) -> Prompt:
        text = clean_text(raw)
        return cls(text, tokenise(text))

    def span(self, i: int, j: int) -> str:
        """The text of tokens i..j-1 as typed."""
        return self.text[self.tokens[i].start : self.tokens[j - 1].end]

    def mark(self, i: int, j: int) -> None:
        for tok in self.tokens[i:j]:
            tok.used = True

    def free(self, i: int, j: int) -> bool:
        """True when tokens i..j-1 exist and none is consumed yet."""
        return 0 <= i < j <= len(self.tokens) and not any(t.used for t in self.tokens[i:j])

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Indices of the tokens overlapping characters start..end."""
        idx = [k for k, t in enumerate(self.tokens) if t.start < end and t.end > start]
        return (idx[0], idx[-1] + 1) if idx else (0, 0)

    def key(self, i: int) -> str:
        return self.tokens[i].key if 0 <= i < len(self.tokens) else ""


@dataclass
class PhraseIndex(Generic[V]):
    """Longest-match lookup of multi-token phrases over a token list."""

    entries: dict[tuple[str, ...], V] = field(default_factory=dict)
    max_len: int = 1

    def add(self, phrase: str | tuple[str, ...], value: V, *, overwrite: bool = False) -> None:
        key = phrase if isinstance(phrase, tuple) else phrase_key(phrase)
        if not key or (key in self.entries and not overwrite):
            return
        self.entries[key] = value
        self.max_len = max(self.max_len, len(key))

    def add_all(self, phrases: Iterable[str], value: V) -> None:
        for phrase in phrases:
            self.add(phrase, value)

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def get(self, key: tuple[str, ...]) -> V | None:
        return self.entries.get(key)

    def match(
        self, tokens: list[Token], i: int, *, allow_used: bool = False
    ) -> tuple[int, V] | None:
        """The longest phrase starting at token i: (token count, value), or None."""
        keys: list[str] = []
        for j in range(i, min(len(tokens), i + self.max_len)):
            tok = tokens[j]
            if tok.is_boundary or (tok.used and not allow_used):
                break
            keys.append(tok.key)
        for n in range(len(keys), 0, -1):
            value = self.entries.get(tuple(keys[:n]))
            if value is not None:
                return n, value
        return None
