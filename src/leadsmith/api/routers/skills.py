"""Markdown skill files for agent platforms (seed 004: "skill markdown files")."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from leadsmith.errors import NotFound

router = APIRouter(tags=["agents"])


def _skills() -> dict[str, str]:
    folder = resources.files("leadsmith.skills")
    return {
        p.name: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".md")
    }


@router.get("/skills/", response_class=PlainTextResponse, summary="Index of agent skill files")
async def skills_index() -> PlainTextResponse:
    names = sorted(_skills())
    lines = ["# Leadsmith skill files", ""] + [f"- [{n}](/skills/{n})" for n in names]
    return PlainTextResponse("\n".join(lines) + "\n", media_type="text/markdown")


@router.get("/skills/{name}", response_class=PlainTextResponse, summary="One agent skill file")
async def skill(name: str) -> PlainTextResponse:
    text = _skills().get(name)
    if text is None:
        raise NotFound(f"No skill file {name}; see /skills/.")
    return PlainTextResponse(text, media_type="text/markdown")
