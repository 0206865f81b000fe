"""The server's HMAC secret, resolved once per process."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from leadsmith.config import get_settings, resolve_secret_key


@lru_cache(maxsize=1)
def server_secret() -> bytes:
    """The secret every stored token hash is keyed with."""
    return resolve_secret_key(get_settings()).encode()


def token_hash(token: str) -> str:
    """HMAC-SHA256 of a token under the server secret, hex."""
    return hmac.new(server_secret(), token.encode(), hashlib.sha256).hexdigest()
