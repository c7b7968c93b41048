"""Operator actions from the command line, outside any request."""

from __future__ import annotations

from sqlalchemy import select

from sampark.core.context import Ctx
from sampark.core.permissions import Principal, Role
from sampark.db import get_database
from sampark.users import service
from sampark.users.models import Team, User
from sampark.users.schemas import TeamCreate, UserCreate, UserOut

SYSTEM_EMAIL = "system@sampark.local"


def system_principal(session: object) -> Principal:
    """The actor recorded for operator commands (not a user who can sign in)."""
    import uuid

    return Principal(user_id=uuid.UUID(int=0), email=SYSTEM_EMAIL, role=Role.admin)


def create_user_cli(email: str, role: str, teams: list[str], name: str | None, password: str) -> UserOut:
    with get_database().session() as session:
        ctx = Ctx(session, system_principal(session))
        team_ids = []
        for team_name in teams:
            team = session.scalars(select(Team).where(Team.name == team_name)).one_or_none()
            team_ids.append(team.id if team else service.create_team(ctx, TeamCreate(name=team_name)).id)
        data = UserCreate(
            email=email,
            display_name=name or email.split("@")[0],
            role=Role(role),
            password=password,
            team_ids=team_ids,
        )
        return service.create_user(ctx, data)


def list_users_cli() -> list[tuple[str, str, bool]]:
    with get_database().session(write=False) as session:
        return [(u.email, u.role, u.is_active) for u in session.scalars(select(User).order_by(User.email))]
