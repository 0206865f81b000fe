"""Settings: database URLs, DNS servers, and the secret key policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadsmith.config import Settings, normalise_database_url, resolve_secret_key


def test_database_urls_get_async_drivers(tmp_path: Path) -> None:
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert normalise_database_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert Settings(data_dir=tmp_path, database_url=None).resolved_database_url.startswith(
        "sqlite+aiosqlite:///"
    )


def test_dns_servers_parse_hosts_and_ports() -> None:
    s = Settings(dns_nameservers="127.0.0.1:5353, 127.0.0.2,[::1]:53")
    assert s.dns_servers() == [("127.0.0.1", 5353), ("127.0.0.2", 53), ("::1", 53)]


def test_secret_generated_once_and_kept(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path, secret_key=None)
    first = resolve_secret_key(s)
    assert len(first) >= 32 and resolve_secret_key(s) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("value", ["changeme", "secret", "short"])
def test_default_or_short_secret_refused_outside_development(tmp_path: Path, value: str) -> None:
    with pytest.raises(RuntimeError, match="LEADSMITH_SECRET_KEY"):
        resolve_secret_key(Settings(data_dir=tmp_path, env="production", secret_key=value))
    assert resolve_secret_key(Settings(data_dir=tmp_path, env="development", secret_key=value))
