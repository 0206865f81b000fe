"""Every LLM call, with its tokens, cost and outcome (table `llm_calls`)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.db.base import Base, CreatedAtMixin, IdMixin


class LLMCall(IdMixin, CreatedAtMixin, Base):
    """One chat-completions request: who asked, why, what it used and whether it worked."""

    __tablename__ = "llm_calls"

    # Null for calls made outside a workspace (the CLI, a benchmark).
    workspace_id: Mapped[str | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=True
    )
    purpose: Mapped[str] = mapped_column(String(40), nullable=False)
    model: Mapped[str] = mapped_column(String(200), nullable=False)
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Exact money (in the configured price's currency); 0 when no price is configured.
    cost: Mapped[Decimal] = mapped_column(Numeric(14, 6), default=0, nullable=False)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    ok: Mapped[bool] = mapped_column(Boolean, nullable=False)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
