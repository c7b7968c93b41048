"""Sign-in, sessions, API tokens and resolving the caller of a request."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sampark.auth.models import ApiToken, AuthSession, LoginThrottle
from sampark.auth.passwords import hash_password, needs_rehash, verify_password
from sampark.core import audit
from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import (
    CsrfFailed,
    FieldError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from sampark.core.permissions import ALL_SCOPES, Action, Obj, Principal, Role, Visibility
from sampark.core.principal_cache import CachedCaller, invalidate_on_commit
from sampark.core.principal_cache import cache as principal_cache
from sampark.db import Database
from sampark.settings import Settings, get_settings
from sampark.users import service as users

SESSION_COOKIE = "sampark_session"
CSRF_COOKIE = "sampark_csrf"
CSRF_HEADER = "X-CSRF-Token"
TOKEN_PREFIX = "spk_"  # noqa: S105  (a visible prefix, not a secret)
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- sign-in -------------------------------------------------------------------------------


@dataclass
class SignIn:
    session_token: str
    csrf_token: str
    expires_at: datetime
    user_id: uuid.UUID


def _throttle_state(session: Session, key: str, settings: Settings) -> LoginThrottle | None:
    row = session.get(LoginThrottle, key)
    if row is None:
        return None
    now = utcnow()
    if row.locked_until and as_utc(row.locked_until) > now:
        return row
    if as_utc(row.window_start) + timedelta(minutes=settings.login_window_minutes) < now:
        row.failures, row.window_start, row.locked_until = 0, now, None
    return row


def _check_not_locked(db: Database, keys: list[str], settings: Settings) -> None:
    with db.session(write=False) as session:
        now = utcnow()
        for key in keys:
            row = session.get(LoginThrottle, key)
            if row and row.locked_until and as_utc(row.locked_until) > now:
                retry = int((as_utc(row.locked_until) - now).total_seconds()) + 1
                raise RateLimited(
                    "Too many failed sign-ins. Try again later.",
                    headers={"Retry-After": str(retry)},
                    extra={"retry_after": retry},
                )


def _record_failure(db: Database, email: str, ip: str | None, settings: Settings, reason: str) -> None:
    """Counted in its own transaction: the failed request itself rolls back."""
    limits = {f"account:{email}": settings.login_max_failures_per_account}
    if ip:
        limits[f"ip:{ip}"] = settings.login_max_failures_per_address
    with db.session() as session:
        now = utcnow()
        for key, limit in limits.items():
            row = _throttle_state(session, key, settings)
            if row is None:
                row = LoginThrottle(key=key, window_start=now, failures=0)
                session.add(row)
            row.failures += 1
            if row.failures >= limit:
                row.locked_until = now + timedelta(minutes=settings.login_lock_minutes)
        audit.record(
            session,
            None,
            "login_failed",
            "users",
            None,
            {"reason": reason},
            actor_email=email,
            ip=ip,
        )


def login(
    db: Database,
    session: Session,
    email: str,
    password: str,
    ip: str | None,
    user_agent: str | None,
) -> SignIn:
    settings = get_settings()
    email = email.strip().lower()
    keys = [f"account:{email}"] + ([f"ip:{ip}"] if ip else [])
    _check_not_locked(db, keys, settings)
    # Check the password before `session` touches the database: on SQLite its first statement
    # takes the write lock, and a failure is counted in a write transaction of its own.
    with db.session(write=False) as read:
        found = users.find_by_email(read, email)
        user_id, password_hash, active = (
            (found.id, found.password_hash, found.is_active) if found else (None, None, False)
        )
    ok = verify_password(password_hash, password)
    user = users.get_active_user(session, user_id) if ok and user_id and active else None
    if user is None:
        _record_failure(db, email, ip, settings, "inactive" if (ok and user_id) else "bad_credentials")
        raise NotAuthenticated("E-mail or password is wrong.", code="invalid_credentials")
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == f"account:{email}"))
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    auth_session = AuthSession(
        token_hash=token_digest(raw),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(24),
        expires_at=now + timedelta(hours=settings.session_ttl_hours),
        last_seen_at=now,
        ip=ip,
        user_agent=(user_agent or "")[:400],
    )
    session.add(auth_session)
    user.last_login_at = now
    session.flush()
    audit.record(session, None, "login", "users", user.id, actor_email=email, ip=ip)
    return SignIn(raw, auth_session.csrf_token, auth_session.expires_at, user.id)


def logout(ctx: Ctx) -> None:
    if ctx.principal.session_id is None:
        return
    row = ctx.session.get(AuthSession, ctx.principal.session_id)
    if row is not None:
        row.revoked_at = utcnow()
        invalidate_on_commit(ctx.session)
    audit.record(ctx.session, ctx.principal, "logout", "users", ctx.principal.user_id)


def csrf_token_for(ctx: Ctx) -> str | None:
    if ctx.principal.session_id is None:
        return None
    row = ctx.session.get(AuthSession, ctx.principal.session_id)
    return row.csrf_token if row else None


# --- passwords --------------------------------------------------------------------------------


def change_own_password(db: Database, ctx: Ctx, current_password: str, new_password: str) -> None:
    """Needs a signed-in session, and wrong guesses count toward the same lock as sign-in,
    so a stolen session cookie is not an unlimited password oracle."""
    if ctx.principal.token_id is not None:
        raise PermissionDenied(
            "Sign in to change your password; API tokens cannot.",
            extra={"object": "users", "action": "write"},
        )
    settings = get_settings()
    email = ctx.principal.email
    _check_not_locked(db, [f"account:{email}"], settings)
    # Checked on a read session before ctx.session writes (on SQLite that takes the write lock).
    with db.session(write=False) as read:
        found = users.password_hash_of(read, ctx.principal.user_id)
    if found is None or not verify_password(found[1], current_password):
        _record_failure(db, email, ctx.principal.ip, settings, "wrong_current_password")
        raise ValidationFailed(
            "The current password is wrong.",
            errors=[FieldError("current_password", "wrong password")],
        )
    users.set_own_password(ctx, new_password)
    # Every other session of this user ends; the one that changed the password stays.
    _revoke_sessions(ctx.session, ctx.principal.user_id, keep=ctx.principal.session_id)


def reset_password(ctx: Ctx, user_id: uuid.UUID, new_password: str | None) -> str | None:
    """Admins: set a user's password, or generate one (returned once) when none is given.
    The user's sessions end and a sign-in lock on the account is lifted."""
    password = new_password or secrets.token_urlsafe(12)
    email = users.set_password(ctx, user_id, password)
    _revoke_sessions(ctx.session, user_id, keep=None)
    ctx.session.execute(delete(LoginThrottle).where(LoginThrottle.key == f"account:{email}"))
    return None if new_password else password


