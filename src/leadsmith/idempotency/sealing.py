"""Stored replay bodies are sealed: a response may hold a secret shown once (a webhook
signing secret), and a database dump must not reveal it.

AES-256-GCM under a key derived from the server secret, the workspace and the
Idempotency-Key, so a body opens only for the same key in the same workspace.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from leadsmith.accounts.secrets import server_secret

_MAGIC = b"LSS1"
_NONCE = 12


def _key(workspace_id: str, idem_key: str) -> bytes:
    label = b"idempotency-body\0" + workspace_id.encode() + b"\0" + idem_key.encode()
    return hmac.new(server_secret(), label, hashlib.sha256).digest()


def _aad(workspace_id: str, idem_key: str) -> bytes:
    return workspace_id.encode() + b"\0" + idem_key.encode()


def seal(workspace_id: str, idem_key: str, body: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_key(workspace_id, idem_key)).encrypt(nonce, body, _aad(workspace_id, idem_key))
    return _MAGIC + nonce + sealed


def unseal(workspace_id: str, idem_key: str, stored: bytes) -> bytes:
    """The body as sent; records written before sealing existed come back as they are."""
    if not stored.startswith(_MAGIC):
        return stored
    nonce = stored[len(_MAGIC) : len(_MAGIC) + _NONCE]
    sealed = stored[len(_MAGIC) + _NONCE :]
    return AESGCM(_key(workspace_id, idem_key)).decrypt(nonce, sealed, _aad(workspace_id, idem_key))
