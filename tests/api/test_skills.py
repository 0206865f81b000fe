"""Agent skill files are served as markdown without a key."""

from __future__ import annotations

import httpx


async def test_skill_index_and_file(client: httpx.AsyncClient) -> None:
    index = await client.get("/skills/")
    assert index.status_code == 200 and "leadsmith-api.md" in index.text
    skill = await client.get("/skills/leadsmith-api.md")
    assert skill.status_code == 200 and skill.headers["content-type"].startswith("text/markdown")
    assert "Authorization: Bearer" in skill.text
    missing = await client.get("/skills/nope.md")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
