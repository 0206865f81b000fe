"""Secrets, both signature schemes, the documented verifier, and sealing at rest."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from leadsmith.webhooks.delivery import parse_retry_schedule, retry_schedule
from leadsmith.webhooks.signing import (
    SecretUnreadable,
    generate_secret,
    open_secret,
    seal_secret,
    signature_headers,
    verify_signature,
)
from tests.webhooks.conftest import settings_env

BODY = json.dumps({"event": "batch.completed", "delivery_id": "d-1", "data": {}}).encode()


def test_secret_is_whsec_and_base64_of_random_bytes() -> None:
    secret = generate_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24
    assert generate_secret() != secret


def test_leadsmith_signature_is_hmac_of_timestamp_dot_body_keyed_with_whole_secret() -> None:
    secret = generate_secret()
    headers = signature_headers(secret, delivery_id="d-1", event="batch.completed", body=BODY)
    ts = headers["X-Leadsmith-Timestamp"]
    # Seed 003's JavaScript: createHmac("sha256", secret).update(`${ts}.${rawBody}`).
    expected = hmac.new(secret.encode(), f"{ts}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert headers["X-Leadsmith-Signature"] == expected
    assert abs(int(ts) - time.time()) < 5
    assert headers["X-Leadsmith-Event"] == "batch.completed"
    assert headers["X-Leadsmith-Delivery"] == headers["webhook-id"] == "d-1"
    assert headers["webhook-timestamp"] == ts
    assert verify_signature(secret, BODY, headers)


def test_standard_webhooks_signature_verifies_with_the_package() -> None:
    secret = generate_secret()
    headers = signature_headers(secret, delivery_id="d-2", event="batch.completed", body=BODY)
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(BODY, headers) == json.loads(BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(generate_secret()).verify(BODY, headers)


def test_old_timestamps_are_rejected_by_both_schemes() -> None:
    secret = generate_secret()
    old = int(time.time()) - 301
    headers = signature_headers(
        secret, delivery_id="d-3", event="batch.completed", body=BODY, timestamp=old
    )
    assert not verify_signature(secret, BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, headers)
    # Inside the window the same request passes; a timestamp from the future fails too.
    assert verify_signature(secret, BODY, headers, now=old + 299)
    assert not verify_signature(secret, BODY, headers, now=old - 301)


def test_tampering_fails_verification() -> None:
    secret = generate_secret()
    headers = signature_headers(secret, delivery_id="d-4", event="batch.completed", body=BODY)
    assert not verify_signature(secret, BODY + b" ", headers)
    assert not verify_signature(generate_secret(), BODY, headers)
    moved = {**headers, "X-Leadsmith-Timestamp": str(int(headers["X-Leadsmith-Timestamp"]) + 1)}
    assert not verify_signature(secret, BODY, moved)
    assert not verify_signature(secret, BODY, {"X-Leadsmith-Timestamp": "1"})
    assert not verify_signature(secret, BODY, {**headers, "X-Leadsmith-Timestamp": "soon"})


def test_headers_are_case_insensitive_for_the_verifier() -> None:
    secret = generate_secret()
    headers = signature_headers(secret, delivery_id="d-5", event="batch.completed", body=BODY)
    assert verify_signature(secret, BODY.decode(), {k.lower(): v for k, v in headers.items()})


def test_sealed_secret_round_trips_and_hides_the_secret() -> None:
    secret = generate_secret()
    sealed = seal_secret(secret)
    assert secret not in sealed and secret.removeprefix("whsec_") not in sealed
    assert seal_secret(secret) != sealed  # a fresh nonce each time
    assert open_secret(sealed) == secret


def test_altered_seal_is_refused() -> None:
    sealed = seal_secret(generate_secret())
    version, _, data = sealed.partition(".")
    raw = bytearray(base64.urlsafe_b64decode(data))
    raw[20] ^= 1
    with pytest.raises(SecretUnreadable):
        open_secret(version + "." + base64.urlsafe_b64encode(bytes(raw)).decode())
    with pytest.raises(SecretUnreadable):
        open_secret("v1.@@@")
    with pytest.raises(SecretUnreadable):
        open_secret("v9." + data)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1m,5m,30m,6h", [60, 300, 1800, 21600]),
        ("0.2s, 0.2s,0.2s,0.2s", [0.2, 0.2, 0.2, 0.2]),
        ("90,1.5m,250ms,1d", [90, 90, 0.25, 86400]),
        ("", []),
    ],
)
def test_retry_schedule_parses_units(text: str, seconds: list[float]) -> None:
    assert parse_retry_schedule(text) == pytest.approx(seconds)


def test_bad_retry_schedule_is_refused_and_the_default_used() -> None:
    with pytest.raises(ValueError, match="bad webhook retry delay"):
        parse_retry_schedule("1m,soon")
    with settings_env(webhook_retry_schedule="1m,soon"):
        assert retry_schedule() == [60, 300, 1800, 21600]
