"""The `sampark` command, run in-process against a temporary SQLite database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select, text
from typer.testing import CliRunner

from sampark.cli import app as cli
from sampark.db import Database, get_database
from sampark.settings import get_settings

runner = CliRunner()
PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def _reset_caches() -> None:
    get_settings.cache_clear()
    if get_database.cache_info().currsize:
        get_database().dispose()
    get_database.cache_clear()


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """SAMPARK_DATABASE_URL → a fresh SQLite file; the cached settings and database follow it."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SAMPARK_DATABASE_URL", url)
    _reset_caches()
    yield url
    _reset_caches()  # the environment is restored after this; the next call re-reads it


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.output


def test_migrate_create_user_token_and_use_it(cli_db: str) -> None:
    code, out = run("migrate")
    assert code == 0, out
    assert "up to date" in out

    code, out = run(
        "users", "create", "--email", "Rafi@Example.com", "--role", "sales", "--team", "Field sales",
        "--password", PASSWORD,
    )  # fmt: skip
    assert code == 0, out
    assert "rafi@example.com" in out and "sales" in out

    code, out = run("users", "list")
    assert code == 0 and "rafi@example.com" in out and "active" in out

    code, out = run("tokens", "create", "--user", "rafi@example.com", "--scopes", "people:read")
    assert code == 0, out
    token = out.strip().splitlines()[-1].strip()
    assert token.startswith("spk_")

    db = Database(cli_db)
    try:
        from sampark.app import create_app

        with TestClient(create_app(db)) as client:
            bearer = {"Authorization": f"Bearer {token}"}
            me = client.get("/api/v1/me", headers=bearer)
            assert me.status_code == 200, me.text
            assert me.json()["email"] == "rafi@example.com" and me.json()["role"] == "sales"
            assert len(me.json()["team_ids"]) == 1
            assert client.get("/api/v1/people", headers=bearer).status_code == 200
            assert client.post("/api/v1/people", json={"given_name": "X"}, headers=bearer).status_code == 403
            login = client.post(
                "/api/v1/auth/login", json={"email": "rafi@example.com", "password": PASSWORD}
            )
            assert login.status_code == 200, login.text
    finally:
        db.dispose()

    code, out = run("audit", "verify")
    assert code == 0, out
    assert "intact" in out


def test_user_creation_errors_exit_1(cli_db: str) -> None:
    assert run("migrate")[0] == 0
    args = ["users", "create", "--email", "a@example.com", "--role", "sales", "--password", PASSWORD]
    assert run(*args)[0] == 0
    code, out = run(*args)
    assert code == 1 and "exists" in out
    assert (
        run("users", "create", "--email", "b@example.com", "--role", "emperor", "--password", PASSWORD)[0]
        == 1
    )
    assert (
        run("users", "create", "--email", "c@example.com", "--role", "sales", "--password", "short")[0] == 1
    )
    assert (
        run("users", "create", "--email", "not-an-email", "--role", "sales", "--password", PASSWORD)[0] == 1
    )
    code, out = run("users", "list")
    assert "a@example.com" in out and "b@example.com" not in out and "c@example.com" not in out


def test_token_errors_exit_1(cli_db: str) -> None:
    assert run("migrate")[0] == 0
    code, out = run("tokens", "create", "--user", "ghost@example.com", "--scopes", "people:read")
    assert code == 1 and "ghost@example.com" in out
    assert (
        run("users", "create", "--email", "a@example.com", "--role", "admin", "--password", PASSWORD)[0] == 0
    )
    code, out = run("tokens", "create", "--user", "a@example.com", "--scopes", "people:read,people:rule")
    assert code == 1 and "scope" in out.lower()
    assert run("tokens", "create", "--user", "a@example.com", "--scopes", " , ")[0] == 1


def test_audit_verify_catches_tampering(cli_db: str) -> None:
    assert run("migrate")[0] == 0
    for i in range(3):
        email = f"u{i}@example.com"
        assert run("users", "create", "--email", email, "--role", "sales", "--password", PASSWORD)[0] == 0
    code, out = run("audit", "verify")
    assert code == 0, out
    assert "3 entries" in out or "entries verified" in out

    engine = create_engine(cli_db)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor_email = 'mallory@example.com' WHERE seq = 2"))
        code, out = run("audit", "verify")
        assert code == 1, out
        assert "entry 2" in out

        # Put it back: intact again. Then remove the newest entry instead.
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE audit_log SET actor_email = :e WHERE seq = 2"), {"e": "system@sampark.local"}
            )
        code, out = run("audit", "verify")
        assert code == 0, out
        with engine.begin() as conn:
            last = conn.execute(select(text("MAX(seq)")).select_from(text("audit_log"))).scalar()
            conn.execute(text("DELETE FROM audit_log WHERE seq = :s"), {"s": last})
        code, out = run("audit", "verify")
        assert code == 1, out
        assert "removed" in out
    finally:
        engine.dispose()


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(cli, [])
    assert "migrate" in result.output and "users" in result.output


def test_import_cli_reports_rows_and_refuses_unreadable_files(cli_db: str, tmp_path: Path) -> None:
    good = tmp_path / "people.csv"
    good.write_bytes("Name\tEmail\nরহিম উদ্দিন\trahim@example.com\nX\tbad\n".encode("utf-16"))
    report = tmp_path / "errors.csv"
    code, out = run("import", "people", str(good), "--source", "Shop", "--report", str(report))
    assert code == 0, out
    assert "utf-16" in out and "delimiter '\\t'" in out
    assert "row 3: Email: not a valid e-mail address" in out
    assert report.read_text(encoding="utf-8-sig").splitlines()[1].startswith("3,Email,")
    code, out = run("import", "people", str(good), "--source", "Shop", "--dry-run")
    assert code == 0 and "dry run" in out
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out = run("import", "people", str(empty))
    assert code == 2 and "empty" in out
    code, out = run("import", "orders", str(good))  # a people file: nothing fills the order fields
    assert code == 2 and "No column of the file fills Order number" in out
    orders = tmp_path / "orders.csv"
    orders.write_text("Order No,Phone,Product,Qty,Price\nA-1,01711-234567,Tea,2,10\nA-1,,Mug,1,5\n")
    code, out = run("import", "orders", str(orders), "--source", "Shop")
    assert code == 0, out
    engine = create_engine(cli_db)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM orders")).scalar() == 1  # two rows, one order
            assert conn.execute(text("SELECT COUNT(*) FROM order_lines")).scalar() == 2
    finally:
        engine.dispose()


def test_traits_refresh_stores_rfm_boundaries(cli_db: str) -> None:
    code, out = run("migrate")
    assert code == 0, out
    code, out = run("traits", "refresh")
    assert code == 0, out
    assert "RFM boundaries stored over 0 people" in out


def test_db_optimize_runs_on_the_test_database(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite: the full-text indexes rebuilt; PostgreSQL: VACUUM ANALYZE of Sampark's tables."""
    monkeypatch.setenv("SAMPARK_DATABASE_URL", database.url)
    get_settings.cache_clear()
    get_database.cache_clear()
    try:
        result = runner.invoke(cli, ["db", "optimize"])
    finally:
        get_settings.cache_clear()
        get_database.cache_clear()
    assert result.exit_code == 0, result.output
    assert "statistics refreshed" in result.output
