"""People: the deleted-at and company indexes hold only the rows that have one

Most people are live and many belong to no company — an import's people are both — yet each
new person added an entry to `ix_people_deleted_at` and `ix_people_company_id`. Both now hold
only the rows with a value (`… IS NOT NULL`): the queries that use them imply it (the trash,
`deleted_at IS NOT NULL`; a company's people, `company_id = ?`), and "live people"
(`deleted_at IS NULL`, nearly every row) is better served by the sort order's index anyway.

Revision ID: 0025_people_partial_indexes
Revises: 0024_people_import_indexes
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_people_partial_indexes"
down_revision = "0024_people_import_indexes"
branch_labels = None
depends_on = None

_COLUMNS = ("deleted_at", "company_id")


def upgrade() -> None:
    # Not batch mode: on SQLite that rebuilds `people`, which would drop its full-text triggers.
    for column in _COLUMNS:
        where = sa.text(f"{column} IS NOT NULL")
        op.drop_index(f"ix_people_{column}", table_name="people")
        op.create_index(f"ix_people_{column}", "people", [column], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    for column in _COLUMNS:
        op.drop_index(f"ix_people_{column}", table_name="people")
        op.create_index(f"ix_people_{column}", "people", [column])
