"""The LLM client against a fake OpenAI-compatible server: schema, fallback, retry, costs."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from pydantic import BaseModel
from sqlalchemy import select

from leadsmith.ai.llm import LLMClient, LLMError
from leadsmith.ai.models import LLMCall
from leadsmith.db.engine import read_scope
from tests.fakes.llm import FakeLLM


class Answer(BaseModel):
    reason: str
    score: int


async def _calls(purpose: str) -> list[LLMCall]:
    async with read_scope() as session:
        rows = await session.scalars(
            select(LLMCall).where(LLMCall.purpose == purpose).order_by(LLMCall.created_at)
        )
        return list(rows)


async def test_json_schema_answer_is_validated_and_recorded(fake_llm: FakeLLM) -> None:
    fake_llm.script(lambda _: {"reason": "fits", "score": 7})
    client = LLMClient(fake_llm.base_url, "m1", "sk-x", price_per_1k_tokens="0.5")
    purpose = f"t-{uuid.uuid4().hex[:8]}"
    answer = await client.structured(
        [{"role": "user", "content": "one two three"}], Answer, purpose=purpose
    )
    assert answer == Answer(reason="fits", score=7)
    sent = fake_llm.requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"]["required"] == ["reason", "score"]
    assert client.json_schema_supported is True
    (call,) = await _calls(purpose)
    assert call.ok and call.model == "m1" and call.error is None
    assert call.prompt_tokens == 3 and call.completion_tokens > 0
    assert Decimal(call.cost) == Decimal("0.5") * (3 + call.completion_tokens) / 1000
    assert call.duration_ms >= 0


async def test_server_without_json_schema_gets_instructions(fake_llm: FakeLLM) -> None:
    fake_llm.supports_json_schema = False
    fake_llm.script(lambda _: '```json\n{"reason": "ok", "score": 3}\n```')
    client = LLMClient(fake_llm.base_url, "m1", record=False)
    answer = await client.structured([{"role": "user", "content": "q"}], Answer, purpose="x")
    assert answer.score == 3 and client.json_schema_supported is False
    assert "response_format" not in fake_llm.requests[-1]
    assert "JSON schema" in fake_llm.requests[-1]["messages"][0]["content"]
    # Learned once: the next call goes straight to instructions.
    await client.structured([{"role": "user", "content": "q"}], Answer, purpose="x")
    assert len(fake_llm.requests) == 3


async def test_invalid_answer_is_retried_then_accepted(fake_llm: FakeLLM) -> None:
    fake_llm.answer_in_turn("not json at all", {"reason": "fixed", "score": 5})
    client = LLMClient(fake_llm.base_url, "m1", record=False)
    answer = await client.structured([{"role": "user", "content": "q"}], Answer, purpose="x")
    assert answer.reason == "fixed"
    retry = fake_llm.requests[1]["messages"]
    assert retry[-2]["role"] == "assistant" and "not valid JSON" in retry[-1]["content"]


async def test_bounded_retry_gives_up(fake_llm: FakeLLM) -> None:
    fake_llm.script(lambda _: {"reason": "no score"})
    client = LLMClient(fake_llm.base_url, "m1", max_attempts=3)
    purpose = f"t-{uuid.uuid4().hex[:8]}"
    with pytest.raises(LLMError, match="schema"):
        await client.structured([{"role": "user", "content": "q"}], Answer, purpose=purpose)
    assert len(fake_llm.requests) == 3
    assert len(await _calls(purpose)) == 3  # each HTTP call is a row (they were ok as HTTP)


async def test_timeout_and_http_errors_are_llm_errors(fake_llm: FakeLLM) -> None:
    fake_llm.delay = 0.5
    client = LLMClient(fake_llm.base_url, "m1", timeout=0.1, max_attempts=1)
    purpose = f"t-{uuid.uuid4().hex[:8]}"
    with pytest.raises(LLMError, match="timed out"):
        await client.structured([{"role": "user", "content": "q"}], Answer, purpose=purpose)
    (call,) = await _calls(purpose)
    assert not call.ok and "timed out" in (call.error or "")
    fake_llm.delay = 0
    fake_llm.status = 500
    with pytest.raises(LLMError, match="HTTP 500"):
        await client.structured([{"role": "user", "content": "q"}], Answer, purpose=purpose)


def test_from_settings_is_none_without_configuration() -> None:
    from leadsmith.config import Settings

    assert LLMClient.from_settings(Settings(llm_base_url=None, llm_model=None)) is None
    client = LLMClient.from_settings(
        Settings(llm_base_url="http://127.0.0.1:1/v1", llm_model="llama3", llm_api_key="k")
    )
    assert client is not None and client.model == "llama3" and client.api_key == "k"
