"""Events: the user-id and anonymous-id indexes hold only events not yet linked to a person

The only query using them joins earlier anonymous events to a person an identify or alias
names (`person_id IS NULL`). As partial indexes, an event that arrives already linked — most
of a shop's traffic — touches two indexes fewer, and a linked event leaves them.

Revision ID: 0023_events_unlinked_indexes
Revises: 0022_saved_view_defaults
Create Date: 2026-12-08 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0023_events_unlinked_indexes"
down_revision = "0022_saved_view_defaults"
branch_labels = None
depends_on = None

_UNLINKED = sa.text("person_id IS NULL")


def upgrade() -> None:
    for name, column in (("ix_events_anonymous", "anonymous_id"), ("ix_events_user", "user_id")):
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", [column], sqlite_where=_UNLINKED, postgresql_where=_UNLINKED)


def downgrade() -> None:
    for name, column in (("ix_events_anonymous", "anonymous_id"), ("ix_events_user", "user_id")):
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", [column])
