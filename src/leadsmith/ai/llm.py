"""A client for OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, LM Studio).

Structured output: `response_format` json_schema when the server takes it, else the
schema in the instructions and the reply parsed; either way validated with pydantic,
with a bounded retry. Every HTTP call is one `llm_calls` row (tokens, cost, outcome).
"""

from __future__ import annotations

import json
import logging
import re
import time
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from leadsmith.ai.models import LLMCall
from leadsmith.config import Settings, get_settings
from leadsmith.db.engine import session_scope

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)


class LLMError(Exception):
    """The model gave no valid answer within the attempts allowed."""


class LLMClient:
    """Chat completions with JSON-schema-checked answers and per-call accounting."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        max_attempts: int = 2,
        price_per_1k_tokens: Decimal | float | str = 0,
        record: bool = True,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.price_per_1k_tokens = Decimal(str(price_per_1k_tokens))
        self.record = record
        self._transport = transport
        # Learned on the first refusal: servers that reject json_schema get instructions.
        self.json_schema_supported: bool | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> LLMClient | None:
        """The configured client, or None when no LLM is configured."""
        settings = settings or get_settings()
        if not settings.llm_base_url or not settings.llm_model:
            return None
        return cls(settings.llm_base_url, settings.llm_model, settings.llm_api_key, **kwargs)

    async def structured(
        self,
        messages: list[dict[str, str]],
        schema: type[T],
        *,
        purpose: str,
        workspace_id: str | None = None,
    ) -> T:
        """Ask for an answer that validates against `schema`; raises LLMError when none does."""
        json_schema = schema.model_json_schema()
        conversation = list(messages)
        last_error = "no attempt made"
        for _ in range(self.max_attempts):
            try:
                content = await self._ask(
                    conversation, schema.__name__, json_schema, purpose, workspace_id
                )
            except LLMError as exc:
                last_error = str(exc)
                continue
            try:
                return schema.model_validate_json(_FENCE.sub("", content.strip()))
            except ValidationError as exc:
                last_error = f"answer did not match the schema: {exc.errors()[:3]}"
                # Show the model its own answer and what was wrong, then ask again.
                conversation = [
                    *messages,
                    {"role": "assistant", "content": content[:4000]},
                    {
                        "role": "user",
                        "content": "That answer was not valid JSON for the schema ("
                        + last_error[:500]
                        + "). Reply with the corrected JSON object only.",
                    },
                ]
        raise LLMError(last_error)

    async def _ask(
        self,
        messages: list[dict[str, str]],
        name: str,
        json_schema: dict[str, Any],
        purpose: str,
        workspace_id: str | None,
    ) -> str:
        if self.json_schema_supported is not False:
            payload = self._payload(messages, name, json_schema, True)
            try:
                content = await self._complete(payload, purpose=purpose, workspace_id=workspace_id)
            except _SchemaRefused:
                self.json_schema_supported = False
            else:
                self.json_schema_supported = True
                return content
        payload = self._payload(messages, name, json_schema, False)
        return await self._complete(payload, purpose=purpose, workspace_id=workspace_id)

    def _payload(
        self,
        messages: list[dict[str, str]],
        name: str,
        json_schema: dict[str, Any],
        use_schema: bool,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": 0}
        if use_schema:
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": name, "schema": json_schema, "strict": False},
            }
        else:
            instruction = (
                "Answer with one JSON object only, no prose, matching this JSON schema:\n"
                + json.dumps(json_schema)
            )
            payload["messages"] = [{"role": "system", "content": instruction}, *messages]
        return payload

    async def _complete(
        self, payload: dict[str, Any], *, purpose: str, workspace_id: str | None
    ) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        started = time.monotonic()
        prompt_tokens = completion_tokens = 0
        error: str | None = None
        try:
            async with httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout), transport=self._transport
            ) as client:
                response = await client.post(
                    f"{self.base_url}/chat/completions", json=payload, headers=headers
                )
            if response.status_code in (400, 422) and "response_format" in payload:
                error = f"HTTP {response.status_code}: response_format refused"
                raise _SchemaRefused(error)
            if response.status_code >= 400:
                error = f"HTTP {response.status_code}: {response.text[:300]}"
                raise LLMError(error)
            body = response.json()
            usage = body.get("usage") or {}
            prompt_tokens = int(usage.get("prompt_tokens") or 0)
            completion_tokens = int(usage.get("completion_tokens") or 0)
            content = body["choices"][0]["message"]["content"]
            if not isinstance(content, str):
                error = "the answer had no text content"
                raise LLMError(error)
            return content
        except httpx.TimeoutException as exc:
            error = f"timed out after {self.timeout:g}s"
            raise LLMError(error) from exc
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise LLMError(error) from exc
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            error = f"malformed response: {exc}"
            raise LLMError(error) from exc
        finally:
            await self._record(
                purpose=purpose,
                workspace_id=workspace_id,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                duration_ms=round((time.monotonic() - started) * 1000),
                error=error,
            )

    def cost_of(self, prompt_tokens: int, completion_tokens: int) -> Decimal:
        """Cost of one call at the configured price per 1,000 tokens."""
        return (self.price_per_1k_tokens * (prompt_tokens + completion_tokens) / 1000).quantize(
            Decimal("0.000001")
        )

    async def _record(
        self,
        *,
        purpose: str,
        workspace_id: str | None,
        prompt_tokens: int,
        completion_tokens: int,
        duration_ms: int,
        error: str | None,
    ) -> None:
        if not self.record:
            return
        try:
            async with session_scope() as session:
                session.add(
                    LLMCall(
                        workspace_id=workspace_id,
                        purpose=purpose[:40],
                        model=self.model[:200],
                        prompt_tokens=prompt_tokens,
                        completion_tokens=completion_tokens,
                        cost=self.cost_of(prompt_tokens, completion_tokens),
                        duration_ms=duration_ms,
                        ok=error is None,
                        error=error,
                    )
                )
        except Exception:  # accounting must never turn an answer into a failure
            log.exception("could not record an LLM call")


class _SchemaRefused(LLMError):
    """The server rejected `response_format` json_schema."""
