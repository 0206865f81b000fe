"""Phone numbers: parse to E.164 with a type and country, format, find in text.

Types (`PhoneRecord.type`), from libphonenumber's number type:
- MOBILE → "mobile".
- FIXED_LINE, and FIXED_LINE_OR_MOBILE (the US/CA plan cannot tell them apart) →
  "direct" when the number belongs to a person (`personal=True`: a provider's answer
  for a person, a number in a team-page card), else "office" (a company switchboard).
- TOLL_FREE → "toll_free"; VOIP → "voip"; PERSONAL_NUMBER → "personal";
  PREMIUM_RATE → "premium_rate"; SHARED_COST and UAN (company-wide numbers) → "office";
  PAGER → "pager"; anything else → "unknown".

Formats: contracts show numbers differently (002 "+1-415-555-0192", 003/004 "+1 415 555
0106"), so `format_phone` takes a style and each router picks its own; the default,
`format_international`, is libphonenumber's ITU style "+1 415-555-0192".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from leadsmith.sources.records import PhoneRecord, Provenance

PhoneStyle = Literal["international", "dashed", "spaced", "e164"]

_TYPE_NAMES: dict[int, str] = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "office",
    PhoneNumberType.UAN: "office",
    PhoneNumberType.PAGER: "pager",
}
_LANDLINE_TYPES = frozenset({PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_TEL_PREFIX = re.compile(r"^\s*(?:tel|callto|phone):\s*(?://)?", re.I)


def _region(country: str | None) -> str | None:
    if not country:
        return None
    region = country.strip().upper()
    if region == "UK":  # the ccTLD and common usage; ISO says GB
        region = "GB"
    return region if region in phonenumbers.SUPPORTED_REGIONS else None


def parse_phone(
    raw: str, default_country: str | None = None, *, strict: bool = True
) -> phonenumbers.PhoneNumber | None:
    """Parse `raw` into a libphonenumber object, None when it is not a usable number.

    Without a country the number must be international (+ or 00 prefix). `strict`
    requires a valid number for its country; otherwise a possible one is enough.
    """
    text = _TEL_PREFIX.sub("", raw or "").strip()
    if not text or len(text) > 64:
        return None
    region = _region(default_country)
    if text.startswith("00") and region is None:
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if strict and not phonenumbers.is_valid_number(number):
        return None
    if not strict and not phonenumbers.is_possible_number(number):
        return None
    return number


def phone_type(number: phonenumbers.PhoneNumber, *, personal: bool = False) -> str:
    """Leadsmith's type word for a parsed number (see the module docstring)."""
    kind = phonenumbers.number_type(number)
    if kind in _LANDLINE_TYPES:
        return "direct" if personal else "office"
    return _TYPE_NAMES.get(kind, "unknown")


def normalise_phone(
    raw: str,
    default_country: str | None = None,
    *,
    personal: bool = False,
    strict: bool = True,
    provenance: list[Provenance] | None = None,
) -> PhoneRecord | None:
    """E.164 number with type and ISO country, or None if `raw` is not a phone number.

    Extensions are dropped: E.164 has none, and a switchboard number still reaches them.
    """
    number = parse_phone(raw, default_country, strict=strict)
    if number is None:
        return None
    return PhoneRecord(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        type=phone_type(number, personal=personal),
        country=phonenumbers.region_code_for_number(number),
        provenance=list(provenance or []),
    )


def format_phone(e164: str, style: PhoneStyle = "international") -> str:
    """Show an E.164 number: "international" +1 415-555-0192, "dashed" +1-415-555-0192,
    "spaced" +1 415 555 0192, "e164" +14155550192. Unparseable input comes back as is."""
    try:
        number = phonenumbers.parse(e164, None)
    except NumberParseException:
        return e164
    if style == "e164":
        return phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if style == "dashed":
        return phonenumbers.format_number(number, PhoneNumberFormat.RFC3966).removeprefix("tel:")
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    if style == "spaced":
        return international.replace("-", " ")
    return international


def format_international(e164: str) -> str:
    """libphonenumber's international form, e.g. "+1 415-555-0192"."""
    return format_phone(e164, "international")


@dataclass(frozen=True, slots=True)
class PhoneMatch:
    """A phone number found in text, with where it was."""

    raw: str
    start: int
    end: int
    record: PhoneRecord


def extract_phones(
    text: str,
    default_country: str | None = None,
    *,
    personal: bool = False,
    limit: int = 50,
) -> list[PhoneMatch]:
    """Valid phone numbers written in `text`, first occurrence of each, in order.

    Without a country only international (+…) numbers are found, which keeps dates,
    prices and postcodes out.
    """
    region = _region(default_country)
    seen: set[str] = set()
    found: list[PhoneMatch] = []
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID, max_tries=limit * 4
    )
    for match in matcher:
        number = match.number
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        if e164 in seen:
            continue
        seen.add(e164)
        record = PhoneRecord(
            e164=e164,
            type=phone_type(number, personal=personal),
            country=phonenumbers.region_code_for_number(number),
        )
        found.append(PhoneMatch(match.raw_string, match.start, match.end, record))
        if len(found) >= limit:
            break
    return found