def _revoke_sessions(session: Session, user_id: uuid.UUID, keep: uuid.UUID | None) -> None:
    stmt = update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
    if keep is not None:
        stmt = stmt.where(AuthSession.id != keep)
    session.execute(stmt.values(revoked_at=utcnow()))
    invalidate_on_commit(session)


# --- resolving the caller -------------------------------------------------------------------


def _principal_for_user(session: Session, user_id: uuid.UUID) -> Principal | None:
    user = users.get_active_user(session, user_id)
    if user is None:
        return None
    team_ids, members = users.team_reach(session, user.id)
    return Principal(
        user_id=user.id,
        email=user.email,
        role=Role(user.role),
        team_ids=team_ids,
        team_member_ids=members,
    )


def principal_from_request(request: Request, db: Database | None) -> Principal | None:
    """The caller of a request, or NotAuthenticated. With `db=None` only the principal cache
    is asked (no I/O, so it can run on the event loop) and a miss answers None."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = _principal_from_token(db, header[7:].strip())
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            raise NotAuthenticated("Sign in, or send an API token as 'Authorization: Bearer …'.")
        found = _principal_from_session(db, cookie)
        if found is None:
            return None
        principal, csrf = found
        if request.method not in {"GET", "HEAD", "OPTIONS"}:
            sent = request.headers.get(CSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), csrf.encode()):
                raise CsrfFailed(f"Cookie-authenticated changes need the {CSRF_HEADER} header from sign-in.")
    if principal is None:
        return None
    principal.request_id = getattr(request.state, "request_id", None)
    principal.ip = request.client.host if request.client else None
    return principal


def _principal_from_session(db: Database | None, raw: str) -> tuple[Principal, str] | None:
    digest = token_digest(raw)
    key = "s:" + digest
    cached = principal_cache.get(key)
    if cached is not None and cached.csrf is not None:
        return cached.principal, cached.csrf
    if db is None:
        return None
    generation = principal_cache.generation
    settings = get_settings()
    now = utcnow()
    with db.session(write=False) as session:
        row = session.scalars(select(AuthSession).where(AuthSession.token_hash == digest)).one_or_none()
        idle_limit = timedelta(hours=settings.session_idle_hours)
        if (
            row is None
            or row.revoked_at is not None
            or as_utc(row.expires_at) <= now
            or as_utc(row.last_seen_at) + idle_limit <= now
        ):
            raise NotAuthenticated("Your session has ended. Sign in again.", code="session_expired")
        principal = _principal_for_user(session, row.user_id)
        stale_seen = as_utc(row.last_seen_at) + LAST_USED_RESOLUTION <= now
        session_id, csrf = row.id, row.csrf_token
    if principal is None:
        raise NotAuthenticated("Your account is not active.", code="session_expired")
    if stale_seen:
        with db.session() as session:
            session.execute(update(AuthSession).where(AuthSession.id == session_id).values(last_seen_at=now))
    principal.session_id = session_id
    principal_cache.put(key, CachedCaller(replace(principal), csrf), generation)
    return principal, csrf


def _principal_from_token(db: Database | None, raw: str) -> Principal | None:
    digest = token_digest(raw)
    key = "t:" + digest
    cached = principal_cache.get(key)
    if cached is not None:
        return cached.principal
    if db is None:
        return None
    generation = principal_cache.generation
    now = utcnow()
    with db.session(write=False) as session:
        row = session.scalars(select(ApiToken).where(ApiToken.token_hash == digest)).one_or_none()
        if row is None or row.revoked_at is not None or (row.expires_at and as_utc(row.expires_at) <= now):
            raise NotAuthenticated("The API token is unknown, revoked or expired.", code="invalid_token")
        principal = _principal_for_user(session, row.user_id)
        stale = row.last_used_at is None or as_utc(row.last_used_at) + LAST_USED_RESOLUTION <= now
        token_id, scopes = row.id, frozenset(row.scopes)
    if principal is None:
        raise NotAuthenticated("The token's user is not active.", code="invalid_token")
    if stale:
        with db.session() as session:
            session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
    principal.token_id, principal.scopes = token_id, scopes
    principal_cache.put(key, CachedCaller(replace(principal), None), generation)
    return principal


# --- API tokens ------------------------------------------------------------------------------


def validate_scopes(scopes: list[str]) -> list[str]:
    unknown = [s for s in scopes if s not in ALL_SCOPES]
    if unknown or not scopes:
        raise ValidationFailed(
            "Unknown or missing scopes.",
            errors=[
                FieldError("scopes", f"unknown: {', '.join(unknown)}" if unknown else "at least one scope")
            ],
        )
    return sorted(set(scopes))


def create_token(
    ctx: Ctx, user_id: uuid.UUID, name: str, scopes: list[str], expires_at: datetime | None
) -> tuple[ApiToken, str]:
    """Returns the row and the raw token, which is never stored and never shown again."""
    ctx.require(Obj.tokens, Action.write)
    if user_id != ctx.principal.user_id and not ctx.principal.is_admin:
        raise NotFound("No such user.")
    if users.get_active_user(ctx.session, user_id) is None:
        raise NotFound("No such active user.")
    scopes = validate_scopes(scopes)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user_id,
        name=name,
        prefix=raw[:10],
        token_hash=token_digest(raw),
        scopes=scopes,
        expires_at=expires_at,
    )
    ctx.session.add(row)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "tokens", row.id, {"name": name, "scopes": scopes})
    return row, raw


def list_tokens(ctx: Ctx, user_id: uuid.UUID | None = None) -> list[ApiToken]:
    ctx.require(Obj.tokens, Action.read)
    stmt = select(ApiToken).order_by(ApiToken.created_at.desc())
    if ctx.principal.grant(Obj.tokens).visibility is not Visibility.all:
        stmt = stmt.where(ApiToken.user_id == ctx.principal.user_id)
    elif user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return list(ctx.session.scalars(stmt.limit(500)))


def revoke_token(ctx: Ctx, token_id: uuid.UUID) -> ApiToken:
    ctx.require(Obj.tokens, Action.delete)
    row = ctx.session.get(ApiToken, token_id)
    if row is None or (row.user_id != ctx.principal.user_id and not ctx.principal.is_admin):
        raise NotFound("No such token.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        invalidate_on_commit(ctx.session)
        audit.record(ctx.session, ctx.principal, "revoke", "tokens", row.id, {"name": row.name})
    return row


def create_token_for_cli(session: Session, email: str, name: str, scopes: list[str]) -> str:
    user = users.find_by_email(session, email.lower())
    if user is None:
        raise NotFound(f"No user {email}.")
    principal = Principal(user_id=user.id, email=user.email, role=Role.admin)
    _, raw = create_token(Ctx(session, principal), user.id, name, scopes, None)
    return raw
