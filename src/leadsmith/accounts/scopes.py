"""API key scopes: one per capability (PRODUCT.md)."""

from __future__ import annotations

ALL_SCOPES: tuple[str, ...] = (
    "leads",
    "search",
    "enrich",
    "lookup",
    "verify",
    "qualify",
    "domain_finder",
    "research",
    "batch",
    "clean_names",
    "webhooks",
)


def parse_scopes(text: str | None) -> list[str]:
    """Parse "a,b" into a validated scope list; empty or None means every scope."""
    if not text:
        return list(ALL_SCOPES)
    scopes = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in scopes if s not in ALL_SCOPES]
    if unknown:
        raise ValueError(
            f"unknown scope(s): {', '.join(unknown)}; choose from {', '.join(ALL_SCOPES)}"
        )
    return sorted(set(scopes), key=ALL_SCOPES.index)
