"""search: runs, results, cursors, contacts, lists, suppression, local index (FTS)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 16:48:58.694581
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import leadsmith.db.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


FTS_TABLES = ("index_people", "index_companies")


def _create_full_text() -> None:
    """SQLite: an FTS5 table mirroring search_text, kept by triggers. PostgreSQL: a generated
    tsvector column with a GIN index."""
    dialect = op.get_bind().dialect.name
    for table in FTS_TABLES:
        if dialect == "sqlite":
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_text, content='{table}',"
                " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_ai AFTER INSERT ON {table} BEGIN"
                f" INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text);"
                " END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_ad AFTER DELETE ON {table} BEGIN"
                f" INSERT INTO {table}_fts({table}_fts, rowid, search_text)"
                " VALUES ('delete', old.id, old.search_text); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_fts_au AFTER UPDATE ON {table} BEGIN"
                f" INSERT INTO {table}_fts({table}_fts, rowid, search_text)"
                " VALUES ('delete', old.id, old.search_text);"
                f" INSERT INTO {table}_fts(rowid, search_text) VALUES (new.id, new.search_text);"
                " END"
            )
        elif dialect == "postgresql":
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
                " (to_tsvector('english', search_text)) STORED"
            )
            op.execute(
                f"CREATE INDEX ix_{table}_search_vector ON {table} USING GIN (search_vector)"
            )


def _drop_full_text() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # the tsvector column and its index go with the table
    for table in FTS_TABLES:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {table}_fts")


def upgrade() -> None:
    op.create_table(
        "contact_lists",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contact_lists_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_lists")),
    )
    with op.batch_alter_table("contact_lists", schema=None) as batch_op:
        batch_op.create_index(
            "ix_contact_lists_ws_created", ["workspace_id", "created_at"], unique=False
        )

    op.create_table(
        "contacts",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("company_domain", sa.String(length=253), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("linkedin_url", sa.String(length=500), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=60), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_contacts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("workspace_id", "email", name="uq_contacts_ws_email"),
    )
    op.create_table(
        "erased_people",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_erased_people_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erased_people")),
        sa.UniqueConstraint("workspace_id", "email_hash", name="uq_erased_people_ws_hash"),
    )
    op.create_table(
        "index_companies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=True),
        sa.Column("industry", sa.String(length=60), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("technologies", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_index_companies_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_companies")),
        sa.UniqueConstraint("workspace_id", "domain", name="uq_index_companies_ws_domain"),
    )
    with op.batch_alter_table("index_companies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_index_companies_ws_country_industry",
            ["workspace_id", "country", "industry"],
            unique=False,
        )

    op.create_table(
        "index_people",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("seniority", sa.String(length=20), nullable=True),
        sa.Column("department", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("linkedin_url", sa.String(length=500), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("skills", sa.Text(), nullable=True),
        sa.Column("company_name", sa.String(length=200), nullable=True),
        sa.Column("company_domain", sa.String(length=253), nullable=True),
        sa.Column("industry", sa.String(length=60), nullable=True),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("technologies", sa.Text(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_index_people_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_people")),
    )
    with op.batch_alter_table("index_people", schema=None) as batch_op:
        batch_op.create_index(
            "ix_index_people_ws_country_seniority",
            ["workspace_id", "country", "seniority"],
            unique=False,
        )
        batch_op.create_index("ix_index_people_ws_email", ["workspace_id", "email"], unique=False)
        batch_op.create_index(
            "ix_index_people_ws_industry", ["workspace_id", "industry"], unique=False
        )

    op.create_table(
        "suppressions",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_suppressions_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suppressions")),
        sa.UniqueConstraint("workspace_id", "kind", "value", name="uq_suppressions_ws_kind_value"),
    )
    op.create_table(
        "contact_list_members",
        sa.Column("list_id", sa.String(length=64), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_contact_list_members_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["contact_lists.id"],
            name=op.f("fk_contact_list_members_list_id_contact_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("list_id", "contact_id", name=op.f("pk_contact_list_members")),
    )
    with op.batch_alter_table("contact_list_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_list_members_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "search_cursors",
        sa.Column("list_id", sa.String(length=64), nullable=False),
        sa.Column("prompt_key", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column(
            "cursors",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["contact_lists.id"],
            name=op.f("fk_search_cursors_list_id_contact_lists"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_search_cursors_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("list_id", "prompt_key", name=op.f("pk_search_cursors")),
    )
    op.create_table(
        "search_list_locks",
        sa.Column("list_id", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["contact_lists.id"],
            name=op.f("fk_search_list_locks_list_id_contact_lists"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("list_id", name=op.f("pk_search_list_locks")),
    )
    op.create_table(
        "search_runs",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("list_id", sa.String(length=64), nullable=True),
        sa.Column("contract", sa.String(length=8), nullable=False),
        sa.Column("prompt", sa.Text(), nullable=False),
        sa.Column("normalised_prompt", sa.Text(), nullable=False),
        sa.Column(
            "request_filters",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "filters",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("fetch_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("test", sa.Boolean(), nullable=False),
        sa.Column("sandbox", sa.Boolean(), nullable=False),
        sa.Column("correlation_id", sa.String(length=64), nullable=False),
        sa.Column("total_found", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "cursors",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("started_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("completed_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["contact_lists.id"],
            name=op.f("fk_search_runs_list_id_contact_lists"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_search_runs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_runs")),
    )
    with op.batch_alter_table("search_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_runs_list_id"), ["list_id"], unique=False)
        batch_op.create_index(
            "ix_search_runs_ws_created", ["workspace_id", "created_at"], unique=False
        )

    op.create_table(
        "search_results",
        sa.Column("workspace_id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("list_id", sa.String(length=64), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=True),
        sa.Column("last_name", sa.String(length=100), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("email_status", sa.String(length=16), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("linkedin_url", sa.String(length=500), nullable=True),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("company_domain", sa.String(length=253), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("enriched", sa.Boolean(), nullable=False),
        sa.Column("ai_message", sa.Text(), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", leadsmith.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["contact_lists.id"],
            name=op.f("fk_search_results_list_id_contact_lists"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["search_runs.id"],
            name=op.f("fk_search_results_run_id_search_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_search_results_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_results")),
    )
    with op.batch_alter_table("search_results", schema=None) as batch_op:
        batch_op.create_index("ix_search_results_list_email", ["list_id", "email"], unique=False)
        batch_op.create_index(
            "ix_search_results_run_position", ["run_id", "position"], unique=False
        )
        batch_op.create_index("ix_search_results_ws_email", ["workspace_id", "email"], unique=False)
    _create_full_text()


def downgrade() -> None:
    _drop_full_text()
    with op.batch_alter_table("search_results", schema=None) as batch_op:
        batch_op.drop_index("ix_search_results_ws_email")
        batch_op.drop_index("ix_search_results_run_position")
        batch_op.drop_index("ix_search_results_list_email")

    op.drop_table("search_results")
    with op.batch_alter_table("search_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_search_runs_ws_created")
        batch_op.drop_index(batch_op.f("ix_search_runs_list_id"))

    op.drop_table("search_runs")
    op.drop_table("search_list_locks")
    op.drop_table("search_cursors")
    with op.batch_alter_table("contact_list_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_list_members_contact_id"))

    op.drop_table("contact_list_members")
    op.drop_table("suppressions")
    with op.batch_alter_table("index_people", schema=None) as batch_op:
        batch_op.drop_index("ix_index_people_ws_industry")
        batch_op.drop_index("ix_index_people_ws_email")
        batch_op.drop_index("ix_index_people_ws_country_seniority")

    op.drop_table("index_people")
    with op.batch_alter_table("index_companies", schema=None) as batch_op:
        batch_op.drop_index("ix_index_companies_ws_country_industry")

    op.drop_table("index_companies")
    op.drop_table("erased_people")
    op.drop_table("contacts")
    with op.batch_alter_table("contact_lists", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_lists_ws_created")

    op.drop_table("contact_lists")
