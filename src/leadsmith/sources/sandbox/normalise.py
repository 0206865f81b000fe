"""Text folding shared by the sandbox's generator, indexes and lookups.

Case and diacritics are folded so that "Müller", "MULLER" and "muller" meet in one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into ASCII.
_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "’": "'",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII form of `text`: diacritics removed, special letters spelled out,
    anything else outside ASCII dropped."""
    text = text.translate(_SPECIAL)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=65536)
def alnum(text: str) -> str:
    """Folded `text` with everything but letters and digits removed ("O'Brien" -> "obrien")."""
    return _NON_ALNUM.sub("", fold(text))


@lru_cache(maxsize=65536)
def hyphenated(text: str) -> str:
    """Folded `text`, runs of other characters turned into one hyphen ("De Luca" -> "de-luca")."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


def words(text: str) -> list[str]:
    """Folded alphanumeric words of `text`."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A very small stemmer so that "engineering"/"engineer" and "payments"/"payment" meet."""
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def normalise_domain(value: str) -> str:
    """Lower-cased bare host of a domain, URL or email ("https://www.Acme.com/x" -> "acme.com")."""
    value = value.strip().lower()
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    value = value.split("://", 1)[-1]
    value = value.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].strip(".")
    if value.startswith("www."):
        value = value[4:]
    return value
