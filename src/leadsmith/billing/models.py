"""Credit ledger, balances and monthly quota counters."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.db.base import Base, CreatedAtMixin, IdMixin


class CreditAccount(Base):
    """One row per workspace; balance = earned - spent, kept in step with the ledger."""

    __tablename__ = "credit_accounts"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    balance_millis: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    earned_millis: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    spent_millis: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    # Billing period ("YYYY-MM") whose plan allowance has been granted.
    granted_period: Mapped[str | None] = mapped_column(String(7), nullable=True)


class LedgerEntry(IdMixin, CreatedAtMixin, Base):
    """Every credit movement. `reference` makes a charge idempotent per workspace."""

    __tablename__ = "credit_ledger"
    __table_args__ = (
        UniqueConstraint("workspace_id", "reference", name="uq_credit_ledger_reference"),
        Index("ix_credit_ledger_ws_created", "workspace_id", "created_at"),
    )

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    # Positive for grants/refunds, negative for charges.
    amount_millis: Mapped[int] = mapped_column(BigInteger, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # grant|charge|refund|adjustment
    operation: Mapped[str] = mapped_column(String(40), nullable=False)
    reference: Mapped[str | None] = mapped_column(String(200), nullable=True)


class LeadUsage(Base):
    """Lead searches and results used in one billing period (seed 000 quotas)."""

    __tablename__ = "lead_usage"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    searches_used: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    results_used: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    overage_results: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    overage_cents: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
