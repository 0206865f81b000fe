"""The verification code docs/webhooks.md shows works against what Leadsmith sends."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import HTTPServer
from pathlib import Path
from typing import Any

import pytest

from leadsmith.config import get_settings
from leadsmith.webhooks.delivery import post_signed
from leadsmith.webhooks.signing import generate_secret, signature_headers

DOC = Path(__file__).parents[2] / "docs" / "webhooks.md"
BODY = json.dumps({"event": "batch.completed", "delivery_id": "d-9", "data": {}}).encode()


@pytest.fixture(scope="module")
def documented() -> dict[str, Any]:
    """Every Python block of the doc, run in one namespace (as a reader would paste them)."""
    namespace: dict[str, Any] = {"__name__": "documented_receiver"}
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)
    assert len(blocks) == 3
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    return namespace


def test_documented_verifiers_accept_a_fresh_delivery(documented: dict[str, Any]) -> None:
    secret = generate_secret()
    headers = signature_headers(secret, delivery_id="d-9", event="batch.completed", body=BODY)
    assert documented["verify_leadsmith_signature"](BODY, headers, secret) is True
    assert documented["verify_standard_webhook"](BODY, headers, secret) == json.loads(BODY)


def test_documented_verifiers_reject_replays_and_forgeries(documented: dict[str, Any]) -> None:
    verify = documented["verify_leadsmith_signature"]
    standard = documented["verify_standard_webhook"]
    secret = generate_secret()
    stale = signature_headers(
        secret,
        delivery_id="d-9",
        event="batch.completed",
        body=BODY,
        timestamp=int(time.time()) - 6 * 60,
    )
    assert verify(BODY, stale, secret) is False
    assert standard(BODY, stale, secret) is None
    fresh = signature_headers(secret, delivery_id="d-9", event="batch.completed", body=BODY)
    assert verify(BODY + b"x", fresh, secret) is False
    assert verify(BODY, fresh, generate_secret()) is False
    assert standard(BODY, fresh, generate_secret()) is None
    assert verify(BODY, {}, secret) is False


async def test_documented_receiver_accepts_leadsmith_deliveries(
    documented: dict[str, Any],
) -> None:
    secret = generate_secret()
    documented["SECRET"] = secret
    server = HTTPServer(("127.0.0.1", 0), documented["LeadsmithHook"])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        ok = await post_signed(
            url,
            secret,
            delivery_id="d-9",
            event="batch.completed",
            body=BODY,
            settings=get_settings(),
        )
        assert ok.succeeded and ok.status == 204
        forged = await post_signed(
            url,
            generate_secret(),
            delivery_id="d-9",
            event="batch.completed",
            body=BODY,
            settings=get_settings(),
        )
        assert not forged.succeeded and forged.status == 401
        assert forged.error == "receiver answered HTTP 401"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert documented["seen_deliveries"] == {"d-9"}
