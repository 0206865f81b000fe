"""Phone numbers: E.164 normalisation, types, formatting, extraction from text."""

from leadsmith.phones.normalise import (
    PhoneMatch,
    PhoneStyle,
    extract_phones,
    format_international,
    format_phone,
    normalise_phone,
    parse_phone,
    phone_type,
)

__all__ = [
    "PhoneMatch",
    "PhoneStyle",
    "extract_phones",
    "format_international",
    "format_phone",
    "normalise_phone",
    "parse_phone",
    "phone_type",
]
