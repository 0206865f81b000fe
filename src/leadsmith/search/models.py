"""Search runs, their results and cursors, the one-active-run-per-List lock, and the
workspace's local index of people and companies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from leadsmith.contacts import models as contacts_models  # noqa: F401  (lists are FK targets)
from leadsmith.db.base import Base, CreatedAtMixin, IdMixin, JSONType, UTCDateTime, utcnow

# The one internal state machine; each contract's router maps these to its own words.
QUEUED, PROCESSING, COMPLETED, FAILED, CANCELLED = (
    "queued",
    "processing",
    "completed",
    "failed",
    "cancelled",
)
TERMINAL = frozenset({COMPLETED, FAILED, CANCELLED})


class SearchRun(IdMixin, CreatedAtMixin, Base):
    """One lead search: a prompt, its filters, how many to fetch, and where it stands."""

    __tablename__ = "search_runs"
    __table_args__ = (Index("ix_search_runs_ws_created", "workspace_id", "created_at"),)

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    list_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact_lists.id", ondelete="SET NULL"), nullable=True, index=True
    )
    contract: Mapped[str] = mapped_column(String(8), nullable=False)  # 000 | 001 | cli
    prompt: Mapped[str] = mapped_column(Text, nullable=False)
    normalised_prompt: Mapped[str] = mapped_column(Text, nullable=False)
    request_filters: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    filters: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    fetch_count: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED, nullable=False)
    test: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    correlation_id: Mapped[str] = mapped_column(String(64), nullable=False)
    total_found: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    progress: Mapped[int] = mapped_column(Integer, default=0, nullable=False)  # 0-100
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # This run's own place in each source ({name: {"cursor", "done"}}); see SearchCursor.
    cursors: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SearchListLock(Base):
    """Held while a List has an active search: its primary key makes a second one fail."""

    __tablename__ = "search_list_locks"

    list_id: Mapped[str] = mapped_column(
        ForeignKey("contact_lists.id", ondelete="CASCADE"), primary_key=True
    )
    run_id: Mapped[str] = mapped_column(String(36), nullable=False)


class SearchCursor(Base):
    """Where a prompt on a List stopped, per source, so the next run continues from there."""

    __tablename__ = "search_cursors"

    list_id: Mapped[str] = mapped_column(
        ForeignKey("contact_lists.id", ondelete="CASCADE"), primary_key=True
    )
    prompt_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    # {source name: cursor, or None when that source has nothing more}
    cursors: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class SearchResult(IdMixin, CreatedAtMixin, Base):
    """A person a run found and saved, with the source(s) each fact came from."""

    __tablename__ = "search_results"
    __table_args__ = (
        Index("ix_search_results_run_position", "run_id", "position"),
        Index("ix_search_results_list_email", "list_id", "email"),
        Index("ix_search_results_ws_email", "workspace_id", "email"),
    )

    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    run_id: Mapped[str] = mapped_column(
        ForeignKey("search_runs.id", ondelete="CASCADE"), nullable=False
    )
    list_id: Mapped[str | None] = mapped_column(
        ForeignKey("contact_lists.id", ondelete="SET NULL"), nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    score: Mapped[float] = mapped_column(Float, default=0.0, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    first_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    last_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    email_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    linkedin_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    name_key: Mapped[str] = mapped_column(String(300), nullable=False)
    company: Mapped[str | None] = mapped_column(String(200), nullable=True)
    company_domain: Mapped[str | None] = mapped_column(String(253), nullable=True)
    role: Mapped[str | None] = mapped_column(String(200), nullable=True)
    location: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source: Mapped[str] = mapped_column(String(60), nullable=False)
    enriched: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    ai_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Everything else: seniority, department, company facts, phone type, provenance.
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict, nullable=False)


class IndexPerson(Base):
    """A person in the workspace's local index (imported CSVs, earlier results)."""

    __tablename__ = "index_people"
    __table_args__ = (
        Index("ix_index_people_ws_country_seniority", "workspace_id", "country", "seniority"),
        Index("ix_index_people_ws_industry", "workspace_id", "industry"),
        Index("ix_index_people_ws_email", "workspace_id", "email"),
    )

    # An integer key: SQLite's FTS5 table mirrors this table by rowid.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    first_name: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    last_name: Mapped[str] = mapped_column(String(100), default="", nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    seniority: Mapped[str | None] = mapped_column(String(20), nullable=True)
    department: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    linkedin_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    region: Mapped[str | None] = mapped_column(String(100), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    skills: Mapped[str | None] = mapped_column(Text, nullable=True)
    company_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    company_domain: Mapped[str | None] = mapped_column(String(253), nullable=True)
    industry: Mapped[str | None] = mapped_column(String(60), nullable=True)
    employees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    technologies: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Words full-text search reads (name, title, company, skills, places, industry).
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)


class IndexCompany(Base):
    """A company in the workspace's local index."""

    __tablename__ = "index_companies"
    __table_args__ = (
        UniqueConstraint("workspace_id", "domain", name="uq_index_companies_ws_domain"),
        Index("ix_index_companies_ws_country_industry", "workspace_id", "country", "industry"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    domain: Mapped[str | None] = mapped_column(String(253), nullable=True)
    industry: Mapped[str | None] = mapped_column(String(60), nullable=True)
    employees: Mapped[int | None] = mapped_column(Integer, nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    region: Mapped[str | None] = mapped_column(String(100), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    technologies: Mapped[str | None] = mapped_column(Text, nullable=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    search_text: Mapped[str] = mapped_column(Text, default="", nullable=False)
