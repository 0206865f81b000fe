"""Who is calling: the key (or dashboard session) and its workspace."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    workspace_id: str
    scopes: frozenset[str]
    test: bool
    via: str  # "key" | "session"
    key_id: str | None = None
    key_prefix: str | None = None
    user_id: str | None = None

    @property
    def rate_key(self) -> str:
        return f"k:{self.key_id}" if self.key_id else f"u:{self.user_id}"
