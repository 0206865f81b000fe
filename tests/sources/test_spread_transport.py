"""Provider requests of a bulk job spread over small connection pools, least busy first."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from leadsmith.sources.http_provider import SpreadTransport, pooled_client


class _Body(httpx.AsyncByteStream):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"ok"


def _pools(
    n: int, seen: list[int], gate: asyncio.Event | None = None, arrived: asyncio.Event | None = None
) -> list[httpx.MockTransport]:
    def pool(i: int) -> httpx.MockTransport:
        async def handler(request: httpx.Request) -> httpx.Response:
            seen.append(i)
            if arrived is not None and len(seen) == 6:
                arrived.set()
            if gate is not None:
                await gate.wait()
            if request.url.path == "/fail":
                raise httpx.ConnectError("down", request=request)
            if request.url.path == "/stream":  # a body still to be read, as from a server
                return httpx.Response(200, stream=_Body())
            return httpx.Response(200, json={"pool": i})

        return httpx.MockTransport(handler)

    return [pool(i) for i in range(n)]


async def test_requests_in_flight_go_to_the_least_busy_pool() -> None:
    seen: list[int] = []
    gate, arrived = asyncio.Event(), asyncio.Event()
    transport = SpreadTransport(_pools(3, seen, gate, arrived))
    async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        pending = [asyncio.create_task(client.get("/x")) for _ in range(6)]
        await asyncio.wait_for(arrived.wait(), 5)
        assert sorted(seen) == [0, 0, 1, 1, 2, 2] and transport.in_flight == [2, 2, 2]
        gate.set()
        answers = await asyncio.gather(*pending)
    assert all(r.status_code == 200 for r in answers)
    assert transport.in_flight == [0, 0, 0]  # released once each body was read and closed


async def test_a_failed_request_releases_its_pool() -> None:
    seen: list[int] = []
    transport = SpreadTransport(_pools(2, seen))
    async with httpx.AsyncClient(transport=transport, base_url="http://p") as client:
        with pytest.raises(httpx.ConnectError):
            await client.get("/fail")
        async with client.stream("GET", "/stream") as response:
            assert transport.in_flight == [0, 1] or transport.in_flight == [1, 0]
            await response.aread()
    assert transport.in_flight == [0, 0]


async def test_pooled_client_spreads_only_when_asked() -> None:
    async with pooled_client(timeout=5.0) as single:
        assert not isinstance(single._transport, SpreadTransport)
    async with pooled_client(timeout=5.0, pools=4, connections_per_pool=2) as spread:
        assert isinstance(spread._transport, SpreadTransport)
        assert len(spread._transport.pools) == 4
    with pytest.raises(ValueError):
        SpreadTransport([])
