"""Workspaces, users, API keys and dashboard sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.db.base import Base, CreatedAtMixin, IdMixin, JSONType, UTCDateTime


class Workspace(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "workspaces"

    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    plan: Mapped[str] = mapped_column(String(20), default="free", nullable=False)
    # active | trialing | past_due
    subscription_status: Mapped[str] = mapped_column(String(20), default="active", nullable=False)
    overage_enabled: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Hourly spend cap in milli-credits; None = no cap.
    spend_cap_millis: Mapped[int | None] = mapped_column(Integer, nullable=True)
    icp: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)


class User(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=False
    )


class ApiKey(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "api_keys"

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=False
    )
    name: Mapped[str] = mapped_column(String(120), default="", nullable=False)
    # First characters of the key, shown to humans to tell keys apart.
    prefix: Mapped[str] = mapped_column(String(32), nullable=False)
    # HMAC-SHA256(secret_key, key) in hex; the key itself is never stored.
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    test: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    scopes: Mapped[list[str]] = mapped_column(JSONType, nullable=False)
    allowed_ips: Mapped[list[str] | None] = mapped_column(JSONType, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DashboardSession(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "dashboard_sessions"

    # HMAC of the cookie value; the cookie itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    csrf_token: Mapped[str] = mapped_column(String(64), nullable=False)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
    )
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=False
    )
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
