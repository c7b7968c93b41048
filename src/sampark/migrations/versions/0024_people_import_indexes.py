"""People: two indexes fewer for every new person (an import writes hundreds of thousands)

- `ix_people_merged_into_id` served no query: a merged person's survivor is read from its own
  row (`merged_into_id`), and who was merged into whom from `merges`. Dropped.
- `ix_people_lat_lng` holds only people with coordinates (`latitude IS NOT NULL`): the "near
  me" box (`latitude BETWEEN …`) implies it, and an imported person without coordinates — most
  of them — no longer adds an entry.

Revision ID: 0024_people_import_indexes
Revises: 0023_events_unlinked_indexes
Create Date: 2026-12-07 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_people_import_indexes"
down_revision = "0023_events_unlinked_indexes"
branch_labels = None
depends_on = None

_LOCATED = sa.text("latitude IS NOT NULL")


def upgrade() -> None:
    # Not batch mode: on SQLite that rebuilds `people`, which would drop its full-text triggers.
    op.drop_index("ix_people_merged_into_id", table_name="people")
    op.drop_index("ix_people_lat_lng", table_name="people")
    op.create_index(
        "ix_people_lat_lng",
        "people",
        ["latitude", "longitude"],
        sqlite_where=_LOCATED,
        postgresql_where=_LOCATED,
    )


def downgrade() -> None:
    op.drop_index("ix_people_lat_lng", table_name="people")
    op.create_index("ix_people_lat_lng", "people", ["latitude", "longitude"])
    op.create_index("ix_people_merged_into_id", "people", ["merged_into_id"])
