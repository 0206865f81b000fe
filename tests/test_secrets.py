"""Sealed values: readable only with their label, never stored in clear, legacy values pass."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from leadsmith.accounts.models import Workspace
from leadsmith.accounts.secrets import seal, seal_text, unseal, unseal_text
from leadsmith.config import get_settings
from leadsmith.enrich.providers import api_key, set_workspace_key, workspace_key


def test_sealed_bytes_open_only_with_their_label() -> None:
    sealed = seal(b"a", b"whsec_secret")
    assert b"whsec_secret" not in sealed and sealed != seal(b"a", b"whsec_secret")
    assert unseal(b"a", sealed) == b"whsec_secret"
    with pytest.raises(InvalidTag):
        unseal(b"b", sealed)
    assert unseal(b"a", b'{"plain": true}') == b'{"plain": true}'


def test_sealed_text_round_trips_and_legacy_text_passes() -> None:
    stored = seal_text("label", "key-1234")
    assert stored.startswith("sealed:v1:") and "key-1234" not in stored
    assert unseal_text("label", stored) == "key-1234"
    assert unseal_text("label", "written-in-clear") == "written-in-clear"


def test_provider_keys_are_sealed_per_workspace_and_provider() -> None:
    one, two = Workspace(id="ws-one", name="one"), Workspace(id="ws-two", name="two")
    set_workspace_key(one, "hunter", "hunter-key-ABCD")
    stored = (one.settings or {})["providers"]["hunter"]["api_key"]
    assert "hunter-key-ABCD" not in stored
    assert workspace_key(one, "hunter") == "hunter-key-ABCD"
    assert api_key(one, "hunter", get_settings()) == "hunter-key-ABCD"
    # Copied onto another workspace or provider, the sealed value does not open.
    two.settings = {"providers": {"hunter": {"api_key": stored}}}
    assert workspace_key(two, "hunter") is None
    set_workspace_key(one, "hunter", None)
    assert workspace_key(one, "hunter") is None
