"""Saved views: named filter, sort, search and columns over a list, personal or shared

Revision ID: 0020_saved_views
Revises: 0019_sync_owner_key
Create Date: 2026-12-06 20:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sampark.db import JsonType, UtcDateTime

revision = "0020_saved_views"
down_revision = "0019_sync_owner_key"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("filter", sa.Text(), nullable=True),
        sa.Column("sort", sa.String(100), nullable=True),
        sa.Column("q", sa.String(200), nullable=True),
        sa.Column("columns", JsonType, nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_saved_views_owner_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_saved_views"),
    )
    op.create_index("ix_saved_views_owner", "saved_views", ["owner_id", "object_type"])
    op.create_index("ix_saved_views_shared", "saved_views", ["shared"])


def downgrade() -> None:
    op.drop_table("saved_views")
