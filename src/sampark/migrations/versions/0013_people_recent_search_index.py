"""PostgreSQL: people's live rows by recency, with the search text, for index-only search walks

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 08:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# A search for a common name finds its first page among the most recently updated people: this
# index answers that walk from the index alone (no heap page per row examined), and the search
# planner's "is it common?" look at the 20,000 most recent rows too (`core.search`).
INDEX = "ix_people_recent_search"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite walks its own order with FTS5 (see core.search)
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people (updated_at DESC, id DESC) "
        "INCLUDE (search_text, owner_id) WHERE deleted_at IS NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
