"""Per-workspace verification results: the cache that keeps a workspace from paying twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.db.base import Base, CreatedAtMixin, IdMixin, JSONType, UTCDateTime


class VerificationRecord(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "verification_results"
    __table_args__ = (
        UniqueConstraint("workspace_id", "address", name="uq_verification_results_ws_address"),
    )

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    address: Mapped[str] = mapped_column(String(320), nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
