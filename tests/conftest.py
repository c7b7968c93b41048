"""Test harness: a real database built by running the migrations.

SQLite by default (a fresh file per test session); PostgreSQL when
SAMPARK_TEST_DATABASE_URL is set (a fresh schema per test session). Every test starts
from empty tables.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

TEST_VAR = Path(os.environ.get("SAMPARK_TEST_VAR", "/tmp/sampark-test-" + uuid.uuid4().hex[:8]))
# Each test process its own var/ (pytest-xdist workers inherit the controller's environment):
# the job queue lives there, and two processes draining one queue would take each other's jobs.
os.environ["SAMPARK_VAR_DIR"] = str(TEST_VAR)
os.environ.setdefault("SAMPARK_DEFAULT_REGION", "BD")

from sampark.core.permissions import Principal, Role  # noqa: E402
from sampark.db import Base, Database  # noqa: E402
from sampark.migrate import upgrade  # noqa: E402
from sampark.settings import get_settings  # noqa: E402


def _database_url() -> tuple[str, str | None]:
    pg = os.environ.get("SAMPARK_TEST_DATABASE_URL")
    if not pg:
        TEST_VAR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{TEST_VAR / ('test-' + uuid.uuid4().hex[:8] + '.db')}", None
    schema = "t_" + uuid.uuid4().hex[:12]
    import psycopg

    raw = pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in pg else "?"
    return f"{pg}{joiner}options=-csearch_path%3D{schema},public", schema


PRODUCTION_HASHER: Any = None


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """argon2id with the lightest parameters in tests: the production ones (RFC 9106: 3 passes
    over 64 MiB) cost about a quarter of a CPU-second per hash, and nearly every test makes a
    user. Hashing and verifying still run through argon2; `tests/test_passwords.py`
    checks the real parameters."""
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    global PRODUCTION_HASHER
    PRODUCTION_HASHER = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = PRODUCTION_HASHER


@pytest.fixture(scope="session")
def database() -> Iterator[Database]:
    url, schema = _database_url()
    os.environ["SAMPARK_DATABASE_URL"] = url
    get_settings.cache_clear()
    upgrade(url)
    db = Database(url)
    yield db
    db.dispose()
    if schema:
        import psycopg

        raw = os.environ["SAMPARK_TEST_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(raw, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    yield database
    from sampark.jobs.queue import flush

    flush()  # the job queue (SQLite file in this test process's var/) starts empty too
    tables = [t.name for t in reversed(Base.metadata.sorted_tables)]
    with database.write_engine.begin() as conn:
        if database.is_sqlite:
            for name in tables:
                conn.execute(text(f"DELETE FROM {name}"))
        else:
            # DELETE, children first, in one round trip: a test leaves a few rows, and TRUNCATE
            # of ~70 tables costs PostgreSQL hundreds of milliseconds of file work each time.
            conn.execute(text("; ".join(f"DELETE FROM {name}" for name in tables)))


_APPS: dict[tuple[int, str], Any] = {}


@pytest.fixture
def app(db: Database) -> Any:
    """One app per test process and settings: building FastAPI's routes costs about a second
    of CPU, more than most tests. The app keeps no state of its own between requests (all of
    it is in the database, which every test empties), so only the event checkpoints it
    writes at start are written again."""
    from sampark.app import create_app
    from sampark.jobs.events import ensure_checkpoints

    key = (id(db), get_settings().model_dump_json())
    built = _APPS.get(key)
    if built is None:
        built = _APPS[key] = create_app(db)
    else:
        ensure_checkpoints(db)
    return built


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


PASSWORD = "correct horse battery"


def make_user(db: Database, email: str, role: Role | str = Role.admin, teams: list[str] | None = None) -> Any:
    """A user created the way an admin would, returning its UserOut."""
    from sqlalchemy import select

    from sampark.core.context import Ctx
    from sampark.users import service
    from sampark.users.models import Team
    from sampark.users.schemas import TeamCreate, UserCreate

    with db.session() as session:
        ctx = Ctx(session, Principal(user_id=uuid.UUID(int=0), email="system", role=Role.admin))
        team_ids = []
        for name in teams or []:
            team = session.scalars(select(Team).where(Team.name == name)).one_or_none()
            team_ids.append(team.id if team else service.create_team(ctx, TeamCreate(name=name)).id)
        return service.create_user(
            ctx,
            UserCreate(
                email=email,
                display_name=email.split("@")[0],
                role=Role(role),
                password=PASSWORD,
                team_ids=team_ids,
            ),
        )


def token_for(db: Database, email: str, scopes: list[str] | None = None) -> str:
    from sampark.auth.service import create_token_for_cli
    from sampark.core.permissions import ALL_SCOPES

    with db.session() as session:
        return create_token_for_cli(session, email, "test", scopes or list(ALL_SCOPES))


def write_key_auth(key: str) -> dict[str, str]:
    """A tracking call's headers: HTTP Basic with a source's write key as the user name and no
    password, as the Segment and RudderStack libraries send it."""
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


class Api:
    """A TestClient bound to one caller's bearer token."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method: str) -> Any:
        def call(url: str, headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
            return getattr(self.client, method)(url, headers={**self.headers, **(headers or {})}, **kwargs)

        return call


@pytest.fixture
def admin(db: Database, client: TestClient) -> Api:
    make_user(db, "admin@example.com", Role.admin)
    return Api(client, token_for(db, "admin@example.com"))


def api_as(
    db: Database,
    client: TestClient,
    email: str,
    role: Role | str,
    teams: list[str] | None = None,
    scopes: list[str] | None = None,
) -> Api:
    make_user(db, email, role, teams)
    return Api(client, token_for(db, email, scopes))
