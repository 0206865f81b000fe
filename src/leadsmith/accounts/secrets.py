"""The server's secret, resolved once per process: token hashes and sealed values."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from leadsmith.config import get_settings, resolve_secret_key


@lru_cache(maxsize=1)
def server_secret() -> bytes:
    """The secret every stored token hash is keyed with."""
    return resolve_secret_key(get_settings()).encode()


def token_hash(token: str) -> str:
    """HMAC-SHA256 of a token under the server secret, hex."""
    return hmac.new(server_secret(), token.encode(), hashlib.sha256).hexdigest()


_SEALED = b"LSS1"
_NONCE = 12
SEALED_TEXT_PREFIX = "sealed:v1:"


def _sealing_key(label: bytes) -> bytes:
    return hmac.new(server_secret(), b"seal\0" + label, hashlib.sha256).digest()


def seal(label: bytes, data: bytes) -> bytes:
    """AES-256-GCM under a key derived from the server secret and `label`; a sealed value
    opens only with the same label (so it cannot be moved to another record)."""
    nonce = os.urandom(_NONCE)
    return _SEALED + nonce + AESGCM(_sealing_key(label)).encrypt(nonce, data, label)


def unseal(label: bytes, stored: bytes) -> bytes:
    """What `seal` sealed; bytes that were never sealed come back as they are."""
    if not stored.startswith(_SEALED):
        return stored
    nonce = stored[len(_SEALED) : len(_SEALED) + _NONCE]
    return AESGCM(_sealing_key(label)).decrypt(nonce, stored[len(_SEALED) + _NONCE :], label)


def seal_text(label: str, text: str) -> str:
    """`seal` for a string kept in JSON (base64 with a recognisable prefix)."""
    sealed = seal(label.encode(), text.encode())
    return SEALED_TEXT_PREFIX + base64.urlsafe_b64encode(sealed).decode()


def unseal_text(label: str, stored: str) -> str:
    """`seal_text` reversed; a value stored before sealing comes back as it is."""
    if not stored.startswith(SEALED_TEXT_PREFIX):
        return stored
    raw = base64.urlsafe_b64decode(stored[len(SEALED_TEXT_PREFIX) :].encode())
    return unseal(label.encode(), raw).decode()
