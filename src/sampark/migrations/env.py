"""Alembic environment: the URL comes from the caller (sampark.migrate) or settings."""

from __future__ import annotations

from alembic import context

import sampark.models  # noqa: F401  (registers every table)
from sampark.db import Base, single_connection_engine
from sampark.settings import get_settings

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
connection = config.attributes.get("connection")


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Leave the SQLite full-text tables (made by hand in 0001) out of autogenerate."""
    return not (type_ == "table" and name is not None and "_fts" in name)


def _run(conn: object) -> None:
    context.configure(
        connection=conn,  # type: ignore[arg-type]
        target_metadata=Base.metadata,
        include_object=_include,
        render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    engine = single_connection_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
