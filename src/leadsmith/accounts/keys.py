"""API keys: creation, authentication, revocation. Keys are stored only as HMACs."""

from __future__ import annotations

import ipaddress
import secrets
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from leadsmith.accounts.key_cache import forget_cached_keys
from leadsmith.accounts.models import ApiKey, Workspace
from leadsmith.accounts.scopes import ALL_SCOPES
from leadsmith.accounts.secrets import token_hash
from leadsmith.db.base import utcnow

LIVE_PREFIX = "lsk_live_"
TEST_PREFIX = "lsk_test_"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _base62(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, 62)
        out.append(_ALPHABET[r])
    return "".join(reversed(out))


def generate_key(test: bool) -> str:
    """A new key: prefix, 32 random base62 characters, 6-character CRC32 checksum."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(32))
    prefix = TEST_PREFIX if test else LIVE_PREFIX
    return prefix + body + _base62(zlib.crc32((prefix + body).encode()), 6)


def looks_like_key(key: str) -> bool:
    """Cheap shape and checksum check before any database work."""
    if not key.startswith((LIVE_PREFIX, TEST_PREFIX)) or len(key) != len(LIVE_PREFIX) + 38:
        return False
    head, check = key[:-6], key[-6:]
    return _base62(zlib.crc32(head.encode()), 6) == check


def display_prefix(key: str) -> str:
    return key[: len(LIVE_PREFIX) + 6]


@dataclass(slots=True)
class CreatedKey:
    record: ApiKey
    key: str  # shown once


async def create_key(
    session: AsyncSession,
    workspace: Workspace,
    *,
    name: str = "",
    test: bool = False,
    scopes: list[str] | None = None,
    expires_in_days: float | None = None,
    allowed_ips: list[str] | None = None,
) -> CreatedKey:
    """Create a key for `workspace`; the plain key is returned once and never stored."""
    scopes = list(scopes) if scopes else list(ALL_SCOPES)
    for s in scopes:
        if s not in ALL_SCOPES:
            raise ValueError(f"unknown scope {s!r}")
    networks = [str(ipaddress.ip_network(c, strict=False)) for c in allowed_ips or []]
    key = generate_key(test)
    expires_at: datetime | None = None
    if expires_in_days is not None:
        expires_at = utcnow() + timedelta(days=expires_in_days)
    record = ApiKey(
        workspace_id=workspace.id,
        name=name,
        prefix=display_prefix(key),
        key_hash=token_hash(key),
        test=test,
        scopes=scopes,
        allowed_ips=networks or None,
        expires_at=expires_at,
    )
    session.add(record)
    await session.flush()
    return CreatedKey(record=record, key=key)


async def find_key(session: AsyncSession, key: str) -> tuple[ApiKey, Workspace] | None:
    """The key record and its workspace for a presented key, or None."""
    if not looks_like_key(key):
        return None
    row = (
        await session.execute(
            select(ApiKey, Workspace)
            .join(Workspace, Workspace.id == ApiKey.workspace_id)
            .where(ApiKey.key_hash == token_hash(key))
        )
    ).first()
    if row is None:
        return None
    return row[0], row[1]


def ip_allowed(allowed: list[str] | None, client_ip: str | None) -> bool:
    """True when no allow-list is set or the client's address is in it."""
    if not allowed:
        return True
    if not client_ip:
        return False
    try:
        addr = ipaddress.ip_address(client_ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(net, strict=False) for net in allowed)


async def revoke_key(session: AsyncSession, workspace_id: str | None, key_id: str) -> ApiKey | None:
    """Revoke a key (of `workspace_id` when given); None when there is no such key."""
    query = select(ApiKey).where(ApiKey.id == key_id)
    if workspace_id is not None:
        query = query.where(ApiKey.workspace_id == workspace_id)
    record = (await session.execute(query)).scalar_one_or_none()
    if record is None:
        return None
    if record.revoked_at is None:
        record.revoked_at = utcnow()
    forget_cached_keys()
    return record


async def list_keys(session: AsyncSession, workspace_id: str) -> list[ApiKey]:
    rows = await session.execute(
        select(ApiKey).where(ApiKey.workspace_id == workspace_id).order_by(ApiKey.created_at)
    )
    return list(rows.scalars())
