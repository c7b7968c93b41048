"""Geo: where people and companies are (source, accuracy, geocoded time, a latitude/longitude
index for "near me") and visit check-ins on activities

Revision ID: 0017_geo
Revises: 0013
Create Date: 2026-12-06 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sampark.db

revision = "0017_geo"
down_revision = "0016_sync"
branch_labels = None
depends_on = None

CHECKIN_COLUMNS = (
    "checked_in_at",
    "checkin_latitude",
    "checkin_longitude",
    "checkin_accuracy_m",
    "checkin_distance_m",
    "checkin_flagged",
)


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): the people table carries a full-text index on SQLite.
    for table in ("people", "companies"):
        op.add_column(table, sa.Column("location_source", sa.String(length=10), nullable=True))
        op.add_column(table, sa.Column("location_accuracy_m", sa.Float(), nullable=True))
        op.add_column(table, sa.Column("geocoded_at", sampark.db.UtcDateTime(timezone=True), nullable=True))
        op.create_index(f"ix_{table}_lat_lng", table, ["latitude", "longitude"], unique=False)
    op.add_column(
        "activities", sa.Column("checked_in_at", sampark.db.UtcDateTime(timezone=True), nullable=True)
    )
    op.add_column("activities", sa.Column("checkin_latitude", sa.Float(), nullable=True))
    op.add_column("activities", sa.Column("checkin_longitude", sa.Float(), nullable=True))
    op.add_column("activities", sa.Column("checkin_accuracy_m", sa.Float(), nullable=True))
    op.add_column("activities", sa.Column("checkin_distance_m", sa.Float(), nullable=True))
    op.add_column("activities", sa.Column("checkin_flagged", sa.Boolean(), nullable=True))
    op.create_index(
        "ix_activities_checkin_flagged", "activities", ["checkin_flagged", "checked_in_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_activities_checkin_flagged", table_name="activities")
    for column in CHECKIN_COLUMNS:
        op.drop_column("activities", column)
    for table in ("people", "companies"):
        op.drop_index(f"ix_{table}_lat_lng", table_name=table)
        for column in ("location_source", "location_accuracy_m", "geocoded_at"):
            op.drop_column(table, column)
