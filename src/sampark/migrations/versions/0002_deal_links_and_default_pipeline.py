"""Deleting a deal keeps its activities and tasks; at most one default pipeline.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _deal_link(table: str, ondelete: str) -> None:
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(f"fk_{table}_deal_id_deals", type_="foreignkey")
        batch_op.create_foreign_key(
            f"fk_{table}_deal_id_deals", "deals", ["deal_id"], ["id"], ondelete=ondelete
        )


def upgrade() -> None:
    _deal_link("activities", "SET NULL")
    _deal_link("tasks", "SET NULL")
    with op.batch_alter_table("pipelines") as batch_op:
        batch_op.create_index(
            "uq_pipelines_one_default",
            ["is_default"],
            unique=True,
            sqlite_where=sa.text("is_default"),
            postgresql_where=sa.text("is_default"),
        )


def downgrade() -> None:
    with op.batch_alter_table("pipelines") as batch_op:
        batch_op.drop_index("uq_pipelines_one_default")
    _deal_link("tasks", "CASCADE")
    _deal_link("activities", "CASCADE")
