"""Demo data generation (placeholder: users and teams; people etc. are filled in next)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from sqlalchemy import func, select

from sampark.auth.passwords import hash_password
from sampark.db import Database
from sampark.users.models import Team, TeamMember, User

ADMIN_EMAIL = "admin@demo.sampark.local"


@dataclass
class DemoSummary:
    admin_email: str
    users: int
    people: int


def has_users(db: Database) -> bool:
    with db.session(write=False) as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def generate(
    db: Database, *, people: int, seed: int, admin_password: str, console: Console | None = None
) -> DemoSummary:
    password_hash = hash_password(admin_password)
    with db.session() as session:
        admin = session.scalars(select(User).where(User.email == ADMIN_EMAIL)).one_or_none()
        if admin is None:
            admin = User(
                email=ADMIN_EMAIL,
                display_name="Nusrat Jahan",
                role="admin",
                password_hash=password_hash,
            )
            session.add(admin)
            session.flush()
        else:
            admin.password_hash = password_hash
        if session.scalars(select(Team).where(Team.name == "Field sales")).first() is None:
            team = Team(name="Field sales")
            session.add(team)
            session.flush()
            session.add(TeamMember(team_id=team.id, user_id=admin.id, is_lead=True))
    return DemoSummary(admin_email=ADMIN_EMAIL, users=1, people=0)
