"""Settings from the environment (prefix LEADSMITH_)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Values that must never be used as a real secret outside development.
INSECURE_SECRETS = frozenset({"", "changeme", "change-me", "secret", "leadsmith", "dev"})


class Settings(BaseSettings):
    """Every knob Leadsmith reads; see docs/operations.md."""

    model_config = SettingsConfigDict(env_prefix="LEADSMITH_", extra="ignore")

    env: str = "development"  # development | production | test
    data_dir: Path = Path(".leadsmith")
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: str | None = None
    base_url: str = "http://127.0.0.1:8000"

    # Jobs
    jobs_in_process: bool = True
    jobs_system_database_url: str | None = None

    # Networking: tests point these at local fakes.
    allow_private_networks: bool = False
    dns_nameservers: str | None = None  # "127.0.0.1:5353,127.0.0.2"
    dns_timeout: float = 3.0
    smtp_port: int = 25
    smtp_timeout: float = 10.0
    helo_name: str = "verify.leadsmith.local"
    mail_from: str = "verify@leadsmith.local"
    smtp_per_mx_limit: int = 2
    smtp_global_limit: int = 100
    verify_cache_ttl_seconds: int = 7 * 24 * 3600
    # Longest a batch waits before asking a greylisting server again (it asks 3 times).
    verify_greylist_max_wait: float = 900.0
    http_timeout: float = 10.0
    crawl_max_pages: int = 12
    crawl_max_bytes: int = 2_000_000
    crawl_per_host_limit: int = 2

    # Providers
    hunter_api_key: str | None = None
    hunter_base_url: str = "https://api.hunter.io/v2"
    pdl_api_key: str | None = None
    pdl_base_url: str = "https://api.peopledatalabs.com/v5"
    searxng_url: str | None = None
    brave_api_key: str | None = None
    brave_base_url: str = "https://api.search.brave.com/res/v1"

    # LLM (OpenAI-compatible)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None

    # Webhooks
    webhook_retry_schedule: str = "1m,5m,30m,6h"
    webhook_timeout: float = 15.0

    # Sandbox world
    sandbox_seed: int = 20260413
    sandbox_companies: int = 5000
    sandbox_people: int = 50000

    rate_limit_per_minute: int = 60
    rate_limit_burst_per_minute: int = 120

    @field_validator("data_dir", mode="after")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return _sqlite_url(self.data_dir)

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")

    def dns_servers(self) -> list[tuple[str, int]]:
        """Parse LEADSMITH_DNS_NAMESERVERS into (host, port) pairs."""
        out: list[tuple[str, int]] = []
        for part in (self.dns_nameservers or "").split(","):
            part = part.strip()
            if not part:
                continue
            if part.startswith("["):  # [::1]:53
                host, _, port = part[1:].partition("]:")
                out.append((host, int(port or 53)))
            elif part.count(":") == 1:
                host, port = part.split(":")
                out.append((host, int(port)))
            else:
                out.append((part, 53))
        return out


def normalise_database_url(url: str) -> str:
    """Give plain `postgresql://` and `sqlite://` URLs their async driver."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url


def resolve_secret_key(settings: Settings) -> str:
    """The HMAC secret: from the env, else generated once and stored in the data dir.

    Outside development (LEADSMITH_ENV) a well-known or short secret is refused.
    """
    if settings.secret_key is not None:
        if settings.env != "development" and (
            settings.secret_key.strip().lower() in INSECURE_SECRETS or len(settings.secret_key) < 16
        ):
            raise RuntimeError(
                "LEADSMITH_SECRET_KEY is a well-known default or shorter than 16 characters;"
                " set a random value (e.g. `python3 -c 'import secrets;"
                " print(secrets.token_urlsafe(48))'`) outside development"
            )
        return settings.secret_key
    path = settings.data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings (tests clear the cache after changing the env)."""
    return Settings()


@lru_cache(maxsize=64)
def _sqlite_url(data_dir: Path) -> str:
    """The embedded database's URL; resolved once, since every session asks (a realpath is
    a handful of system calls on the request path)."""
    return f"sqlite+aiosqlite:///{(data_dir / 'leadsmith.db').resolve()}"
