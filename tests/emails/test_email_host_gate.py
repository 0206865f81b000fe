"""The per-host admission gate: a hard cap, shrinking and pausing after 421."""

from __future__ import annotations

import asyncio

from leadsmith.emails.host_gate import HostGate


async def test_gate_caps_concurrency() -> None:
    gate = HostGate(2)
    active = 0
    seen = 0

    async def work() -> None:
        nonlocal active, seen
        async with gate.slot():
            active += 1
            seen = max(seen, active)
            await asyncio.sleep(0.01)
            active -= 1

    await asyncio.gather(*(work() for _ in range(10)))
    assert seen == 2 and gate.peak == 2 and gate.active == 0


async def test_throttle_shrinks_and_pauses() -> None:
    gate = HostGate(3)
    loop = asyncio.get_running_loop()
    async with gate.slot(), gate.slot():
        pause = gate.throttle(0.1)  # refused while two sessions were open
    assert pause == 0.1
    assert gate.limit == 1
    started = loop.time()
    async with gate.slot():
        assert loop.time() - started >= 0.09
    assert gate.throttle(0.1) == 0.2  # consecutive 421s double the pause
    gate.succeeded()
    assert gate.throttle(0.1) == 0.1


async def test_limit_recovers_after_quiet_period() -> None:
    gate = HostGate(3, recover_after=0.05)
    async with gate.slot():
        gate.throttle(0.0)
    assert gate.limit == 1
    await asyncio.sleep(0.06)
    async with gate.slot():
        assert gate.limit == 3
