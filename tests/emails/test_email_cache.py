"""Result caching: per address with TTL, only definite verdicts, pluggable store."""

from __future__ import annotations

import asyncio

from leadsmith.config import Settings
from leadsmith.emails.cache import InMemoryVerificationCache, TtlStore, VerificationCache
from leadsmith.emails.models import Verification
from leadsmith.emails.verifier import EmailVerifier
from tests.fakes.mailworld import MailWorld


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_ttl_store_expires_and_evicts() -> None:
    clock = FakeClock()
    store: TtlStore[int] = TtlStore(max_entries=2, clock=clock)
    store.put("a", 1, ttl_seconds=10)
    store.put("b", 2, ttl_seconds=10)
    assert store.get("a") == 1
    store.put("c", 3, ttl_seconds=10)  # evicts the least recently used: b
    assert store.get("b") is None and store.get("a") == 1 and store.get("c") == 3
    clock.now += 11
    assert store.get("a") is None
    store.put("d", 4, ttl_seconds=0)
    assert store.get("d") is None


async def test_in_memory_cache_marks_hits_and_copies() -> None:
    cache = InMemoryVerificationCache()
    assert isinstance(cache, VerificationCache)
    original = Verification("a@b.com", "a@b.com", "valid", "accepted", 95, {"k": 1})
    await cache.put("a@b.com", original, 60)
    original.checks["k"] = 2
    hit = await cache.get("a@b.com")
    assert hit is not None and hit.cached is True and hit.checks["k"] == 1
    assert await cache.get("other@b.com") is None


async def test_second_verify_is_served_from_cache(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    first = await verifier.verify("john@acme.com")
    commands = len(mail_world.commands())
    second = await verifier.verify("John@ACME.com")
    assert first.cached is False and second.cached is True
    assert second.email == "John@ACME.com"  # as given this time
    assert (second.status, second.normalized) == ("valid", "john@acme.com")
    assert len(mail_world.commands()) == commands


async def test_unknown_verdicts_are_not_cached(
    verifier: EmailVerifier, mail_world: MailWorld
) -> None:
    await verifier.verify("john@blocked.com")
    again = await verifier.verify("john@blocked.com")
    assert again.cached is False
    assert mail_world.server("mx.blocked.com").sessions == 2


async def test_cache_ttl(world_settings: Settings, mail_world: MailWorld) -> None:
    async with EmailVerifier(world_settings, cache_ttl_seconds=0.2) as verifier:
        await verifier.verify("john@acme.com")
        assert (await verifier.verify("john@acme.com")).cached
        await asyncio.sleep(0.3)
        assert not (await verifier.verify("john@acme.com")).cached


async def test_default_ttl_comes_from_settings(mail_world: MailWorld) -> None:
    settings = Settings(**mail_world.settings_overrides(verify_cache_ttl_seconds=123))
    assert EmailVerifier(settings).cache_ttl == 123


class RecordingCache:
    """A VerificationCache the way a DB-backed one would be used."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[dict[str, object], float]] = {}

    async def get(self, address: str) -> Verification | None:
        row = self.rows.get(address)
        return None if row is None else Verification.from_dict({**row[0], "cached": True})

    async def put(self, address: str, result: Verification, ttl_seconds: float) -> None:
        self.rows[address] = (result.to_dict(), ttl_seconds)


async def test_pluggable_cache(world_settings: Settings) -> None:
    cache = RecordingCache()
    async with EmailVerifier(world_settings, cache=cache, cache_ttl_seconds=99) as verifier:
        results = await verifier.verify_many(["john@acme.com", "nobody@acme.com", "x@blocked.com"])
        assert set(cache.rows) == {"john@acme.com", "nobody@acme.com"}
        assert {ttl for _, ttl in cache.rows.values()} == {99}
        hit = await verifier.verify("nobody@acme.com")
    assert (
        hit.cached
        and hit.status == "invalid"
        and hit.to_dict()
        == {
            **results[1].to_dict(),
            "cached": True,
        }
    )
