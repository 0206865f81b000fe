"""pytest fixtures for the fake web; a conftest imports them by name:
`from tests.fakes.sites.fixtures import fake_web, fake_web_server` (noqa F401).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.fakes.sites import FakeWeb


@pytest.fixture(scope="session")
def fake_web_server() -> Iterator[FakeWeb]:
    """One threaded server on 127.0.0.1 for the whole session."""
    web = FakeWeb.start()
    yield web
    web.stop()


@pytest.fixture
def fake_web(fake_web_server: FakeWeb) -> FakeWeb:
    """The fake web with no sites and an empty request log."""
    fake_web_server.reset()
    return fake_web_server
