"""The `smtp` finder and the service against the simulated mail world (real SMTP probes)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from leadsmith.config import Settings
from leadsmith.db.engine import read_scope
from leadsmith.emails.smtp_probe import ProbePolicy
from leadsmith.emails.verifier import EmailVerifier
from leadsmith.enrich.models import ObservedAddress
from leadsmith.enrich.service import observed_patterns, open_lookups
from leadsmith.sources.base import PersonQuery
from leadsmith.sources.smtp_finder import CATCH_ALL_CAP, SmtpFinderSource
from tests.enrich.live import configure
from tests.factories import make_caller
from tests.fakes.mailworld import MailWorld, fixtures

standard_world = fixtures.standard_world
mail_world = fixtures.mail_world


@pytest.fixture
async def verifier(mail_world: MailWorld) -> AsyncIterator[EmailVerifier]:
    settings = Settings(**mail_world.settings_overrides(smtp_timeout=0.5, dns_timeout=0.5))
    v = EmailVerifier(settings, policy=ProbePolicy(throttle_backoff=0.05))
    yield v
    await v.aclose()


async def test_finds_the_existing_permutation(verifier: EmailVerifier) -> None:
    found = await SmtpFinderSource(verifier).find_email(
        PersonQuery(first_name="Jane", last_name="Roe", domain="acme.com")
    )
    assert found and found[0].email == "jane@acme.com"
    assert found[0].verified and found[0].evidence == "guessed"


async def test_catch_all_domain_is_capped(verifier: EmailVerifier) -> None:
    found = await SmtpFinderSource(verifier).find_email(
        PersonQuery(first_name="Mary", last_name="Major", domain="catchall.com")
    )
    assert len(found) == 1
    assert found[0].confidence <= CATCH_ALL_CAP and not found[0].verified


async def test_service_learns_the_pattern_from_a_found_address(verifier: EmailVerifier) -> None:
    caller = await make_caller(credits=10)
    await configure(caller.workspace_id, smtp={"enabled": True})
    from leadsmith.accounts.models import Workspace

    async with read_scope() as session:
        workspace = await session.get(Workspace, caller.workspace_id)
    async with open_lookups(workspace, test=False, verifier=verifier) as lookups:
        looked = await lookups.find_email(
            PersonQuery(first_name="Anna", last_name="Smith", domain="acme.com")
        )
        charged = await lookups.settle([(looked, None)])
    assert looked.result["email"] == "anna@acme.com" and looked.result["verified"]
    assert charged == 0
    async with read_scope() as session:
        pattern = await session.scalar(
            select(ObservedAddress.pattern).where(ObservedAddress.email == "anna@acme.com")
        )
    assert pattern == "first"
    assert await observed_patterns("acme.com")  # other tests may add acme.com addresses
