"""Fixtures for the email verification tests: the mail world and verifiers aimed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from leadsmith.config import Settings
from leadsmith.emails.smtp_probe import ProbePolicy
from leadsmith.emails.verifier import EmailVerifier
from tests.fakes.mailworld import MailWorld, fixtures

# Re-exported so pytest finds them in this directory.
standard_world = fixtures.standard_world
mail_world = fixtures.mail_world

# Short waits keep the suite fast; the behaviours are the same as with real timeouts.
FAST_POLICY = ProbePolicy(throttle_backoff=0.05)


@pytest.fixture
def world_settings(mail_world: MailWorld) -> Settings:
    """Settings that point DNS and SMTP at the mail world, with short timeouts."""
    return Settings(**mail_world.settings_overrides(smtp_timeout=0.5, dns_timeout=0.5))


@pytest.fixture
async def verifier(world_settings: Settings) -> AsyncIterator[EmailVerifier]:
    """A fresh verifier (empty caches) aimed at the mail world."""
    v = EmailVerifier(world_settings, policy=FAST_POLICY)
    yield v
    await v.aclose()
