from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from sampark.auth import service
from sampark.auth.schemas import LoginIn, ScopesOut, SessionOut, TokenCreate, TokenCreated, TokenOut
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import NotAuthenticated
from sampark.core.permissions import ALL_SCOPES
from sampark.db import Database
from sampark.deps import CtxDep, get_db
from sampark.users import service as users

public_router = APIRouter(prefix="/auth", tags=["auth"])
router = APIRouter(tags=["auth"])


def _set_cookies(response: Response, request: Request, token: str, csrf: str, max_age: int) -> None:
    secure = request.url.scheme == "https"
    response.set_cookie(
        service.SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.set_cookie(
        service.CSRF_COOKIE,
        csrf,
        max_age=max_age,
        httponly=False,
        samesite="lax",
        secure=secure,
        path="/",
    )


@public_router.post("/login", operation_id="auth-login", response_model=SessionOut)
async def login(
    body: LoginIn, request: Request, response: Response, db: Annotated[Database, Depends(get_db)]
) -> SessionOut:
    """Sign in with e-mail and password. Sets an HttpOnly session cookie.

    Repeated failures lock the account and the address for a while (429 with Retry-After)."""
    ip = request.client.host if request.client else None

    def run() -> SessionOut:
        with db.session() as session:
            sign_in = service.login(
                db, session, body.email, body.password, ip, request.headers.get("user-agent")
            )
            principal = service._principal_for_user(session, sign_in.user_id)
            if principal is None:  # the user was deactivated between the two reads
                raise NotAuthenticated("Your account is not active.")
            user = users.me(Ctx(session, principal))
        max_age = int((sign_in.expires_at - utcnow()).total_seconds())
        _set_cookies(response, request, sign_in.session_token, sign_in.csrf_token, max_age)
        return SessionOut(user=user, csrf_token=sign_in.csrf_token, expires_at=sign_in.expires_at)

    return await run_in_threadpool(run)


@router.post("/auth/logout", operation_id="auth-logout", status_code=204, response_class=Response)
def logout(ctx: CtxDep, response: Response) -> Response:
    """End this browser session."""
    service.logout(ctx)
    out = Response(status_code=204)
    out.delete_cookie(service.SESSION_COOKIE, path="/")
    out.delete_cookie(service.CSRF_COOKIE, path="/")
    return out


@router.get("/auth/session", operation_id="auth-session", response_model=SessionOut)
def current_session(ctx: CtxDep) -> SessionOut:
    """Who is signed in, and the CSRF token for this session."""
    return SessionOut(user=users.me(ctx), csrf_token=service.csrf_token_for(ctx))


@router.get("/tokens/scopes", operation_id="tokens-scopes", response_model=ScopesOut, tags=["tokens"])
def scopes() -> ScopesOut:
    """Every scope a token can be given."""
    return ScopesOut(scopes=list(ALL_SCOPES))


@router.get("/tokens", operation_id="tokens-list", response_model=list[TokenOut], tags=["tokens"])
def list_tokens(ctx: CtxDep, user_id: uuid.UUID | None = None) -> list[TokenOut]:
    """Your API tokens (admins: everyone's, or one user's)."""
    return [TokenOut.model_validate(t) for t in service.list_tokens(ctx, user_id)]


@router.post(
    "/tokens",
    operation_id="tokens-create",
    response_model=TokenCreated,
    status_code=201,
    tags=["tokens"],
)
def create_token(body: TokenCreate, ctx: CtxDep) -> TokenCreated:
    """Create an API token. The secret is in this response only (so this POST is not
    idempotent: a replay would have to store the secret)."""
    row, raw = service.create_token(
        ctx, body.user_id or ctx.principal.user_id, body.name, body.scopes, body.expires_at
    )
    return TokenCreated(**TokenOut.model_validate(row).model_dump(), token=raw)


@router.delete("/tokens/{token_id}", operation_id="tokens-revoke", response_model=TokenOut, tags=["tokens"])
def revoke_token(token_id: uuid.UUID, ctx: CtxDep) -> TokenOut:
    """Revoke a token at once."""
    return TokenOut.model_validate(service.revoke_token(ctx, token_id))
