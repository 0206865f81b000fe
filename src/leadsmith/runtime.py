"""What the running server reports about itself: features, queue, dataset."""

from __future__ import annotations

from typing import Any

from leadsmith.config import get_settings

_queue_state: dict[str, Any] = {"status": "stopped", "engine": "dbos", "mode": "none"}


def set_queue_state(**state: Any) -> None:
    _queue_state.update(state)


async def queue_status() -> dict[str, Any]:
    return dict(_queue_state)


def feature_flags() -> dict[str, bool]:
    s = get_settings()
    return {
        "lead_search": True,
        "email_finder": True,
        "email_verification": True,
        "phone_finder": True,
        "company_enrichment": True,
        "batch": True,
        "webhooks": True,
        "mcp": True,
        "llm": bool(s.llm_base_url and s.llm_model),
        "hunter": bool(s.hunter_api_key),
        "pdl": bool(s.pdl_api_key),
        "web_search": bool(s.searxng_url or s.brave_api_key),
        "redis": bool(s.redis_url),
    }


def dataset_metadata() -> dict[str, Any]:
    """The sandbox world's name, seed and counts (no generation needed)."""
    from leadsmith.sources.sandbox.world import WORLD_VERSION

    s = get_settings()
    return {
        "name": "sandbox",
        "version": WORLD_VERSION,
        "seed": s.sandbox_seed,
        "companies": s.sandbox_companies,
        "people": s.sandbox_people,
    }
