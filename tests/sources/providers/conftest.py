"""Fixtures for the provider client tests: the fakes, a recording sleep, fast retries."""

from __future__ import annotations

import pytest
from tests.fakes.providers.fixtures import (  # noqa: F401
    fake_brave,
    fake_hunter,
    fake_pdl,
    fake_searxng,
    search_index,
    sleeps,
)

from leadsmith.sources.http_provider import RetryPolicy


@pytest.fixture
def fast_retry() -> RetryPolicy:
    """Three tries, 0.01 s first back-off, waits over 5 s given up on."""
    return RetryPolicy(attempts=3, base_delay=0.01, max_delay=5.0)
