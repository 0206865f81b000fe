"""Disposable, role and free-provider flags."""

from __future__ import annotations

import pytest

from leadsmith.emails.flags import is_disposable, is_free_provider, is_role


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mailinator.com", True),
        ("someone@mailinator.com", True),
        ("deep.sub.mailinator.com", True),  # parent domains count
        ("MAILINATOR.COM", True),
        ("acme.com", False),
        ("gmail.com", False),
        ("com", False),
    ],
)
def test_disposable(value: str, expected: bool) -> None:
    assert is_disposable(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("info", True),
        ("postmaster", True),  # RFC 2142
        ("Sales", True),
        ("sales+eu", True),
        ("no-reply@acme.com", True),
        ("john", False),
        ("john.smith@acme.com", False),
    ],
)
def test_role(value: str, expected: bool) -> None:
    assert is_role(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("gmail.com", True), ("bob@Outlook.com", True), ("acme.com", False)],
)
def test_free_provider(value: str, expected: bool) -> None:
    assert is_free_provider(value) is expected
