"""60 a minute per key, one burst to 120 an hour, 429 with Retry-After; Redis shared."""

from __future__ import annotations

import time

import httpx
import pytest

from leadsmith.api.rate_limit import KeyRateLimiter, make_storage
from tests.factories import make_caller


async def test_headers_on_every_response_and_429_after_the_burst(
    client: httpx.AsyncClient,
) -> None:
    caller = await make_caller()
    statuses = []
    last = None
    for _ in range(122):
        last = await client.get("/api/v1/credits", headers=caller.headers)
        statuses.append(last.status_code)
        assert {
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
        } <= last.headers.keys()
    assert statuses[:120] == [200] * 120  # 60, then the hour's one burst to 120
    assert statuses[120:] == [429, 429]
    assert last is not None
    assert last.json()["code"] == "rate_limited"
    assert 1 <= int(last.headers["retry-after"]) <= 60
    assert int(last.headers["x-ratelimit-reset"]) >= int(time.time())
    # Other keys are unaffected.
    other = await make_caller()
    assert (await client.get("/api/v1/credits", headers=other.headers)).status_code == 200


class _Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def test_burst_only_once_an_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    import limits.aio.storage.memory as memory

    from leadsmith.api import rate_limit

    clock = _Clock()
    monkeypatch.setattr(memory.time, "time", clock)
    monkeypatch.setattr(rate_limit.time, "time", clock)
    limiter = KeyRateLimiter(make_storage(None), per_minute=3, burst_per_minute=5)
    assert [(await limiter.hit("k")).allowed for _ in range(6)] == [True] * 5 + [False]
    clock.now += 61  # next minute: the burst of this hour is spent
    assert [(await limiter.hit("k")).allowed for _ in range(4)] == [True] * 3 + [False]
    clock.now += 3600  # an hour later the burst is available again
    assert [(await limiter.hit("k")).allowed for _ in range(6)] == [True] * 5 + [False]


async def test_redis_storage_shares_limits_across_limiters() -> None:
    import redis

    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    key = f"test-{time.time_ns()}"
    a = KeyRateLimiter(make_storage("redis://127.0.0.1:6379/0"), per_minute=3, burst_per_minute=4)
    b = KeyRateLimiter(make_storage("redis://127.0.0.1:6379/0"), per_minute=3, burst_per_minute=4)
    results = [(await (a if i % 2 else b).hit(key)).allowed for i in range(5)]
    assert results == [True, True, True, True, False]
