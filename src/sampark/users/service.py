"""Users and teams. Other domains ask here who a user is and whose records a user reaches."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sampark.auth.passwords import hash_password
from sampark.core import audit, memo
from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import (
    Conflict,
    FieldError,
    NotFound,
    PreconditionFailed,
    ValidationFailed,
)
from sampark.core.permissions import Action, Obj, Role
from sampark.core.principal_cache import invalidate_on_commit
from sampark.users.models import Team, TeamMember, User
from sampark.users.schemas import (
    MeUpdate,
    TeamCreate,
    TeamOut,
    TeamUpdate,
    UserCreate,
    UserOut,
    UserUpdate,
)


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.lower())).one_or_none()


def get_active_user(session: Session, user_id: uuid.UUID) -> User | None:
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None


def team_reach(session: Session, user_id: uuid.UUID) -> tuple[frozenset[uuid.UUID], frozenset[uuid.UUID]]:
    """The user's teams, and every member of those teams (whose records 'team' visibility reaches)."""
    team_ids = frozenset(session.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id)))
    if not team_ids:
        return team_ids, frozenset({user_id})
    members = frozenset(session.scalars(select(TeamMember.user_id).where(TeamMember.team_id.in_(team_ids))))
    return team_ids, members | {user_id}


def active_users(session: Session) -> list[User]:
    """Every active user (for per-user background work such as the morning digest)."""
    return list(session.scalars(select(User).where(User.is_active.is_(True)).order_by(User.id)))


def existing_user_ids(session: Session, ids: set[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    found = memo.cached(
        session,
        ("users.existing", frozenset(ids)),
        lambda: frozenset(session.scalars(select(User.id).where(User.id.in_(ids)))),
    )
    return set(found)


def _teams_of(session: Session, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    out: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if user_ids:
        for team_id, user_id in session.execute(
            select(TeamMember.team_id, TeamMember.user_id).where(TeamMember.user_id.in_(user_ids))
        ):
            out[user_id].append(team_id)
    return out


def user_out(session: Session, users: list[User]) -> list[UserOut]:
    teams = _teams_of(session, [u.id for u in users])
    return [UserOut.model_validate(u).model_copy(update={"team_ids": sorted(teams[u.id])}) for u in users]


def _check_teams(session: Session, team_ids: list[uuid.UUID], field: str) -> None:
    found = set(session.scalars(select(Team.id).where(Team.id.in_(team_ids)))) if team_ids else set()
    missing = [str(t) for t in team_ids if t not in found]
    if missing:
        raise ValidationFailed(
            "Unknown team.", errors=[FieldError(field, f"unknown team ids: {', '.join(missing)}")]
        )


def _set_user_teams(session: Session, user_id: uuid.UUID, team_ids: list[uuid.UUID]) -> None:
    session.execute(delete(TeamMember).where(TeamMember.user_id == user_id))
    for team_id in dict.fromkeys(team_ids):
        session.add(TeamMember(team_id=team_id, user_id=user_id))


def create_user(ctx: Ctx, data: UserCreate) -> UserOut:
    ctx.require(Obj.users, Action.write)
    invalidate_on_commit(ctx.session)
    email = str(data.email).lower()
    if find_by_email(ctx.session, email) is not None:
        raise Conflict(
            "A user with this e-mail exists.",
            code="email_taken",
            errors=[FieldError("email", "taken")],
        )
    _check_teams(ctx.session, data.team_ids, "team_ids")
    user = User(
        email=email,
        display_name=data.display_name,
        role=data.role.value,
        password_hash=hash_password(data.password) if data.password else None,
        locale=data.locale,
        timezone=data.timezone,
        is_active=True,
    )
    ctx.session.add(user)
    try:
        ctx.session.flush()
    except IntegrityError as exc:
        raise Conflict("A user with this e-mail exists.", code="email_taken") from exc
    _set_user_teams(ctx.session, user.id, data.team_ids)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "create",
        "users",
        user.id,
        {"email": email, "role": data.role.value},
    )
    return user_out(ctx.session, [user])[0]


def list_users(ctx: Ctx, q: str | None = None, include_inactive: bool = False) -> list[UserOut]:
    ctx.require(Obj.users, Action.read)
    stmt = select(User).order_by(User.display_name).limit(1000)
    if not include_inactive:
        stmt = stmt.where(User.is_active.is_(True))
    if q:
        pattern = f"%{q.strip().lower()}%"
        stmt = stmt.where(User.email.like(pattern) | User.display_name.ilike(pattern))
    return user_out(ctx.session, list(ctx.session.scalars(stmt)))


def get_user(ctx: Ctx, user_id: uuid.UUID) -> UserOut:
    ctx.require(Obj.users, Action.read)
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user_out(ctx.session, [user])[0]


def _snapshot(user: User, team_ids: list[uuid.UUID]) -> dict[str, object]:
    return {
        "display_name": user.display_name,
        "role": user.role,
        "is_active": user.is_active,
        "locale": user.locale,
        "timezone": user.timezone,
        "team_ids": sorted(str(t) for t in team_ids),
    }


def update_user(ctx: Ctx, user_id: uuid.UUID, data: UserUpdate, version: int) -> UserOut:
    ctx.require(Obj.users, Action.write)
    invalidate_on_commit(ctx.session)
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    if user.version != version:
        raise PreconditionFailed(extra={"current": user_out(ctx.session, [user])[0].model_dump(mode="json")})
    before_teams = _teams_of(ctx.session, [user.id])[user.id]
    before = _snapshot(user, before_teams)
    changes = data.model_dump(exclude_unset=True)
    if user.id == ctx.principal.user_id and (
        changes.get("is_active") is False or changes.get("role", Role.admin) is not Role.admin
    ):
        raise ValidationFailed(
            "You cannot demote or deactivate yourself.",
            errors=[FieldError("role", "would lock you out")],
        )
    for field in ("display_name", "locale", "timezone", "is_active"):
        if field in changes and changes[field] is not None:
            setattr(user, field, changes[field])
    if changes.get("role") is not None:
        user.role = Role(changes["role"]).value
    team_ids = before_teams
    if data.team_ids is not None:
        _check_teams(ctx.session, data.team_ids, "team_ids")
        _set_user_teams(ctx.session, user.id, data.team_ids)
        team_ids = list(data.team_ids)
    user.updated_at = utcnow()  # membership-only changes still bump the version
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "users",
        user.id,
        audit.diff(before, _snapshot(user, team_ids)),
    )
    return user_out(ctx.session, [user])[0]


def update_me(ctx: Ctx, data: MeUpdate) -> UserOut:
    user = ctx.session.get(User, ctx.principal.user_id)
    if user is None:
        raise NotFound("No such user.")
    before = _snapshot(user, [])
    for field, value in data.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(user, field, value)
    ctx.session.flush()
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "users",
        user.id,
        audit.diff(before, _snapshot(user, [])),
    )
    return user_out(ctx.session, [user])[0]


