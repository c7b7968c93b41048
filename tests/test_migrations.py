"""The migrations build exactly the schema the models declare, and run down and up again."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from sampark.core.clock import utcnow
from sampark.db import Base, Database, single_connection_engine
from sampark.migrate import alembic_config, drift, upgrade
from sampark.users.models import Team
from tests.conftest import _database_url


def test_migrated_database_matches_the_models(database: Database) -> None:
    """The session's database was built by running the migrations (conftest)."""
    assert drift(database.write_engine) == []
    tables = set(inspect(database.write_engine).get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables


@pytest.fixture
def fresh_url(database: Database) -> Iterator[str]:
    """An empty database of the same kind as the session's: a new SQLite file or PG schema."""
    url, schema = _database_url()
    yield url
    if schema:
        import psycopg

        raw = os.environ["SAMPARK_TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(raw, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")
    else:
        path = url.split("///", 1)[-1]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)


def _tables(url: str) -> set[str]:
    engine = single_connection_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(fresh_url: str) -> None:
    upgrade(fresh_url)
    engine = single_connection_engine(fresh_url)
    try:
        assert drift(engine) == []
        with engine.begin() as conn:  # data in the tables does not stop the downgrade
            now = utcnow()
            conn.execute(
                Team.__table__.insert().values(
                    id=uuid.uuid4(), name="T", created_at=now, updated_at=now, version=1
                )
            )
    finally:
        engine.dispose()

    command.downgrade(alembic_config(fresh_url), "base")
    model_tables = {t.name for t in Base.metadata.sorted_tables}
    left = _tables(fresh_url)
    assert not (left & model_tables), f"tables left after downgrade: {left & model_tables}"
    assert not any(name.endswith("_fts") for name in left), left

    upgrade(fresh_url)
    engine = single_connection_engine(fresh_url)
    try:
        assert drift(engine) == []
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM teams")).scalar() == 0
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(fresh_url)).get_current_head()
    assert version == head


def test_upgrade_is_idempotent(fresh_url: str) -> None:
    upgrade(fresh_url)
    upgrade(fresh_url)  # already at head: nothing to do, nothing fails
    engine = single_connection_engine(fresh_url)
    try:
        assert drift(engine) == []
    finally:
        engine.dispose()
