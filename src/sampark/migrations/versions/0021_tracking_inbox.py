"""Tracking inbox: calls accepted by /v1/* wait here until the worker resolves them into events

Revision ID: 0021_tracking_inbox
Revises: 0020_saved_views
Create Date: 2026-12-06 23:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sampark.db import UtcDateTime

revision = "0021_tracking_inbox"
down_revision = "0020_saved_views"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tracking_inbox",
        sa.Column(
            "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("error", sa.String(400), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_tracking_inbox_source_id_sources", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("seq", name="pk_tracking_inbox"),
        sa.UniqueConstraint("source_id", "message_id", name="uq_tracking_inbox_source_message"),
    )


def downgrade() -> None:
    op.drop_table("tracking_inbox")
