"""Tables of finding and enrichment: the per-workspace lookup cache, observed addresses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.db.base import Base, CreatedAtMixin, IdMixin, JSONType, UTCDateTime, utcnow


class LookupCacheEntry(IdMixin, CreatedAtMixin, Base):
    """One answered lookup of a workspace, kept for a while so it is never paid twice.

    `key` names the question (operation and normalised inputs); `id` is the charge reference
    of the paid answer, so a repeated charge for the same entry is free in the ledger.
    """

    __tablename__ = "enrich_lookup_cache"
    __table_args__ = (UniqueConstraint("workspace_id", "key", name="uq_enrich_lookup_cache_key"),)

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    key: Mapped[str] = mapped_column(String(64), nullable=False)  # sha256 hex of the question
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    result: Mapped[dict[str, Any]] = mapped_column(JSONType, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class ObservedAddress(Base):
    """An address seen at a domain with the pattern its local part follows.

    Rows are shared by all workspaces: a domain's pattern is a fact about the domain.
    """

    __tablename__ = "enrich_observed_addresses"
    __table_args__ = (
        UniqueConstraint("email", name="uq_enrich_observed_addresses_email"),
        Index("ix_enrich_observed_addresses_domain", "domain"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    domain: Mapped[str] = mapped_column(String(255), nullable=False)
    email: Mapped[str] = mapped_column(String(320), nullable=False)
    pattern: Mapped[str] = mapped_column(String(32), nullable=False)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
