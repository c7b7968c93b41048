"""Engine, sessions and the declarative base every table derives from.

SQLite is the embedded default (WAL, foreign keys on). Writes on SQLite begin with
`BEGIN IMMEDIATE` so two writers queue on the lock instead of failing half-way with
"database is locked" when one upgrades a read transaction; reads begin plainly and run
concurrently under WAL.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    Uuid,
    create_engine,
    event,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    declared_attr,
    mapped_column,
    sessionmaker,
)
from sqlalchemy.pool import NullPool

from sampark.core.clock import utcnow
from sampark.core.ids import new_id
from sampark.settings import get_settings

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON on SQLite, JSONB on PostgreSQL (containment operators and GIN indexes).
JsonType = JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every dialect. SQLite has no time zones: values are
    stored as UTC wall time and read back as aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None and dialect.name == "sqlite":
            return value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        # PostgreSQL answers in the session's time zone; every caller gets UTC.
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JsonType}


class RecordMixin:
    """id (UUIDv7), created_at, updated_at and an optimistic-lock version on every row."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # The ORM adds `AND version = :old` to every UPDATE: a concurrent writer loses cleanly.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class AddressMixin:
    """A postal address with optional coordinates (people, companies)."""

    address_line: Mapped[str | None] = mapped_column(String(400))
    city: Mapped[str | None] = mapped_column(String(120), index=True)
    region: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Where the coordinates came from (typed | gps | geocoded), how sure they are (metres, from a
    # phone's GPS or the geocoder's level: a city centre is kilometres off), and when geocoded.
    location_source: Mapped[str | None] = mapped_column(String(10))
    location_accuracy_m: Mapped[float | None] = mapped_column(Float)
    geocoded_at: Mapped[datetime | None]


def _configure_sqlite(engine: Engine, *, immediate: bool) -> None:
    # A checkpoint copies every page the log holds into the database. At SQLite's default (1,000
    # pages) each tracking drain batch — thousands of leaf pages of the events' person index,
    # the same hot pages batch after batch — was copied at its own commit; letting the log hold
    # several batches copies each page once for all of them (see docs/performance.md).
    autocheckpoint = get_settings().sqlite_wal_autocheckpoint

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute(f"PRAGMA wal_autocheckpoint={int(autocheckpoint)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _plain_savepoints(engine: Engine) -> None:
    """SAVEPOINT, RELEASE and ROLLBACK TO as plain SQL text. SQLAlchemy builds and compiles a
    new statement for each (every savepoint has its own name, so none is cached): ~0.3 ms of
    CPU a savepoint, and a sync push makes one per mutation. Same SQL, same events."""
    dialect = engine.dialect
    quote = dialect.identifier_preparer.quote

    def do_savepoint(connection: Any, name: str) -> None:
        connection.exec_driver_sql(f"SAVEPOINT {quote(name)}")

    def do_release_savepoint(connection: Any, name: str) -> None:
        connection.exec_driver_sql(f"RELEASE SAVEPOINT {quote(name)}")

    def do_rollback_to_savepoint(connection: Any, name: str) -> None:
        connection.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {quote(name)}")

    dialect.do_savepoint = do_savepoint  # type: ignore[method-assign]
    dialect.do_release_savepoint = do_release_savepoint  # type: ignore[method-assign]
    dialect.do_rollback_to_savepoint = do_rollback_to_savepoint  # type: ignore[method-assign]


def make_engine(url: str, *, immediate: bool = False) -> Engine:
    engine = _make_engine(url, immediate=immediate)
    _plain_savepoints(engine)
    return engine


def _make_engine(url: str, *, immediate: bool = False) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine, immediate=immediate)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


class Database:
    """Two engines over one database: reads, and writes (identical outside SQLite)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.read_engine = make_engine(url)
        self.write_engine = make_engine(url, immediate=True) if self.is_sqlite else self.read_engine
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        session = (self._write if write else self._read)()
        try:
            yield session
            if write:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose()


@lru_cache
def get_database() -> Database:
    return Database(get_settings().database_url)


def single_connection_engine(url: str) -> Engine:
    """For migrations and bulk CLI work: no pool lingering after the command."""
    engine = create_engine(url, poolclass=NullPool)
    if url.startswith("sqlite"):
        _configure_sqlite(engine, immediate=False)
    return engine
