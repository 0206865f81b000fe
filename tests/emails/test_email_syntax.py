"""Syntax and normalisation (no network)."""

from __future__ import annotations

import pytest

from leadsmith.emails.syntax import EmailSyntaxError, parse_email


def test_plain_address_is_normalised() -> None:
    parsed = parse_email("  John.Doe@Acme.COM ")
    assert parsed.normalized == "john.doe@acme.com"
    assert parsed.smtp_address == "john.doe@acme.com"
    assert parsed.plus_tag is None
    assert not parsed.smtputf8 and not parsed.quoted


def test_idn_domain_is_probed_as_punycode() -> None:
    parsed = parse_email("anna@Bücher.com")
    assert parsed.domain == "bücher.com"
    assert parsed.ascii_domain == "xn--bcher-kva.com"
    assert parsed.normalized == "anna@bücher.com"
    assert parsed.smtp_address == "anna@xn--bcher-kva.com"
    assert not parsed.smtputf8  # an IDN domain alone does not need SMTPUTF8


def test_plus_tag_is_reported_with_the_base_address() -> None:
    parsed = parse_email("John+Newsletters@acme.com")
    assert parsed.plus_tag == "newsletters"
    assert parsed.normalized == "john+newsletters@acme.com"
    assert parsed.base_address == "john@acme.com"


def test_quoted_local_part_is_kept_verbatim() -> None:
    parsed = parse_email('"John Doe"@acme.com')
    assert parsed.quoted
    assert parsed.smtp_address == '"John Doe"@acme.com'
    assert parsed.plus_tag is None


def test_needless_quotes_are_dropped() -> None:
    assert parse_email('"john"@acme.com').normalized == "john@acme.com"


def test_utf8_local_part_needs_smtputf8() -> None:
    parsed = parse_email("josé@acme.com")
    assert parsed.smtputf8
    assert parsed.smtp_address == "josé@acme.com"


@pytest.mark.parametrize(
    "address",
    [
        "",
        "plainaddress",
        "@acme.com",
        "john@",
        "john..doe@acme.com",
        "john@acme",
        "john@[127.0.0.1]",
        "john doe@acme.com",
        "x" * 65 + "@acme.com",
        "john@-acme.com",
    ],
)
def test_invalid_syntax_raises(address: str) -> None:
    with pytest.raises(EmailSyntaxError):
        parse_email(address)
