"""How each contract family words its errors.

Services raise errors in seed 003's vocabulary; a family whose document names other
codes or statuses registers a dialect from its router module, matched by path.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ErrorDialect:
    name: str
    codes: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)

    def translate(self, code: str, status: int) -> tuple[str, int]:
        return self.codes.get(code, code), self.statuses.get(code, status)


DEFAULT_DIALECT = ErrorDialect("default")
_registry: list[tuple[re.Pattern[str], frozenset[str] | None, ErrorDialect]] = []


def register_dialect(
    path_regex: str, dialect: ErrorDialect, methods: set[str] | None = None
) -> None:
    """Use `dialect` for requests whose path fully matches `path_regex`."""
    _registry.append((re.compile(path_regex), frozenset(methods) if methods else None, dialect))


def dialect_for(scope: MutableMapping[str, Any]) -> ErrorDialect:
    """The dialect a router chose for this request, else the one registered for its path."""
    chosen = scope.get("state", {}).get("dialect")
    if isinstance(chosen, ErrorDialect):
        return chosen
    path, method = scope.get("path", ""), scope.get("method", "GET")
    for pattern, methods, dialect in _registry:
        if pattern.fullmatch(path) and (methods is None or method in methods):
            return dialect
    return DEFAULT_DIALECT
