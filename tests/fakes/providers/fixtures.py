"""Pytest fixtures for the provider fakes, one started server per test.

Use them from any conftest with
`from tests.fakes.providers.fixtures import fake_hunter  # noqa: F401`
(or list this module in `pytest_plugins` of the root conftest).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.fakes.providers.hunter import FakeHunter
from tests.fakes.providers.pdl import FakePDL
from tests.fakes.providers.search import FakeBrave, FakeSearxng, SearchIndex
from tests.fakes.providers.sleep import RecordedSleep


@pytest.fixture
def fake_hunter() -> Iterator[FakeHunter]:
    """A running fake Hunter.io; key `fake_hunter.api_key`, URL `fake_hunter.base_url`."""
    with FakeHunter() as fake:
        yield fake


@pytest.fixture
def fake_pdl() -> Iterator[FakePDL]:
    """A running fake People Data Labs."""
    with FakePDL() as fake:
        yield fake


@pytest.fixture
def search_index() -> SearchIndex:
    """The pages both fake search engines of a test search."""
    return SearchIndex()


@pytest.fixture
def fake_searxng(search_index: SearchIndex) -> Iterator[FakeSearxng]:
    """A running fake SearXNG over `search_index`."""
    with FakeSearxng(search_index) as fake:
        yield fake


@pytest.fixture
def fake_brave(search_index: SearchIndex) -> Iterator[FakeBrave]:
    """A running fake Brave Search API over `search_index`."""
    with FakeBrave(index=search_index) as fake:
        yield fake


@pytest.fixture
def sleeps() -> RecordedSleep:
    """Give clients `sleep=sleeps`; `sleeps.waits` lists the back-offs they asked for."""
    return RecordedSleep()
