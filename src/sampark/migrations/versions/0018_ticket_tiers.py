"""Service desk: SLA policies per customer tier (priority + tier, '' = every customer) and the
tier a ticket's requester was in when it opened

Revision ID: 0018_ticket_tiers
Revises: 0015_social
Create Date: 2026-12-06 20:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_ticket_tiers"
down_revision = "0015_social"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ticket_sla_policies") as batch:
        batch.add_column(sa.Column("tier", sa.String(length=40), nullable=False, server_default=""))
        batch.drop_constraint("uq_ticket_sla_policies_priority", type_="unique")
        batch.create_unique_constraint("uq_ticket_sla_policies_priority_tier", ["priority", "tier"])
    op.add_column("tickets", sa.Column("customer_tier", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("tickets", "customer_tier")
    op.execute("DELETE FROM ticket_sla_policies WHERE tier <> ''")
    with op.batch_alter_table("ticket_sla_policies") as batch:
        batch.drop_constraint("uq_ticket_sla_policies_priority_tier", type_="unique")
        batch.create_unique_constraint("uq_ticket_sla_policies_priority", ["priority"])
        batch.drop_column("tier")
