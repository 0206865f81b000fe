"""People found by several sources are one person: same email, LinkedIn URL, or name at
the same company."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from leadsmith.sources.records import PersonRecord

_LINKEDIN = re.compile(r"linkedin\.com/in/([^/?#]+)", re.IGNORECASE)


def fold(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def normalise_email(email: str | None) -> str | None:
    """The address as stored and compared: trimmed and lower case."""
    if not email or "@" not in email:
        return None
    return email.strip().lower()


def linkedin_key(url: str | None) -> str | None:
    """The profile slug of a LinkedIn URL, lower case."""
    if not url:
        return None
    match = _LINKEDIN.search(url)
    return match.group(1).lower().rstrip("/") if match else None


def name_key(name: str, company: str | None, domain: str | None = None) -> str:
    """Name at company, folded: the weakest of the identity keys."""
    where = domain.lower() if domain else fold(company or "")
    return f"{fold(name)}@{where}"


def person_keys(person: PersonRecord) -> set[str]:
    """Every identity key of a person (prefixed by kind so kinds never collide)."""
    keys = set()
    if email := normalise_email(person.email):
        keys.add(f"e:{email}")
    if slug := linkedin_key(person.linkedin_url):
        keys.add(f"l:{slug}")
    company = person.company
    keys.add(
        "n:"
        + name_key(
            person.name, company.name if company else None, company.domain if company else None
        )
    )
    return keys


def stored_keys(
    email: str | None, linkedin_url: str | None, stored_name_key: str | None
) -> set[str]:
    """The identity keys of a saved result, from its columns."""
    keys = set()
    if e := normalise_email(email):
        keys.add(f"e:{e}")
    if slug := linkedin_key(linkedin_url):
        keys.add(f"l:{slug}")
    if stored_name_key:
        keys.add(f"n:{stored_name_key}")
    return keys


def merge(into: PersonRecord, other: PersonRecord) -> None:
    """Fill `into`'s missing facts from `other` and keep both provenances."""
    for attr in (
        "title",
        "seniority",
        "department",
        "email",
        "phone",
        "phone_type",
        "linkedin_url",
        "country",
        "region",
        "city",
    ):
        if getattr(into, attr) in (None, "") and getattr(other, attr) not in (None, ""):
            setattr(into, attr, getattr(other, attr))
    if into.company is None:
        into.company = other.company
    into.skills = list(dict.fromkeys([*into.skills, *other.skills]))
    into.provenance = [*into.provenance, *other.provenance]


def dedupe(people: Iterable[PersonRecord], seen: set[str]) -> list[PersonRecord]:
    """People not matching any key in `seen` (which grows), merging duplicates in the batch."""
    out: list[PersonRecord] = []
    by_key: dict[str, PersonRecord] = {}
    for person in people:
        keys = person_keys(person)
        if keys & seen:
            continue
        match = next((by_key[k] for k in keys if k in by_key), None)
        if match is not None:
            merge(match, person)
            for k in keys:
                by_key[k] = match
            continue
        out.append(person)
        for k in keys:
            by_key[k] = person
    for person in out:
        seen.update(person_keys(person))
    return out
