"""A batch's status counts come from the database (no result decoded in Python)."""

from __future__ import annotations

from sqlalchemy import insert

from leadsmith.batches import service as batches
from leadsmith.batches.models import Batch, BatchRow
from leadsmith.db.base import new_id
from leadsmith.db.engine import read_scope, session_scope
from tests.factories import make_caller


async def test_status_counts_group_done_rows_by_their_result_status() -> None:
    caller = await make_caller()
    batch_id = new_id()
    rows = [
        ("done", {"status": "valid", "email": "a@x.com"}),
        ("done", {"status": "valid", "email": "b@x.com"}),
        ("done", {"status": "invalid"}),
        ("done", {"reason": "no status at all"}),
        ("done", None),
        ("pending", None),
        ("retry", {"status": "unknown"}),
    ]
    async with session_scope() as session:
        session.add(
            Batch(id=batch_id, workspace_id=caller.workspace_id, kind="verify", total_rows=7)
        )
        await session.flush()
        await session.execute(
            insert(BatchRow),
            [
                {"batch_id": batch_id, "idx": i, "input": {}, "state": state, "result": result}
                for i, (state, result) in enumerate(rows)
            ],
        )
    async with read_scope() as session:
        counts = await batches.status_counts(session, batch_id)
    assert counts == {"valid": 2, "invalid": 1, "unknown": 2}
