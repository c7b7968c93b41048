"""Offline sync: devices, holdings, mutation results, conflicts

Revision ID: 0016_sync
Revises: 0013
Create Date: 2026-12-06 17:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sampark.db import JsonType, UtcDateTime

revision = "0016_sync"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("platform", sa.String(100), nullable=True),
        sa.Column("app_schema_version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_sync_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_sync_devices_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sync_devices"),
    )
    op.create_index("ix_sync_devices_user_id", "sync_devices", ["user_id"])
    op.create_table(
        "sync_holdings",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["sync_devices.id"],
            name="fk_sync_holdings_device_id_sync_devices",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_id", "object_type", "object_id", name="pk_sync_holdings"),
    )
    op.create_table(
        "sync_mutations",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("client_mutation_id", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("result", JsonType, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["sync_devices.id"],
            name="fk_sync_mutations_device_id_sync_devices",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("device_id", "client_mutation_id", name="pk_sync_mutations"),
    )
    op.create_index("ix_sync_mutations_created_at", "sync_mutations", ["created_at"])
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("client_mutation_id", sa.String(64), nullable=True),
        sa.Column("object_type", sa.String(40), nullable=False),
        sa.Column("object_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("fields", JsonType, nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("resolved_at", UtcDateTime(), nullable=True),
        sa.Column("resolution", sa.String(20), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_sync_conflicts_user_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["sync_devices.id"],
            name="fk_sync_conflicts_device_id_sync_devices",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
    )
    op.create_index("ix_sync_conflicts_device_id", "sync_conflicts", ["device_id"])
    op.create_index("ix_sync_conflicts_user_resolved", "sync_conflicts", ["user_id", "resolved_at"])


def downgrade() -> None:
    op.drop_table("sync_conflicts")
    op.drop_table("sync_mutations")
    op.drop_table("sync_holdings")
    op.drop_table("sync_devices")
