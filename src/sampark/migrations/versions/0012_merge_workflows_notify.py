"""Merge the two heads 0010 (workflows) and 0011 (reminders, calendars): no schema change

Revision ID: 0012
Revises: 0010, 0011
Create Date: 2026-12-06 07:50:00
"""

from __future__ import annotations

revision = "0012"
down_revision = ("0010", "0011")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
