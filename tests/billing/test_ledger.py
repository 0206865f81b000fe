"""The ledger: exact fractions, atomic charges under concurrency, idempotent references."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from leadsmith.accounts.models import Workspace
from leadsmith.billing import ledger, quotas
from leadsmith.db.engine import session_scope
from leadsmith.errors import InsufficientCredits, QuotaExceeded, SpendCapReached
from tests.factories import make_caller


async def _workspace(workspace_id: str) -> Workspace:
    async with session_scope() as session:
        ws = await session.get(Workspace, workspace_id)
        assert ws is not None
        return ws


async def _charge(workspace_id: str, amount: Decimal, ref: str) -> bool:
    try:
        async with session_scope() as session:
            ws = await session.get(Workspace, workspace_id)
            assert ws is not None
            await ledger.charge(session, ws, amount, operation="test", reference=ref)
        return True
    except InsufficientCredits:
        return False


async def test_200_concurrent_charges_against_100_succeed_exactly_100() -> None:
    caller = await make_caller(credits=100)
    results = await asyncio.gather(
        *[_charge(caller.workspace_id, Decimal(1), f"c{i}") for i in range(200)]
    )
    assert sum(results) == 100
    async with session_scope() as session:
        bal = await ledger.get_balance(session, caller.workspace_id)
    assert bal.balance == 0 and bal.spent == 100 and bal.balance == bal.earned - bal.spent


async def test_tenths_add_up_exactly() -> None:
    caller = await make_caller(credits=1)
    for i in range(10):
        assert await _charge(caller.workspace_id, Decimal("0.1"), f"t{i}")
    assert not await _charge(caller.workspace_id, Decimal("0.1"), "t10")
    async with session_scope() as session:
        bal = await ledger.get_balance(session, caller.workspace_id)
    assert bal.balance == Decimal(0) and bal.spent == Decimal(1)


async def test_same_reference_charges_once() -> None:
    caller = await make_caller(credits=5)
    results = await asyncio.gather(
        *[_charge(caller.workspace_id, Decimal(1), "same") for _ in range(5)]
    )
    assert all(results)
    async with session_scope() as session:
        bal = await ledger.get_balance(session, caller.workspace_id)
    assert bal.balance == 4


async def test_rollback_undoes_a_charge() -> None:
    caller = await make_caller(credits=5)
    with pytest.raises(RuntimeError):
        async with session_scope() as session:
            ws = await session.get(Workspace, caller.workspace_id)
            assert ws is not None
            await ledger.charge(session, ws, Decimal(2), operation="t", reference="r")
            raise RuntimeError("the job insert failed")
    async with session_scope() as session:
        assert (await ledger.get_balance(session, caller.workspace_id)).balance == 5


async def test_hourly_spend_cap() -> None:
    from leadsmith.accounts.service import update_workspace

    caller = await make_caller(credits=100)
    async with session_scope() as session:
        ws = await session.get(Workspace, caller.workspace_id)
        assert ws is not None
        update_workspace(ws, spend_cap=3)
    assert await _charge(caller.workspace_id, Decimal(2), "a")
    with pytest.raises(SpendCapReached):
        await _charge(caller.workspace_id, Decimal(2), "b")
    assert await _charge(caller.workspace_id, Decimal(1), "c")


async def test_negative_grant_is_an_adjustment() -> None:
    caller = await make_caller(credits=10)
    async with session_scope() as session:
        await ledger.grant(session, caller.workspace_id, Decimal(-3), operation="cli")
        bal = await ledger.get_balance(session, caller.workspace_id)
    assert bal.balance == 7 and bal.earned == 7


async def test_monthly_grant_happens_once_per_period() -> None:
    caller = await make_caller(plan="pro")
    ws = await _workspace(caller.workspace_id)
    for _ in range(3):
        async with session_scope() as session:
            await ledger.ensure_period_grant(session, ws)
    async with session_scope() as session:
        assert (await ledger.get_balance(session, caller.workspace_id)).earned == 2000


async def test_search_quota_and_result_overage() -> None:
    free = await make_caller(plan="free")
    ws = await _workspace(free.workspace_id)
    for _ in range(3):
        async with session_scope() as session:
            await quotas.consume_search(session, ws)
    with pytest.raises(QuotaExceeded):
        async with session_scope() as session:
            await quotas.consume_search(session, ws)
    async with session_scope() as session:
        assert await quotas.consume_results(session, ws, 40) == 25  # no overage on Free
    pro = await make_caller(plan="pro", overage=True)
    ws = await _workspace(pro.workspace_id)
    async with session_scope() as session:
        assert await quotas.consume_results(session, ws, 520) == 520
        view = await quotas.usage(session, ws)
    assert view.results_used == 520 and view.overage_results == 20 and view.overage_cents == 100
