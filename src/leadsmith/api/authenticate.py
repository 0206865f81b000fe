"""Turning request credentials into a Principal, with the documented failure codes."""

from __future__ import annotations

from sqlalchemy import select

from leadsmith.accounts import key_cache
from leadsmith.accounts.key_cache import KeyFacts
from leadsmith.accounts.keys import find_key, ip_allowed
from leadsmith.accounts.models import DashboardSession
from leadsmith.accounts.scopes import ALL_SCOPES
from leadsmith.accounts.secrets import token_hash
from leadsmith.api.principal import Principal
from leadsmith.db.base import utcnow
from leadsmith.db.engine import read_scope
from leadsmith.errors import AuthError, LeadsmithError

SESSION_COOKIE = "ls_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def key_from_headers(headers: dict[str, str]) -> str | None:
    """The API key from `Authorization: Bearer` or `x-api-key`."""
    auth = headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    key = headers.get("x-api-key")
    return key.strip() if key and key.strip() else None


async def _key_facts(key: str) -> KeyFacts | None:
    hit, facts = key_cache.cached(key)
    if hit:
        return facts
    async with read_scope() as session:
        found = await find_key(session, key)
    if found is not None:
        record = found[0]
        facts = KeyFacts(
            id=record.id,
            workspace_id=record.workspace_id,
            prefix=record.prefix,
            scopes=frozenset(record.scopes),
            test=record.test,
            allowed_ips=tuple(record.allowed_ips or ()),
            expires_at=record.expires_at,
            revoked_at=record.revoked_at,
        )
    key_cache.remember(key, facts)
    return facts


async def principal_for_key(key: str, client_ip: str | None) -> Principal:
    record = await _key_facts(key)
    if record is None:
        raise AuthError(
            "The API key is not valid; check that it was copied whole.",
            code="invalid_key",
            summary="Invalid API key",
        )
    now = utcnow()
    if record.revoked_at is not None:
        raise AuthError(
            "This API key was revoked; create a new one.",
            code="revoked_key",
            summary="API key revoked",
        )
    if record.expires_at is not None and record.expires_at <= now:
        raise AuthError(
            "This API key has expired; create a new one.",
            code="expired_key",
            summary="API key expired",
        )
    if not ip_allowed(list(record.allowed_ips), client_ip):
        raise LeadsmithError(
            f"Requests from {client_ip} are not on this key's IP allow-list.",
            code="ip_denied",
            status=403,
            summary="IP address not allowed",
        )
    return Principal(
        workspace_id=record.workspace_id,
        scopes=record.scopes,
        test=record.test,
        via="key",
        key_id=record.id,
        key_prefix=record.prefix,
    )


async def principal_for_cookie(cookie: str, method: str, csrf: str | None) -> Principal | None:
    """The dashboard session's principal, or None when the cookie is not a live session."""
    async with read_scope() as session:
        record = (
            await session.execute(
                select(DashboardSession).where(DashboardSession.token_hash == token_hash(cookie))
            )
        ).scalar_one_or_none()
    if record is None or record.expires_at <= utcnow():
        return None
    if method not in SAFE_METHODS and csrf != record.csrf_token:
        raise LeadsmithError(
            "This request needs the dashboard's CSRF token in the X-CSRF-Token header.",
            code="csrf_failed",
            status=403,
            summary="CSRF check failed",
        )
    return Principal(
        workspace_id=record.workspace_id,
        scopes=frozenset(ALL_SCOPES),
        test=False,
        via="session",
        user_id=record.user_id,
    )


def missing_key() -> AuthError:
    return AuthError(
        "Send your API key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.",
        code="missing_key",
        summary="Missing API key",
    )
