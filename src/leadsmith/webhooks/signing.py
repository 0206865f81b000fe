"""Webhook secrets and signatures.

Every delivery is signed twice with the endpoint's one `whsec_...` secret:

- `X-Leadsmith-Signature`: hex HMAC-SHA256 of `"{timestamp}.{rawBody}"`, keyed with the
  whole secret string as shown (`whsec_...` included), exactly as seed 003's code does;
  `X-Leadsmith-Timestamp` carries the unix seconds.
- Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`): keyed with
  the base64 part after `whsec_`, decoded, as that spec says.

Secrets must be stored to sign, so they are sealed at rest under the server secret
(`LEADSMITH_SECRET_KEY`): a database dump or backup alone does not reveal them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from standardwebhooks import Webhook

from leadsmith.accounts.secrets import server_secret

SECRET_PREFIX = "whsec_"
# 24 random bytes: 32 base64 characters without padding, as Standard Webhooks examples use.
SECRET_BYTES = 24
# Receivers reject timestamps further than this from their clock (anti-replay).
TOLERANCE_SECONDS = 300

SIGNATURE_HEADER = "X-Leadsmith-Signature"
TIMESTAMP_HEADER = "X-Leadsmith-Timestamp"
EVENT_HEADER = "X-Leadsmith-Event"
DELIVERY_HEADER = "X-Leadsmith-Delivery"

_SEAL_VERSION = b"v1"
_NONCE_BYTES = 16
_TAG_BYTES = 32


class SecretUnreadable(Exception):
    """A sealed secret does not open: it was sealed under another server secret, or altered."""


def generate_secret() -> str:
    """A new endpoint secret, `whsec_` + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def leadsmith_signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """Hex HMAC-SHA256 of `"{timestamp}.{body}"` keyed with the whole secret string."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_headers(
    secret: str, *, delivery_id: str, event: str, body: bytes, timestamp: int | None = None
) -> dict[str, str]:
    """Every header a delivery carries: Leadsmith's four and the three Standard Webhooks ones."""
    ts = int(time.time()) if timestamp is None else timestamp
    standard = Webhook(secret).sign(delivery_id, datetime.fromtimestamp(ts, UTC), body.decode())
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: leadsmith_signature(secret, ts, body),
        TIMESTAMP_HEADER: str(ts),
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery_id,
        "webhook-id": delivery_id,
        "webhook-timestamp": str(ts),
        "webhook-signature": standard,
    }


def verify_signature(
    secret: str,
    body: bytes | str,
    headers: Mapping[str, str],
    *,
    tolerance: int = TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """The receiver's check documented in docs/webhooks.md: signature and 5-minute window."""
    lowered = {k.lower(): v for k, v in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER.lower())
    timestamp = lowered.get(TIMESTAMP_HEADER.lower())
    if not signature or not timestamp:
        return False
    try:
        sent_at = int(timestamp)
    except ValueError:
        return False
    # Anti-replay: a captured request re-sent later carries an old timestamp.
    if abs((time.time() if now is None else now) - sent_at) > tolerance:
        return False
    raw = body.encode() if isinstance(body, str) else body
    expected = leadsmith_signature(secret, timestamp, raw)
    return hmac.compare_digest(signature.encode(), expected.encode())


# -- sealing secrets at rest --
#
# The standard library has no block cipher and `cryptography` is not a dependency, so the
# seal is HMAC-SHA256 in counter mode (a PRF keystream) with encrypt-then-MAC under
# separate keys derived from the server secret. A fresh random nonce per seal keeps the
# keystream unique; the tag makes any alteration fail loudly.


def _derived_key(label: bytes) -> bytes:
    return hmac.new(server_secret(), b"leadsmith/webhook-secret/" + label, hashlib.sha256).digest()


def _keystream(key: bytes, nonce: bytes, length: int) -> bytes:
    blocks = []
    for counter in range((length + 31) // 32):
        blocks.append(hmac.new(key, nonce + counter.to_bytes(4, "big"), hashlib.sha256).digest())
    return b"".join(blocks)[:length]


def _tag(nonce: bytes, ciphertext: bytes) -> bytes:
    return hmac.new(
        _derived_key(b"mac"), _SEAL_VERSION + nonce + ciphertext, hashlib.sha256
    ).digest()


def seal_secret(secret: str) -> str:
    """Encrypt and authenticate `secret` for storage."""
    nonce = secrets.token_bytes(_NONCE_BYTES)
    plain = secret.encode()
    stream = _keystream(_derived_key(b"enc"), nonce, len(plain))
    ciphertext = bytes(a ^ b for a, b in zip(plain, stream, strict=True))
    sealed = nonce + ciphertext + _tag(nonce, ciphertext)
    return _SEAL_VERSION.decode() + "." + base64.urlsafe_b64encode(sealed).decode("ascii")


def open_secret(sealed: str) -> str:
    """The secret `seal_secret` sealed; raises `SecretUnreadable` if it cannot be trusted."""
    version, _, encoded = sealed.partition(".")
    try:
        raw = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except ValueError as exc:
        raise SecretUnreadable("the stored webhook secret is malformed") from exc
    if version.encode() != _SEAL_VERSION or len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise SecretUnreadable("the stored webhook secret is malformed")
    nonce, ciphertext, tag = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(nonce, ciphertext)):
        raise SecretUnreadable(
            "the stored webhook secret does not open with this server's LEADSMITH_SECRET_KEY;"
            " rotate the endpoint's secret"
        )
    stream = _keystream(_derived_key(b"enc"), nonce, len(ciphertext))
    return bytes(a ^ b for a, b in zip(ciphertext, stream, strict=True)).decode()
