"""enrich: lookup cache and observed addresses

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import leadsmith.db.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enrich_lookup_cache",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("expires_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_enrich_lookup_cache_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrich_lookup_cache")),
        sa.UniqueConstraint("workspace_id", "key", name="uq_enrich_lookup_cache_key"),
    )
    op.create_table(
        "enrich_observed_addresses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("pattern", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("seen_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrich_observed_addresses")),
        sa.UniqueConstraint("email", name="uq_enrich_observed_addresses_email"),
    )
    with op.batch_alter_table("enrich_observed_addresses", schema=None) as batch_op:
        batch_op.create_index("ix_enrich_observed_addresses_domain", ["domain"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("enrich_observed_addresses", schema=None) as batch_op:
        batch_op.drop_index("ix_enrich_observed_addresses_domain")
    op.drop_table("enrich_observed_addresses")
    op.drop_table("enrich_lookup_cache")
