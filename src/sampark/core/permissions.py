"""Who may see and change what: roles, per-object visibility and rights, token scopes.

Every read statement is narrowed here (`scope_statement`) and every write asks here
(`require`), so access rules live in one place.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, false

from sampark.core.errors import PermissionDenied


class Role(StrEnum):
    admin = "admin"
    manager = "manager"
    sales = "sales"
    service = "service"
    marketing = "marketing"
    analyst = "analyst"
    read_only = "read-only"


class Obj(StrEnum):
    people = "people"
    companies = "companies"
    deals = "deals"
    pipelines = "pipelines"
    activities = "activities"
    tasks = "tasks"
    custom_fields = "custom_fields"
    users = "users"
    teams = "teams"
    tokens = "tokens"
    audit = "audit"
    sources = "sources"
    imports = "imports"
    orders = "orders"
    jobs = "jobs"  # background jobs and the dead-letter list (administrators)
    workflows = "workflows"  # workflow rules and their runs (administrators)
    webhooks = "webhooks"  # outbound webhook subscriptions and deliveries (administrators)
    tickets = "tickets"  # service desk tickets, their conversations and canned replies
    ticket_queues = "ticket_queues"  # queues, routing rules, SLA policies, support mailboxes
    sync = "sync"  # offline sync: one's devices, pull/push, sync conflicts
    social = "social"  # the social inbox: posts, threads, replies, analytics
    social_settings = "social_settings"  # social connectors, routing rules, keywords, terms, alerts
    views = "views"  # saved list views: one's own, and shared ones (read)


class Visibility(StrEnum):
    none = "none"
    own = "own"
    team = "team"
    all = "all"


class Action(StrEnum):
    read = "read"
    write = "write"
    delete = "delete"


@dataclass(frozen=True)
class Grant:
    visibility: Visibility
    write: bool = False
    delete: bool = False


NONE = Grant(Visibility.none)
READ_ALL = Grant(Visibility.all)
FULL_ALL = Grant(Visibility.all, write=True, delete=True)

# Everyone syncs their own devices (admins: everyone's); records keep their own grants.
SYNC_OWN = Grant(Visibility.own, write=True, delete=True)
# Everyone keeps their own saved views (and sees shared ones); admins change anyone's.
VIEWS_OWN = Grant(Visibility.own, write=True, delete=True)

_RECORDS = (Obj.people, Obj.companies, Obj.deals, Obj.activities, Obj.tasks)


def _grants(default: Grant, **per_object: Grant) -> dict[Obj, Grant]:
    table = dict.fromkeys(Obj, default)
    table.update({Obj(k): v for k, v in per_object.items()})
    return table


# The role matrix. Settings (users, teams, tokens, custom fields, audit) are admin business;
# everyone may read pipelines and custom-field definitions because forms need them.
ROLE_GRANTS: dict[Role, dict[Obj, Grant]] = {
    Role.admin: _grants(FULL_ALL),
    Role.manager: _grants(
        NONE,
        sync=SYNC_OWN,
        views=VIEWS_OWN,
        **{o.value: Grant(Visibility.team, write=True, delete=True) for o in _RECORDS},
        orders=Grant(Visibility.team, write=True),
        pipelines=READ_ALL,
        custom_fields=READ_ALL,
        users=READ_ALL,
        teams=READ_ALL,
        tokens=Grant(Visibility.own, write=True, delete=True),
        imports=Grant(Visibility.all, write=True, delete=True),
        tickets=Grant(Visibility.team, write=True, delete=True),
        ticket_queues=Grant(Visibility.all, write=True),
        social=Grant(Visibility.team, write=True),
        social_settings=Grant(Visibility.all, write=True),
    ),
    Role.sales: _grants(
        NONE,
        sync=SYNC_OWN,
        views=VIEWS_OWN,
        people=Grant(Visibility.own, write=True),
        companies=Grant(Visibility.own, write=True),
        deals=Grant(Visibility.own, write=True),
        activities=Grant(Visibility.own, write=True, delete=True),
        tasks=Grant(Visibility.own, write=True, delete=True),
        orders=Grant(Visibility.own),
        tickets=Grant(Visibility.team),  # their own and their team's tickets, read only
        ticket_queues=READ_ALL,
        social=Grant(Visibility.team, write=True),  # their teams' social inbox
        social_settings=READ_ALL,
        pipelines=READ_ALL,
        custom_fields=READ_ALL,
        users=READ_ALL,
        teams=READ_ALL,
        tokens=Grant(Visibility.own, write=True, delete=True),
    ),
    Role.service: _grants(
        NONE,
        sync=SYNC_OWN,
        views=VIEWS_OWN,
        people=Grant(Visibility.all, write=True),
        companies=Grant(Visibility.all),
        activities=Grant(Visibility.all, write=True),
        tasks=Grant(Visibility.own, write=True, delete=True),
        orders=Grant(Visibility.all),
        tickets=Grant(Visibility.all, write=True),
        ticket_queues=READ_ALL,
        social=Grant(Visibility.team, write=True),
        social_settings=READ_ALL,
        pipelines=READ_ALL,
        custom_fields=READ_ALL,
        users=READ_ALL,
        teams=READ_ALL,
        tokens=Grant(Visibility.own, write=True, delete=True),
    ),
    Role.marketing: _grants(
        NONE,
        sync=SYNC_OWN,
        views=VIEWS_OWN,
        people=Grant(Visibility.all, write=True),
        companies=Grant(Visibility.all, write=True),
        activities=Grant(Visibility.all),
        tasks=Grant(Visibility.own, write=True, delete=True),
        orders=Grant(Visibility.all),
        social=Grant(Visibility.team, write=True),
        social_settings=READ_ALL,
        pipelines=READ_ALL,
        custom_fields=READ_ALL,
        users=READ_ALL,
        teams=READ_ALL,
        tokens=Grant(Visibility.own, write=True, delete=True),
    ),
    Role.analyst: _grants(
        READ_ALL,
        sync=SYNC_OWN,
        views=VIEWS_OWN,
        users=READ_ALL,
        tokens=Grant(Visibility.own, write=True, delete=True),
        audit=NONE,
        imports=NONE,
        jobs=NONE,
        webhooks=NONE,
    ),
    Role.read_only: _grants(
        NONE,
        sync=SYNC_OWN,
        views=VIEWS_OWN,
        **{o.value: Grant(Visibility.team) for o in _RECORDS},
        orders=Grant(Visibility.team),
        tickets=Grant(Visibility.team),
        ticket_queues=READ_ALL,
        social=Grant(Visibility.team),
        pipelines=READ_ALL,
        custom_fields=READ_ALL,
        users=READ_ALL,
        teams=READ_ALL,
    ),
}

# Token scopes: `<object>:read` and `<object>:write` (write covers delete).
ALL_SCOPES: tuple[str, ...] = tuple(f"{o.value}:{a}" for o in Obj for a in ("read", "write"))


# The first segment of an API path names the object whose scope the endpoint needs
# (`/api/v1/custom-fields/…` → custom_fields). `/me` is the caller's own user.
PATH_OBJECTS: dict[str, Obj] = {
    **{o.value.replace("_", "-"): o for o in Obj},
    "merges": Obj.people,  # merging and unmerging are changes to people
    "match-candidates": Obj.people,  # the review queue: pairs of people
    "resolution": Obj.people,  # identity resolution runs (administrators)
    "webhook-deliveries": Obj.webhooks,  # a webhook's delivery log
    "workflow-runs": Obj.workflows,  # the run log of workflow rules
    "canned-replies": Obj.tickets,  # agents write their canned replies
    "ticket-rules": Obj.ticket_queues,  # routing rules
    "sla-policies": Obj.ticket_queues,
    "mailboxes": Obj.ticket_queues,  # support mailboxes (inbound e-mail)
    # Field work (near me, check-ins, routes) is activity work; each service also asks for the
    # rights on the records it reads or writes (people, companies).
    "geo": Obj.activities,
    "social-connectors": Obj.social_settings,
    "social-rules": Obj.social_settings,
    "social-keywords": Obj.social_settings,
    "social-terms": Obj.social_settings,
    "social-alerts": Obj.social_settings,
}


def scope_for_path(method: str, path: str) -> tuple[Obj, Action] | None:
    """The object and action a token needs for an API route (its template path), or None when
    the route needs no scope: who am I, sign-out, the role table."""
    segment = path.removeprefix("/api/v1").strip("/").split("/", 1)[0]
    action = Action.read if method in {"GET", "HEAD", "OPTIONS"} else Action.write
    if path.removeprefix("/api/v1").startswith("/audit/records/"):
        return None  # a record's history: the record's own read scope is checked by its service
    if segment == "me":
        return (Obj.users, action) if action is Action.write else None
    obj = PATH_OBJECTS.get(segment)
    return (obj, action) if obj is not None else None


@dataclass
class Principal:
    """The authenticated caller of one request."""

    user_id: uuid.UUID
    email: str
    role: Role
    team_ids: frozenset[uuid.UUID] = frozenset()
    # Owners whose records "team" visibility reaches: me and everyone in my teams.
    team_member_ids: frozenset[uuid.UUID] = frozenset()
    scopes: frozenset[str] | None = None  # None: a browser session, the role decides alone
    token_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    request_id: str | None = None
    ip: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin

    def grant(self, obj: Obj) -> Grant:
        return ROLE_GRANTS[self.role][obj]

    def scope_allows(self, obj: Obj, action: Action) -> bool:
        if self.scopes is None:
            return True
        needed = "read" if action is Action.read else "write"
        return f"{obj.value}:{needed}" in self.scopes

    def can(self, obj: Obj, action: Action) -> bool:
        grant = self.grant(obj)
        if grant.visibility is Visibility.none or not self.scope_allows(obj, action):
            return False
        if action is Action.write:
            return grant.write
        if action is Action.delete:
            return grant.delete
        return True

    def may_own(self, obj: Obj, owner_id: uuid.UUID | None) -> bool:
        """Whether a record owned by `owner_id` is within this caller's visibility."""
        visibility = self.grant(obj).visibility
        if visibility is Visibility.all:
            return True
        if owner_id is None or visibility is Visibility.none:
            return False
        if visibility is Visibility.own:
            return owner_id == self.user_id
        return owner_id == self.user_id or owner_id in self.team_member_ids


def require(principal: Principal, obj: Obj, action: Action) -> None:
    """Refuse with 403 (and let the caller audit it) unless role and scopes allow."""
    if not principal.can(obj, action):
        raise PermissionDenied(
            f"Your role ({principal.role.value}) or token may not {action.value} {obj.value}.",
            extra={"object": obj.value, "action": action.value},
        )


def scope_statement(stmt: Select[Any], owner_column: Any, principal: Principal, obj: Obj) -> Select[Any]:
    """Narrow a SELECT to the rows the caller may see."""
    visibility = principal.grant(obj).visibility
    if visibility is Visibility.all:
        return stmt
    if visibility is Visibility.none:
        return stmt.where(false())
    if visibility is Visibility.own:
        return stmt.where(owner_column == principal.user_id)
    members = principal.team_member_ids | {principal.user_id}
    return stmt.where(owner_column.in_(sorted(members)))
