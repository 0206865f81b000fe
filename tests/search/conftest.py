"""Fixtures for the search tests: the fake search engines and the fake web."""

from __future__ import annotations

from tests.fakes.providers.fixtures import (  # noqa: F401
    fake_brave,
    fake_searxng,
    search_index,
)
from tests.fakes.sites.fixtures import fake_web, fake_web_server  # noqa: F401
