"""Pytest fixtures for the mail world.

To use them, bind them in a conftest: `standard_world = fixtures.standard_world` and
`mail_world = fixtures.mail_world` (see tests/emails/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .standard import build_standard_world
from .world import MailWorld


@pytest.fixture(scope="session")
def standard_world() -> Iterator[MailWorld]:
    """The standard world, started once per test session (it runs in its own thread)."""
    with build_standard_world() as world:
        yield world


@pytest.fixture
def mail_world(standard_world: MailWorld) -> MailWorld:
    """The standard world with recordings, counters and greylist memory cleared."""
    standard_world.reset()
    return standard_world
