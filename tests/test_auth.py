"""Sign-in, sessions, CSRF, lock-outs and API tokens, through the real HTTP API."""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update

from sampark.auth.models import ApiToken, AuthSession
from sampark.core.audit import AuditEntry
from sampark.core.clock import utcnow
from sampark.core.permissions import Role
from sampark.db import Database
from sampark.people.models import Person
from sampark.settings import get_settings
from tests.conftest import PASSWORD, make_user

LOGIN = "/api/v1/auth/login"
SESSION = "/api/v1/auth/session"


def login(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, json={"email": email, "password": password})


def people_count(db: Database) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(Person)) or 0)


def set_cookie_headers(response: Any) -> dict[str, str]:
    """Each Set-Cookie header by cookie name."""
    out = {}
    for header in response.headers.get_list("set-cookie"):
        out[header.split("=", 1)[0]] = header
    return out


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id still, with test-sized costs: these tests sign in dozens of times."""
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def signed_in(db: Database, client: TestClient) -> tuple[TestClient, str]:
    """A browser session for an admin: the client holds the cookies; yields the CSRF token."""
    make_user(db, "admin@example.com", Role.admin)
    r = login(client, "Admin@Example.com")
    assert r.status_code == 200, r.text
    return client, r.json()["csrf_token"]


# --- sessions ---------------------------------------------------------------------------------


def test_login_sets_httponly_samesite_session_cookie_and_readable_csrf_cookie(
    db: Database, client: TestClient
) -> None:
    make_user(db, "admin@example.com", Role.admin)
    r = login(client, "admin@example.com")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["user"]["email"] == "admin@example.com"
    assert body["csrf_token"] and body["expires_at"]
    cookies = set_cookie_headers(r)
    session_cookie = cookies["sampark_session"].lower()
    assert "httponly" in session_cookie
    assert "samesite=lax" in session_cookie
    assert "path=/" in session_cookie
    csrf_cookie = cookies["sampark_csrf"].lower()
    assert "httponly" not in csrf_cookie
    assert "samesite=lax" in csrf_cookie
    assert client.cookies.get("sampark_csrf") == body["csrf_token"]
    # Only the hash of the session token is stored.
    raw = client.cookies.get("sampark_session")
    assert raw
    with db.session(write=False) as session:
        row = session.scalars(select(AuthSession)).one()
        assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        assert raw not in repr([getattr(row, c.key) for c in AuthSession.__table__.columns])


def test_session_endpoint_works_with_the_cookie(signed_in: tuple[TestClient, str]) -> None:
    client, csrf = signed_in
    r = client.get(SESSION)
    assert r.status_code == 200, r.text
    assert r.json()["user"]["email"] == "admin@example.com"
    assert r.json()["csrf_token"] == csrf
    assert client.get("/api/v1/me").json()["email"] == "admin@example.com"


def test_cookie_write_without_csrf_header_is_refused_and_writes_nothing(
    db: Database, signed_in: tuple[TestClient, str]
) -> None:
    client, csrf = signed_in
    r = client.post("/api/v1/people", json={"given_name": "Anika"})
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "csrf_failed"
    wrong = client.post("/api/v1/people", json={"given_name": "Anika"}, headers={"X-CSRF-Token": "nope"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "csrf_failed"
    assert people_count(db) == 0
    ok = client.post("/api/v1/people", json={"given_name": "Anika"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 201, ok.text
    assert people_count(db) == 1


def test_logout_ends_the_session(db: Database, signed_in: tuple[TestClient, str]) -> None:
    client, csrf = signed_in
    raw = client.cookies.get("sampark_session")
    assert client.post("/api/v1/auth/logout").status_code == 403  # CSRF applies to logout too
    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert r.status_code == 204
    cookies = set_cookie_headers(r)
    assert "sampark_session" in cookies  # deleted in the browser
    after = client.get(SESSION)
    assert after.status_code == 401
    # The old cookie no longer works even if a client kept it.
    replay = client.get(SESSION, headers={"Cookie": f"sampark_session={raw}"})
    assert replay.status_code == 401
    assert replay.json()["code"] == "session_expired"
    with db.session(write=False) as session:
        assert session.scalars(select(AuthSession)).one().revoked_at is not None
        actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    assert "login" in actions and "logout" in actions


def test_expired_session_answers_session_expired(db: Database, signed_in: tuple[TestClient, str]) -> None:
    client, _ = signed_in
    with db.session() as session:
        session.execute(update(AuthSession).values(expires_at=utcnow() - timedelta(minutes=1)))
    r = client.get(SESSION)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "session_expired"


def test_idle_session_answers_session_expired(db: Database, signed_in: tuple[TestClient, str]) -> None:
    client, _ = signed_in
    idle = timedelta(hours=get_settings().session_idle_hours, minutes=1)
    with db.session() as session:
        session.execute(update(AuthSession).values(last_seen_at=utcnow() - idle))
    r = client.get(SESSION)
    assert r.status_code == 401 and r.json()["code"] == "session_expired"


def test_deactivated_user_loses_session(db: Database, signed_in: tuple[TestClient, str]) -> None:
    client, _ = signed_in
    with db.session() as session:
        session.execute(text("UPDATE users SET is_active = :f"), {"f": False})
    assert client.get(SESSION).status_code == 401


def test_garbage_cookie_and_missing_credentials(client: TestClient, db: Database) -> None:
    r = client.get(SESSION)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    r = client.get(SESSION, headers={"Cookie": "sampark_session=forged"})
    assert r.status_code == 401 and r.json()["code"] == "session_expired"


# --- failed sign-ins and lock-outs --------------------------------------------------------------


def test_wrong_password_is_401_and_audited(db: Database, client: TestClient) -> None:
    make_user(db, "meera@example.com", Role.sales)
    r = login(client, "meera@example.com", "wrong password!")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "invalid_credentials"
    assert "sampark_session" not in set_cookie_headers(r)
    unknown = login(client, "nobody@example.com", "whatever1234")
    assert unknown.status_code == 401 and unknown.json()["code"] == "invalid_credentials"
    assert unknown.json()["detail"] == r.json()["detail"]  # no hint which e-mails exist
    with db.session(write=False) as session:
        entries = session.execute(
            select(AuditEntry.actor_email, AuditEntry.changes).where(AuditEntry.action == "login_failed")
        ).all()
    assert sorted(e.actor_email for e in entries) == ["meera@example.com", "nobody@example.com"]
    assert all(e.changes == {"reason": "bad_credentials"} for e in entries)


def test_account_locks_after_five_failures_even_with_the_right_password(
    db: Database, client: TestClient
) -> None:
    make_user(db, "meera@example.com", Role.sales)
    make_user(db, "ravi@example.com", Role.sales)
    limit = get_settings().login_max_failures_per_account
    assert limit == 5
    for _ in range(limit):
        assert login(client, "meera@example.com", "wrong password!").status_code == 401
    locked = login(client, "meera@example.com")
    assert locked.status_code == 429
    assert locked.json()["code"] == "rate_limited"
    retry = int(locked.headers["retry-after"])
    assert 0 < retry <= get_settings().login_lock_minutes * 60 + 1
    assert "sampark_session" not in set_cookie_headers(locked)
    # The lock is per account: e-mail case does not get around it, other accounts still sign in.
    assert login(client, "MEERA@example.com").status_code == 429
    assert login(client, "ravi@example.com").status_code == 200


def test_successful_sign_in_resets_the_failure_count(db: Database, client: TestClient) -> None:
    make_user(db, "meera@example.com", Role.sales)
    for _ in range(4):
        assert login(client, "meera@example.com", "wrong password!").status_code == 401
    assert login(client, "meera@example.com").status_code == 200
    for _ in range(4):
        assert login(client, "meera@example.com", "wrong password!").status_code == 401
    assert login(client, "meera@example.com").status_code == 200


def test_lock_expires(db: Database, client: TestClient) -> None:
    make_user(db, "meera@example.com", Role.sales)
    for _ in range(5):
        login(client, "meera@example.com", "wrong password!")
    assert login(client, "meera@example.com").status_code == 429
    with db.session() as session:
        session.execute(
            text("UPDATE login_throttles SET locked_until = :t, window_start = :t"),
            {"t": utcnow() - timedelta(hours=1)},
        )
    assert login(client, "meera@example.com").status_code == 200


def test_address_is_limited_across_accounts(
    db: Database, app: Any, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "login_max_failures_per_address", 6)
    make_user(db, "meera@example.com", Role.sales)
    # One address tries many accounts, never more than the per-account limit on any of them.
    for i in range(6):
        assert login(client, f"guess{i}@example.com", "wrong password!").status_code == 401
    blocked = login(client, "meera@example.com")
    assert blocked.status_code == 429 and "retry-after" in blocked.headers
    # Another address is not affected.
    with TestClient(app, client=("192.0.2.7", 40000)) as other:
        assert login(other, "meera@example.com").status_code == 200


def test_malformed_login_bodies_are_422(client: TestClient, db: Database) -> None:
    assert client.post(LOGIN, json={"email": "a@example.com"}).status_code == 422
    assert client.post(LOGIN, json={"email": "a@example.com", "password": "x", "extra": 1}).status_code == 422
    r = client.post(LOGIN, json={"email": "a" * 1000, "password": "x"})
    assert r.status_code == 422 and r.json()["errors"]


# --- API tokens -------------------------------------------------------------------------------


def test_token_lifecycle_secret_shown_once_and_only_hash_stored(
    db: Database, signed_in: tuple[TestClient, str], app: Any
) -> None:
    client, csrf = signed_in
    h = {"X-CSRF-Token": csrf}
    r = client.post("/api/v1/tokens", json={"name": "shop sync", "scopes": ["people:read"]}, headers=h)
    assert r.status_code == 201, r.text
    created = r.json()
    secret = created["token"]
    assert secret.startswith("spk_") and created["prefix"] == secret[:10]
    assert created["scopes"] == ["people:read"] and created["last_used_at"] is None

    # Only the hash is stored: no column of the row holds the secret.
    with db.session(write=False) as session:
        row = session.execute(
            text("SELECT * FROM api_tokens WHERE id = :id"), {"id": _db_id(db, created["id"])}
        )
        values = row.one()
    assert all(secret not in str(v) for v in values)
    assert hashlib.sha256(secret.encode()).hexdigest() in [str(v) for v in values]

    listed = client.get("/api/v1/tokens").json()
    assert [t["id"] for t in listed] == [created["id"]]
    assert all("token" not in t for t in listed)

    bearer = {"Authorization": f"Bearer {secret}"}
    with TestClient(app) as api:  # no cookies: only the token
        assert api.get("/api/v1/people", headers=bearer).status_code == 200
        last_used = client.get("/api/v1/tokens").json()[0]["last_used_at"]
        assert last_used is not None

        revoked = client.delete(f"/api/v1/tokens/{created['id']}", headers=h)
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        after = api.get("/api/v1/people", headers=bearer)
        assert after.status_code == 401 and after.json()["code"] == "invalid_token"


def _db_id(db: Database, value: str) -> str:
    """How the Uuid type stores an id: hex without dashes on SQLite, a uuid on PostgreSQL."""
    return value.replace("-", "") if db.is_sqlite else value


def test_narrow_token_can_read_people_but_not_write(db: Database, app: Any) -> None:
    make_user(db, "admin@example.com", Role.admin)
    from tests.conftest import token_for

    secret = token_for(db, "admin@example.com", ["people:read"])
    bearer = {"Authorization": f"Bearer {secret}"}
    with TestClient(app) as api:
        assert api.get("/api/v1/people", headers=bearer).status_code == 200
        r = api.post("/api/v1/people", json={"given_name": "Nadia"}, headers=bearer)
        assert r.status_code == 403
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "permission_denied"
        assert people_count(db) == 0
        # Neither other objects nor token management.
        assert api.get("/api/v1/users", headers=bearer).status_code == 403
        assert (
            api.post(
                "/api/v1/tokens", json={"name": "x", "scopes": ["people:write"]}, headers=bearer
            ).status_code
            == 403
        )


def test_unknown_or_empty_scope_is_422(signed_in: tuple[TestClient, str], db: Database) -> None:
    client, csrf = signed_in
    h = {"X-CSRF-Token": csrf}
    r = client.post(
        "/api/v1/tokens", json={"name": "x", "scopes": ["people:read", "people:admin"]}, headers=h
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "scopes"
    assert "people:admin" in r.json()["errors"][0]["message"]
    assert client.post("/api/v1/tokens", json={"name": "x", "scopes": []}, headers=h).status_code == 422
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
    scopes = client.get("/api/v1/tokens/scopes").json()["scopes"]
    assert "people:read" in scopes and "audit:read" in scopes


def test_bad_bearer_tokens_are_401(client: TestClient, db: Database) -> None:
    for header in ("Bearer ", "Bearer spk_nope", "bearer " + "x" * 5000):
        r = client.get("/api/v1/people", headers={"Authorization": header})
        assert r.status_code == 401, header
        assert r.json()["code"] == "invalid_token"


def test_expired_token_is_401(db: Database, app: Any) -> None:
    make_user(db, "admin@example.com", Role.admin)
    from tests.conftest import token_for

    secret = token_for(db, "admin@example.com", ["people:read"])
    with db.session() as session:
        session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    with TestClient(app) as api:
        r = api.get("/api/v1/people", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"


def test_users_see_and_revoke_only_their_own_tokens(db: Database, app: Any) -> None:
    from tests.conftest import token_for

    make_user(db, "a@example.com", Role.sales)
    make_user(db, "b@example.com", Role.sales)
    a = {"Authorization": f"Bearer {token_for(db, 'a@example.com')}"}
    b = {"Authorization": f"Bearer {token_for(db, 'b@example.com')}"}
    with TestClient(app) as api:
        mine = api.get("/api/v1/tokens", headers=a).json()
        assert len(mine) == 1
        theirs = api.get("/api/v1/tokens", headers=b).json()
        assert api.delete(f"/api/v1/tokens/{theirs[0]['id']}", headers=a).status_code == 404
        assert api.get("/api/v1/people", headers=b).status_code == 200
        # A sales user cannot mint a token for someone else.
        r = api.post(
            "/api/v1/tokens",
            json={"name": "x", "scopes": ["people:read"], "user_id": theirs[0]["user_id"]},
            headers=a,
        )
        assert r.status_code == 404


def test_password_change_needs_a_session_not_a_token(
    db: Database, signed_in: tuple[TestClient, str], app: Any
) -> None:
    from tests.conftest import token_for

    client, csrf = signed_in
    body = {"current_password": PASSWORD, "new_password": "a brand new secret"}
    secret = token_for(db, "admin@example.com")  # every scope
    with TestClient(app) as api:
        r = api.post("/api/v1/me/password", json=body, headers={"Authorization": f"Bearer {secret}"})
        assert r.status_code == 403
        wrong = {**body, "current_password": "not the password"}
        r = api.post("/api/v1/me/password", json=wrong, headers={"Authorization": f"Bearer {secret}"})
        assert r.status_code == 403  # no password oracle for token holders
    r = client.post(
        "/api/v1/me/password",
        json={**body, "current_password": "nope nope nope"},
        headers={"X-CSRF-Token": csrf},
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "current_password"
    assert client.post("/api/v1/me/password", json=body, headers={"X-CSRF-Token": csrf}).status_code == 204
    with TestClient(app) as fresh:
        assert login(fresh, "admin@example.com").status_code == 401
        assert login(fresh, "admin@example.com", "a brand new secret").status_code == 200


def test_scope_is_checked_before_the_body(db: Database, app: Any) -> None:
    """A token without teams:write learns nothing about the body: 403, not 422."""
    from tests.conftest import token_for

    make_user(db, "admin@example.com", Role.admin)
    secret = token_for(db, "admin@example.com", ["teams:read"])
    h = {"Authorization": f"Bearer {secret}"}
    with TestClient(app) as api:
        assert api.post("/api/v1/teams", json={}, headers=h).status_code == 403
        assert api.post("/api/v1/teams", content=b"{not json", headers=h).status_code == 403
        assert api.get("/api/v1/teams", headers=h).status_code == 200
        # /me is readable with any token; changing it needs users:write.
        assert api.get("/api/v1/me", headers=h).status_code == 200
        assert api.patch("/api/v1/me", json={"locale": "bn"}, headers=h).status_code == 403


def test_inactive_user_cannot_sign_in(db: Database, client: TestClient) -> None:
    make_user(db, "gone@example.com", Role.sales)
    with db.session() as session:
        session.execute(text("UPDATE users SET is_active = :f"), {"f": False})
    r = login(client, "gone@example.com")
    assert r.status_code == 401 and r.json()["code"] == "invalid_credentials"
    with db.session(write=False) as session:
        reason = session.scalar(select(AuditEntry.changes).where(AuditEntry.action == "login_failed"))
    assert reason == {"reason": "inactive"}


def test_wrong_current_passwords_lock_the_account_like_sign_in(
    db: Database, signed_in: tuple[TestClient, str]
) -> None:
    """A stolen session cookie cannot guess the password without limit."""
    client, csrf = signed_in
    wrong = {"current_password": "not the password", "new_password": "a brand new secret"}
    for _ in range(get_settings().login_max_failures_per_account):
        r = client.post("/api/v1/me/password", json=wrong, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 422
    right = {**wrong, "current_password": PASSWORD}
    r = client.post("/api/v1/me/password", json=right, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert login(client, "admin@example.com").status_code == 429  # the same lock as sign-in


def test_changing_the_password_ends_the_other_sessions(
    db: Database, signed_in: tuple[TestClient, str], app: Any
) -> None:
    client, csrf = signed_in
    with TestClient(app) as laptop:
        assert login(laptop, "admin@example.com").status_code == 200
        body = {"current_password": PASSWORD, "new_password": "a brand new secret"}
        assert (
            client.post("/api/v1/me/password", json=body, headers={"X-CSRF-Token": csrf}).status_code == 204
        )
        assert laptop.get(SESSION).status_code == 401
    assert client.get(SESSION).status_code == 200


def test_admin_resets_a_forgotten_password(db: Database, app: Any) -> None:
    from tests.conftest import token_for

    make_user(db, "admin@example.com", Role.admin)
    rep = make_user(db, "rep@example.com", Role.sales)
    make_user(db, "manager@example.com", Role.manager)
    with TestClient(app) as rep_client, TestClient(app) as api:
        assert login(rep_client, "rep@example.com").status_code == 200
        for _ in range(get_settings().login_max_failures_per_account):
            login(api, "rep@example.com", "forgotten it")
        assert login(api, "rep@example.com").status_code == 429

        url = f"/api/v1/users/{rep.id}/password"
        manager = {"Authorization": f"Bearer {token_for(db, 'manager@example.com')}"}
        assert api.post(url, json={}, headers=manager).status_code == 403
        admin = {"Authorization": f"Bearer {token_for(db, 'admin@example.com')}"}
        assert api.post(url, json={"password": "short"}, headers=admin).status_code == 422
        r = api.post(url, json={}, headers=admin)
        assert r.status_code == 200
        generated = r.json()["password"]
        assert generated and len(generated) >= 12

        assert rep_client.get(SESSION).status_code == 401  # signed out everywhere
        assert login(api, "rep@example.com", PASSWORD).status_code == 401  # lock lifted, old one gone
        assert login(api, "rep@example.com", generated).status_code == 200

        r = api.post(url, json={"password": "chosen by the admin"}, headers=admin)
        assert r.status_code == 200 and r.json()["password"] is None
        assert login(api, "rep@example.com", "chosen by the admin").status_code == 200
    with db.session(write=False) as session:
        actions = session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(rep.id))).all()
    assert actions.count("password_reset") == 2


def test_resolved_callers_are_reused_briefly_and_dropped_on_every_change(db: Database, app: Any) -> None:
    """The principal cache: changes made through Sampark apply to the very next request;
    a change behind its back (another server, raw SQL) applies within the TTL."""
    from sampark.core.principal_cache import cache
    from tests.conftest import token_for

    make_user(db, "admin@example.com", Role.admin)
    boss = {"Authorization": f"Bearer {token_for(db, 'admin@example.com')}"}
    rep = make_user(db, "rep@example.com", Role.admin)
    rep_h = {"Authorization": f"Bearer {token_for(db, 'rep@example.com')}"}
    ttl = cache.ttl
    cache.ttl = 2.0
    try:
        with TestClient(app) as api:
            assert api.get("/api/v1/users", headers=rep_h).status_code == 200
            version = api.get(f"/api/v1/users/{rep.id}", headers=boss).json()["version"]
            r = api.patch(
                f"/api/v1/users/{rep.id}",
                json={"role": "sales"},
                headers={**boss, "If-Match": str(version)},
            )
            assert r.status_code == 200, r.text
            assert api.get("/api/v1/audit", headers=rep_h).status_code == 403  # demoted at once

            cached_at = time.monotonic()
            assert api.get("/api/v1/people", headers=rep_h).status_code == 200
            with db.session() as session:  # behind Sampark's back
                session.execute(update(ApiToken).values(revoked_at=utcnow()))
            status = api.get("/api/v1/people", headers=rep_h).status_code
            # Still cached, unless a loaded machine took longer than the TTL to get here.
            assert status == 200 or time.monotonic() - cached_at > cache.ttl
            deadline = time.monotonic() + 5
            while api.get("/api/v1/people", headers=rep_h).status_code == 200:
                assert time.monotonic() < deadline, "a revoked token outlived the cache TTL"
                time.sleep(0.1)
    finally:
        cache.ttl = ttl


def test_the_dummy_hash_costs_what_a_real_one_does() -> None:
    """Unknown accounts are checked against a stored dummy hash: it must be made with the
    default hasher's parameters (else a miss answers faster than a wrong password)."""
    from argon2 import PasswordHasher

    from sampark.auth import passwords

    real = PasswordHasher()
    assert not real.check_needs_rehash(passwords._DUMMY_HASH)
    assert real.verify(passwords._DUMMY_HASH, "sampark-dummy-password")
