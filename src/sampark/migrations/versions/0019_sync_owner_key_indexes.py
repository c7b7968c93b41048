"""Owner + key indexes on people, companies and deals, for the sync snapshot's pages

Revision ID: 0019_sync_owner_key
Revises: 0018_ticket_tiers
Create Date: 2026-12-06 20:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0019_sync_owner_key"
down_revision = "0018_ticket_tiers"
branch_labels = None
depends_on = None

# A first sync pages through the owner's (or team's) records ordered by id: with (owner_id, id)
# each page is one index range. Through (owner_id, updated_at) every page sorted all of the
# owner's rows that share an updated_at — after a bulk import, all of them.
TABLES = ("people", "companies", "deals")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_owner_id_key", table, ["owner_id", "id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_owner_id_key", table_name=table)
