"""Qualify, research and outreach lines: rules and page evidence first, an LLM to reword.

`icp` (buyer context), `qualify` (fit score), `research` (dossier), `opener`
(`ai_message`), `grounding` (every claim traced to a fact), `llm` (OpenAI-compatible).
"""
