from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from sampark.auth import service as auth
from sampark.core.permissions import ROLE_GRANTS, Role
from sampark.deps import CtxDep, DbDep, IdempotencyDep, IfMatchDep
from sampark.users import service
from sampark.users.schemas import (
    MeUpdate,
    PasswordChange,
    PasswordReset,
    PasswordResetOut,
    RoleOut,
    TeamCreate,
    TeamOut,
    TeamUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)

router = APIRouter(tags=["users"])


@router.get("/me", operation_id="users-me", response_model=UserOut)
def me(ctx: CtxDep) -> UserOut:
    return service.me(ctx)


@router.patch("/me", operation_id="users-update-me", response_model=UserOut)
def update_me(body: MeUpdate, ctx: CtxDep) -> UserOut:
    """Change your own name, language (en, bn, hi) or time zone."""
    return service.update_me(ctx, body)


@router.post("/me/password", operation_id="users-change-password", status_code=204, response_class=Response)
def change_password(body: PasswordChange, ctx: CtxDep, db: DbDep) -> Response:
    """Needs a signed-in session (not a token). Wrong current passwords count toward the
    sign-in lock; your other sessions end."""
    auth.change_own_password(db, ctx, body.current_password, body.new_password)
    return Response(status_code=204)


@router.get("/roles", operation_id="users-roles", response_model=list[RoleOut])
def roles() -> list[RoleOut]:
    """What each role may see (own, team, all) and do, per object."""
    return [
        RoleOut(
            role=role,
            grants={
                obj.value: {"visibility": g.visibility.value, "write": g.write, "delete": g.delete}
                for obj, g in ROLE_GRANTS[role].items()
            },
        )
        for role in Role
    ]


@router.get("/users", operation_id="users-list", response_model=list[UserOut])
def list_users(ctx: CtxDep, q: str | None = None, include_inactive: bool = False) -> list[UserOut]:
    return service.list_users(ctx, q, include_inactive)


@router.post("/users", operation_id="users-create", response_model=UserOut, status_code=201)
def create_user(body: UserCreate, ctx: CtxDep, idem: IdempotencyDep) -> UserOut:
    """Admins add users; without a password the user cannot sign in until one is set."""
    return idem.run(lambda: service.create_user(ctx, body))  # type: ignore[no-any-return]


@router.get("/users/{user_id}", operation_id="users-get", response_model=UserOut)
def get_user(user_id: uuid.UUID, ctx: CtxDep) -> UserOut:
    return service.get_user(ctx, user_id)


@router.patch("/users/{user_id}", operation_id="users-update", response_model=UserOut)
def update_user(user_id: uuid.UUID, body: UserUpdate, ctx: CtxDep, version: IfMatchDep) -> UserOut:
    return service.update_user(ctx, user_id, body, version)


@router.post(
    "/users/{user_id}/password", operation_id="users-reset-password", response_model=PasswordResetOut
)
def reset_password(user_id: uuid.UUID, body: PasswordReset, ctx: CtxDep) -> PasswordResetOut:
    """Admins: set a user's password, or leave `password` out to get a generated one (shown
    once). The user's sessions end and a sign-in lock on the account is lifted."""
    return PasswordResetOut(password=auth.reset_password(ctx, user_id, body.password))


@router.get("/teams", operation_id="teams-list", response_model=list[TeamOut], tags=["teams"])
def list_teams(ctx: CtxDep) -> list[TeamOut]:
    return service.list_teams(ctx)


@router.post("/teams", operation_id="teams-create", response_model=TeamOut, status_code=201, tags=["teams"])
def create_team(body: TeamCreate, ctx: CtxDep, idem: IdempotencyDep) -> TeamOut:
    return idem.run(lambda: service.create_team(ctx, body))  # type: ignore[no-any-return]


@router.get("/teams/{team_id}", operation_id="teams-get", response_model=TeamOut, tags=["teams"])
def get_team(team_id: uuid.UUID, ctx: CtxDep) -> TeamOut:
    return service.get_team(ctx, team_id)


@router.patch("/teams/{team_id}", operation_id="teams-update", response_model=TeamOut, tags=["teams"])
def update_team(team_id: uuid.UUID, body: TeamUpdate, ctx: CtxDep, version: IfMatchDep) -> TeamOut:
    return service.update_team(ctx, team_id, body, version)


@router.delete(
    "/teams/{team_id}",
    operation_id="teams-delete",
    status_code=204,
    response_class=Response,
    tags=["teams"],
)
def delete_team(team_id: uuid.UUID, ctx: CtxDep) -> Response:
    service.delete_team(ctx, team_id)
    return Response(status_code=204)
