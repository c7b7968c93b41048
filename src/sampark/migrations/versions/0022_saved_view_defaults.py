"""Saved views: each user's default view per list

Revision ID: 0022_saved_view_defaults
Revises: 0021_tracking_inbox
Create Date: 2026-12-06 23:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_saved_view_defaults"
down_revision = "0021_tracking_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_view_defaults",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("view_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_saved_view_defaults_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["view_id"],
            ["saved_views.id"],
            name="fk_saved_view_defaults_view_id_saved_views",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "object_type", name="pk_saved_view_defaults"),
    )
    op.create_index("ix_saved_view_defaults_view_id", "saved_view_defaults", ["view_id"])


def downgrade() -> None:
    op.drop_table("saved_view_defaults")
