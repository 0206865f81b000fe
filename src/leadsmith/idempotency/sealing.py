"""Stored replay bodies are sealed: a response may hold a secret shown once (a webhook
signing secret), and a database dump must not reveal it.

The label binds a body to its workspace and Idempotency-Key, so it opens only for the
same key in the same workspace.
"""

from __future__ import annotations

from leadsmith.accounts import secrets


def _label(workspace_id: str, idem_key: str) -> bytes:
    return b"idempotency-body\0" + workspace_id.encode() + b"\0" + idem_key.encode()


def seal(workspace_id: str, idem_key: str, body: bytes) -> bytes:
    return secrets.seal(_label(workspace_id, idem_key), body)


def unseal(workspace_id: str, idem_key: str, stored: bytes) -> bytes:
    """The body as sent; records written before sealing existed come back as they are."""
    return secrets.unseal(_label(workspace_id, idem_key), stored)
