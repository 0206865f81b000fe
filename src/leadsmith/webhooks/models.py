"""Webhook endpoints, the deliveries made to them, and every attempt of each delivery."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.accounts.models import Workspace
from leadsmith.db.base import Base, CreatedAtMixin, IdMixin, JSONType, UTCDateTime

# Delivery states. `failed` means "an attempt failed and another one is scheduled".
PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
DEAD = "dead"
DELIVERY_STATUSES = (PENDING, DELIVERED, FAILED, DEAD)
# States in which an attempt sequence is still running (replay waits for it to end).
IN_FLIGHT = (PENDING, FAILED)


class WebhookEndpoint(IdMixin, CreatedAtMixin, Base):
    """A URL of a workspace that receives the events it subscribes to."""

    __tablename__ = "webhook_endpoints"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey(Workspace.id, ondelete="CASCADE"), index=True, nullable=False
    )
    url: Mapped[str] = mapped_column(String(2048), nullable=False)
    # Event names, or ["*"] for every event (including ones added later).
    events: Mapped[list[str]] = mapped_column(JSONType, nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    disabled_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The whsec_ secret sealed under the server secret (see webhooks.signing); never shown
    # again after creation or rotation.
    secret_sealed: Mapped[str] = mapped_column(Text, nullable=False)
    secret_rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WebhookDelivery(IdMixin, CreatedAtMixin, Base):
    """One event for one endpoint; its id is the `delivery_id` the receiver sees."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_ws_created", "workspace_id", "created_at"),
        Index("ix_webhook_deliveries_ws_status", "workspace_id", "status"),
        Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),
    )

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey(Workspace.id, ondelete="CASCADE"), nullable=False
    )
    endpoint_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True, nullable=False
    )
    event: Mapped[str] = mapped_column(String(64), nullable=False)
    # The exact JSON sent (text, not JSON: PostgreSQL's JSONB would reorder the keys and
    # every attempt must send the same bytes).
    body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default=PENDING, nullable=False)
    # Each replay starts a new attempt sequence on the same delivery id.
    sequence: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Number (1-based, within the sequence) of the attempt to make next.
    next_attempt: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempt_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class WebhookAttempt(CreatedAtMixin, Base):
    """One HTTP attempt of a delivery, as the receiver answered it (or did not)."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (
        UniqueConstraint("delivery_id", "sequence", "number", name="uq_webhook_attempts_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[str] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True, nullable=False
    )
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False)
    response_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # At most 2 KB of what the receiver answered.
    response_body: Mapped[str | None] = mapped_column(Text, nullable=True)
    duration_ms: Mapped[int] = mapped_column(Integer, nullable=False)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
