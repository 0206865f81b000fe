"""Phone numbers: E.164, types, countries, formats, and numbers found in text."""

from __future__ import annotations

import pytest

from leadsmith.phones import (
    extract_phones,
    format_international,
    format_phone,
    normalise_phone,
    parse_phone,
)
from leadsmith.sources.records import Provenance


@pytest.mark.parametrize(
    ("raw", "country", "e164", "region"),
    [
        ("+1-415-555-0192", None, "+14155550192", "US"),
        ("(415) 555-2671", "US", "+14155552671", "US"),
        ("415.555.2671", "us", "+14155552671", "US"),
        ("+44 20 7946 0958", None, "+442079460958", "GB"),
        ("020 7946 0958", "UK", "+442079460958", "GB"),  # "UK" as people write it
        ("030 1234567", "DE", "+49301234567", "DE"),
        ("0049 30 1234567", None, "+49301234567", "DE"),  # 00 prefix without a country
        ("+49 (0)30 1234567", None, "+49301234567", "DE"),
        ("tel:+91-99999-00000", None, "+919999900000", "IN"),
        ("+33 1 42 68 53 00", None, "+33142685300", "FR"),
        ("+81 3-1234-5678", None, "+81312345678", "JP"),
        ("+1 415 555 2671 ext. 123", None, "+14155552671", "US"),  # extension dropped
    ],
)
def test_normalises_to_e164_with_country(
    raw: str, country: str | None, e164: str, region: str
) -> None:
    record = normalise_phone(raw, country)
    assert record is not None
    assert (record.e164, record.country) == (e164, region)


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "not a number", "12345", "030 1234567", "+1 555 010 0001", "2019-2023",
     "+99 123", "1" * 80],
)  # fmt: skip
def test_rejects_what_is_not_a_valid_number(raw: str) -> None:
    # A local number needs its country; fictional area codes are not valid.
    assert normalise_phone(raw) is None


def test_possible_numbers_pass_when_not_strict() -> None:
    record = normalise_phone("+1 555 010 0001", strict=False)
    assert record is not None and record.e164 == "+15550100001" and record.type == "unknown"
    assert parse_phone("+1 555 010 0001") is None


@pytest.mark.parametrize(
    ("raw", "personal", "kind"),
    [
        ("+49 151 23456789", False, "mobile"),
        ("+49 151 23456789", True, "mobile"),
        ("+49 30 1234567", False, "office"),  # a fixed line on a company page: switchboard
        ("+49 30 1234567", True, "direct"),  # a fixed line of a person: their direct dial
        ("+1 415 555 0192", False, "office"),  # US numbers cannot tell mobile from fixed
        ("+1 415 555 0192", True, "direct"),
        ("+1 800 555 0199", False, "toll_free"),
        ("+44 800 123 4567", True, "toll_free"),
        ("+44 56 1234 5678", False, "voip"),
        ("+44 70 1234 5678", False, "personal"),
        ("+44 909 876 5432", False, "premium_rate"),
    ],
)
def test_types(raw: str, personal: bool, kind: str) -> None:
    record = normalise_phone(raw, personal=personal)
    assert record is not None and record.type == kind


def test_provenance_is_kept() -> None:
    seen = [Provenance("web", "https://acme.test/contact")]
    record = normalise_phone("+1 415 555 0192", provenance=seen)
    assert record is not None and record.provenance == seen


@pytest.mark.parametrize(
    ("style", "shown"),
    [
        ("international", "+1 415-555-0192"),
        ("dashed", "+1-415-555-0192"),  # seed 002
        ("spaced", "+1 415 555 0192"),  # seeds 003 and 004
        ("e164", "+14155550192"),
    ],
)
def test_formats(style: str, shown: str) -> None:
    assert format_phone("+14155550192", style) == shown  # type: ignore[arg-type]


def test_format_international_and_other_countries() -> None:
    assert format_international("+14155550192") == "+1 415-555-0192"
    assert format_international("+919999900000") == "+91 99999 00000"
    assert format_phone("+442079460958", "dashed") == "+44-20-7946-0958"
    assert format_phone("garbage") == "garbage"


def test_extracts_numbers_from_text_in_order_without_duplicates() -> None:
    text = (
        "Call our office on 030 1234567 or mobile +49 151 23456789. "
        "Fax: +49 30 1234568. Again: 030 1234567. Founded 1952, 70565 Stuttgart."
    )
    found = extract_phones(text, "DE")
    assert [m.record.e164 for m in found] == ["+49301234567", "+4915123456789", "+49301234568"]
    assert found[0].raw == "030 1234567" and text[found[0].start : found[0].end] == found[0].raw
    assert found[1].record.type == "mobile"


def test_without_a_country_only_international_numbers_are_found() -> None:
    text = "US: (415) 555-2671, UK: +44 20 7946 0958, dates 2019-2023, price $1,234,567"
    assert [m.record.e164 for m in extract_phones(text)] == ["+442079460958"]
    assert [m.record.e164 for m in extract_phones(text, "US")] == [
        "+14155552671",
        "+442079460958",
    ]


def test_extraction_is_bounded() -> None:
    text = " ".join(f"+1 415 555 {n:04d}" for n in range(100, 200))
    assert len(extract_phones(text, limit=5)) == 5