def password_hash_of(session: Session, user_id: uuid.UUID) -> tuple[str, str | None] | None:
    """(e-mail, password hash) of an active user, for checking a password before a write."""
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    return user.email, user.password_hash


def set_own_password(ctx: Ctx, new_password: str) -> None:
    """The caller's new password; the old one was checked by the auth service."""
    user = ctx.session.get(User, ctx.principal.user_id)
    if user is None:
        raise NotFound("No such user.")
    user.password_hash = hash_password(new_password)
    audit.record(ctx.session, ctx.principal, "password_change", "users", user.id)


def set_password(ctx: Ctx, user_id: uuid.UUID, new_password: str) -> str:
    """Admins: give a user a new password (e.g. a forgotten one). Returns the user's e-mail."""
    ctx.require(Obj.users, Action.write)
    invalidate_on_commit(ctx.session)
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    user.password_hash = hash_password(new_password)
    user.updated_at = utcnow()
    audit.record(ctx.session, ctx.principal, "password_reset", "users", user.id)
    return user.email


def me(ctx: Ctx) -> UserOut:
    user = ctx.session.get(User, ctx.principal.user_id)
    if user is None:
        raise NotFound("No such user.")
    return user_out(ctx.session, [user])[0]


def user_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()
    return {row[0]: row[1] for row in rows}


# --- teams ----------------------------------------------------------------------------------


def _team_out(session: Session, teams: list[Team]) -> list[TeamOut]:
    members: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    leads: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    if teams:
        for row in session.scalars(select(TeamMember).where(TeamMember.team_id.in_([t.id for t in teams]))):
            members[row.team_id].append(row.user_id)
            if row.is_lead:
                leads[row.team_id].append(row.user_id)
    return [
        TeamOut.model_validate(t).model_copy(
            update={"member_ids": sorted(members[t.id]), "lead_ids": sorted(leads[t.id])}
        )
        for t in teams
    ]


def _set_members(
    session: Session, team_id: uuid.UUID, member_ids: list[uuid.UUID], lead_ids: list[uuid.UUID]
) -> None:
    wanted = set(member_ids) | set(lead_ids)
    missing = wanted - existing_user_ids(session, wanted)
    if missing:
        raise ValidationFailed(
            "Unknown user.",
            errors=[FieldError("member_ids", f"unknown user ids: {', '.join(map(str, missing))}")],
        )
    session.execute(delete(TeamMember).where(TeamMember.team_id == team_id))
    for user_id in wanted:
        session.add(TeamMember(team_id=team_id, user_id=user_id, is_lead=user_id in set(lead_ids)))


