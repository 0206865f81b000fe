"""First start: the sandbox key is made once, kept, and replaced when revoked."""

from __future__ import annotations

from pathlib import Path

from leadsmith.accounts.bootstrap import ensure_sandbox_key
from leadsmith.accounts.keys import find_key, revoke_key
from leadsmith.config import get_settings
from leadsmith.db.engine import session_scope


async def test_sandbox_key_is_kept_and_replaced_when_revoked(tmp_path: Path) -> None:
    settings = get_settings().model_copy(update={"data_dir": tmp_path})
    key, created = await ensure_sandbox_key(settings)
    assert created and key.startswith("lsk_test_")
    assert (tmp_path / "sandbox_test_key").read_text().strip() == key
    again, created_again = await ensure_sandbox_key(settings)
    assert (again, created_again) == (key, False)
    async with session_scope() as session:
        found = await find_key(session, key)
        assert found is not None
        await revoke_key(session, None, found[0].id)
    fresh, made = await ensure_sandbox_key(settings)
    assert made and fresh != key
