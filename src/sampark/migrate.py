"""Running and checking Alembic migrations from code (CLI, app start-up, tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

import sampark.models  # noqa: F401
from sampark.db import Base

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def drift(engine: Engine) -> list[Any]:
    """Differences between the tables the models declare and the migrated database."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diffs = compare_metadata(context, Base.metadata)
    return [d for d in diffs if not _is_search_object(d)]


def _is_search_object(diff: Any) -> bool:
    """The full-text objects are dialect-specific and live only in the migrations."""
    text = repr(diff)
    return any(
        name in text
        for name in ("people_fts", "companies_fts", "deals_fts", "_trgm", "ix_people_recent_search")
    )