def list_teams(ctx: Ctx) -> list[TeamOut]:
    ctx.require(Obj.teams, Action.read)
    return _team_out(ctx.session, list(ctx.session.scalars(select(Team).order_by(Team.name))))


def get_team(ctx: Ctx, team_id: uuid.UUID) -> TeamOut:
    ctx.require(Obj.teams, Action.read)
    team = ctx.session.get(Team, team_id)
    if team is None:
        raise NotFound("No such team.")
    return _team_out(ctx.session, [team])[0]


def create_team(ctx: Ctx, data: TeamCreate) -> TeamOut:
    ctx.require(Obj.teams, Action.write)
    invalidate_on_commit(ctx.session)
    if ctx.session.scalars(select(Team.id).where(Team.name == data.name)).first():
        raise Conflict(
            "A team with this name exists.", code="name_taken", errors=[FieldError("name", "taken")]
        )
    team = Team(name=data.name, description=data.description)
    ctx.session.add(team)
    ctx.session.flush()
    _set_members(ctx.session, team.id, data.member_ids, data.lead_ids)
    ctx.session.flush()
    audit.record(ctx.session, ctx.principal, "create", "teams", team.id, data.model_dump(mode="json"))
    return _team_out(ctx.session, [team])[0]


def update_team(ctx: Ctx, team_id: uuid.UUID, data: TeamUpdate, version: int) -> TeamOut:
    ctx.require(Obj.teams, Action.write)
    invalidate_on_commit(ctx.session)
    team = ctx.session.get(Team, team_id)
    if team is None:
        raise NotFound("No such team.")
    current = _team_out(ctx.session, [team])[0]
    if team.version != version:
        raise PreconditionFailed(extra={"current": current.model_dump(mode="json")})
    if data.name is not None:
        team.name = data.name
    if "description" in data.model_fields_set:
        team.description = data.description
    if data.member_ids is not None or data.lead_ids is not None:
        _set_members(
            ctx.session,
            team.id,
            data.member_ids if data.member_ids is not None else current.member_ids,
            data.lead_ids if data.lead_ids is not None else current.lead_ids,
        )
    team.updated_at = utcnow()  # membership changes still bump the version
    ctx.session.flush()
    after = _team_out(ctx.session, [team])[0]
    fields = ("name", "description", "member_ids", "lead_ids")
    audit.record(
        ctx.session,
        ctx.principal,
        "update",
        "teams",
        team.id,
        audit.diff(current.model_dump(include=set(fields)), after.model_dump(include=set(fields))),
    )
    return after


def delete_team(ctx: Ctx, team_id: uuid.UUID) -> None:
    ctx.require(Obj.teams, Action.delete)
    invalidate_on_commit(ctx.session)
    team = ctx.session.get(Team, team_id)
    if team is None:
        raise NotFound("No such team.")
    ctx.session.delete(team)
    audit.record(ctx.session, ctx.principal, "delete", "teams", team_id, {"name": team.name})


def managers_of(session: Session, user_id: uuid.UUID) -> list[uuid.UUID]:
    """Who hears about a user's field work: the active managers of the user's teams, or the
    active admins when the user has no team manager (never the user themself)."""
    team_ids, members = team_reach(session, user_id)
    managers: list[uuid.UUID] = []
    if team_ids:
        managers = list(
            session.scalars(
                select(User.id)
                .where(User.id.in_(sorted(members)), User.role == "manager", User.is_active.is_(True))
                .order_by(User.id)
            )
        )
    if not managers:
        managers = list(
            session.scalars(
                select(User.id).where(User.role == "admin", User.is_active.is_(True)).order_by(User.id)
            )
        )
    return [m for m in managers if m != user_id]


# --- for other domains (system work: routing names teams, round robin walks their members) -------


def team_ids_by_name(session: Session, names: list[str], *, create: bool = False) -> dict[str, uuid.UUID]:
    """Teams by name; with `create`, a missing team is made (social routing names its teams)."""
    wanted = list(dict.fromkeys(n for n in names if n))
    if not wanted:
        return {}
    found = {t.name: t.id for t in session.scalars(select(Team).where(Team.name.in_(wanted)))}
    if create:
        for name in wanted:
            if name not in found:
                team = Team(name=name, description=None)
                session.add(team)
                session.flush()
                invalidate_on_commit(session)
                found[name] = team.id
    return found


def team_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {t.id: t.name for t in session.scalars(select(Team).where(Team.id.in_(ids)))}


def active_member_ids(session: Session, team_id: uuid.UUID) -> list[uuid.UUID]:
    """The team's active members, in a stable order (for round robin)."""
    return list(
        session.scalars(
            select(TeamMember.user_id)
            .join(User, User.id == TeamMember.user_id)
            .where(TeamMember.team_id == team_id, User.is_active.is_(True))
            .order_by(TeamMember.user_id)
        )
    )
