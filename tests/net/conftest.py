"""Fixtures for the network tests: the fake web (sites on 127.0.0.1)."""

from tests.fakes.sites.fixtures import fake_web, fake_web_server  # noqa: F401
