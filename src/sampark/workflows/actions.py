"""What each action does, and what it would do (the dry run). Actions run as the system with
the rule's name as the audit actor (`workflow:<name>`) and `wf:<run id>:<depth>` as the request
id, so the engine can tell a change a rule made — and how deep in a chain of rules it is."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sampark.core.clock import utcnow
from sampark.core.context import Ctx
from sampark.core.errors import NotFound, ValidationFailed
from sampark.core.filters import validate_filter
from sampark.core.permissions import Principal, Role
from sampark.deals import service as deals
from sampark.deals.schemas import DealCreate
from sampark.integrations.mail import queue_email
from sampark.jobs import service as jobs
from sampark.notifications.service import notify
from sampark.tasks import service as tasks
from sampark.tasks.schemas import TaskCreate
from sampark.users import service as users
from sampark.workflows import records
from sampark.workflows.models import WorkflowState

SMS_KIND = "workflows.sms"
WEBHOOK_KIND = "workflows.webhook"
_PLACEHOLDER = re.compile(r"\{\{\s*(record|owner|workflow)\.([A-Za-z0-9_.]+)\s*\}\}")


class Skip(Exception):
    """The action does not apply to this record (no e-mail address, already tagged, …)."""


def system_ctx(session: Session, rule_name: str, actor_id: uuid.UUID, request_id: str | None) -> Ctx:
    principal = Principal(
        user_id=actor_id, email=f"workflow:{rule_name}"[:320], role=Role.admin, request_id=request_id
    )
    return Ctx(session, principal)


# --- placeholders ----------------------------------------------------------------------------


def _owner(ctx: Ctx, record: dict[str, Any]) -> dict[str, Any]:
    owner_id = record.get("owner_id")
    if not owner_id:
        return {}
    try:
        return users.get_user(ctx, uuid.UUID(str(owner_id))).model_dump(mode="json")
    except NotFound:
        return {}


def render(ctx: Ctx, text: str, rule_name: str, record: dict[str, Any]) -> str:
    """`{{record.display_name}}`, `{{record.<field>}}`, `{{owner.display_name}}`,
    `{{owner.email}}`, `{{workflow.name}}`; an unknown one becomes empty text."""
    if "{{" not in text:
        return text
    owner: dict[str, Any] | None = None

    def one(match: re.Match[str]) -> str:
        nonlocal owner
        scope, name = match.group(1), match.group(2)
        if scope == "workflow":
            return rule_name if name == "name" else ""
        if scope == "owner":
            owner = _owner(ctx, record) if owner is None else owner
            source: Any = owner
        else:
            source = record
        for part in name.split("."):
            source = source.get(part) if isinstance(source, dict) else None
        if source is None:
            return ""
        if isinstance(source, list):
            return ", ".join(str(s) for s in source)
        return str(source)

    return _PLACEHOLDER.sub(one, text)


# --- who ---------------------------------------------------------------------------------------


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _user(ctx: Ctx, who: str | None, record: dict[str, Any]) -> uuid.UUID:
    """ "owner" (the record's owner, else the rule's author) or a user id."""
    if who in (None, "", "owner"):
        return _uuid(record.get("owner_id")) or ctx.principal.user_id
    found = _uuid(who)
    if found is None:
        raise Skip(f"{who!r} is not a user")
    return found


def _person(ctx: Ctx, object_type: str, record: dict[str, Any]) -> dict[str, Any] | None:
    if object_type == "people":
        return record
    person_id = _uuid(record.get("person_id"))
    return records.load(ctx, "people", person_id) if person_id else None


def _email_to(ctx: Ctx, to: str, object_type: str, record: dict[str, Any]) -> str:
    if to == "owner":
        address = _owner(ctx, record).get("email")
    elif to == "record":
        person = _person(ctx, object_type, record)
        address = (person or {}).get("primary_email") or record.get("email")
    else:
        address = to
    if not address:
        raise Skip(f"no e-mail address ({to})")
    return str(address)


def _phone_to(ctx: Ctx, object_type: str, record: dict[str, Any]) -> str:
    person = _person(ctx, object_type, record)
    phone = (person or {}).get("primary_phone") or (
        record.get("phone") if object_type == "companies" else None
    )
    if not phone:
        raise Skip("no phone number")
    return str(phone)


# --- assignment --------------------------------------------------------------------------------


def _candidates(ctx: Ctx, team_id: str | None) -> list[uuid.UUID]:
    active = {u.id for u in users.list_users(ctx)}
    if team_id:
        try:
            members = users.get_team(ctx, uuid.UUID(team_id)).member_ids
        except NotFound as exc:
            raise Skip("the team is gone") from exc
        return sorted(m for m in members if m in active)
    return sorted(active)


def _territory(action: dict[str, Any], record: dict[str, Any]) -> uuid.UUID:
    country = str(record.get("country") or "").upper()
    region = str(record.get("region") or "").casefold()
    postal = str(record.get("postal_code") or "").replace(" ", "").upper()
    for t in action.get("territories") or []:
        if t.get("country") and t["country"].upper() != country:
            continue
        if t.get("region") and t["region"].casefold() != region:
            continue
        if t.get("postal_prefix") and not postal.startswith(t["postal_prefix"].replace(" ", "").upper()):
            continue
        return uuid.UUID(str(t["user_id"]))
    raise Skip("no territory fits the record")


def _least_loaded(ctx: Ctx, object_type: str, candidates: list[uuid.UUID]) -> uuid.UUID:
    kind = records.KINDS[object_type]
    fields = kind.fields(ctx)
    owner = fields[kind.owner_filter or "owner_id"].column
    stmt = select(owner, func.count()).where(owner.in_(candidates)).group_by(owner)
    if "deleted_at" in fields:
        stmt = stmt.where(fields["deleted_at"].column.is_(None))
    condition = records.compiled(
        ctx, object_type, validate_filter(kind.open_filter) if kind.open_filter else None
    )
    if condition is not None:
        stmt = stmt.where(condition)
    load: dict[uuid.UUID, int] = {uid: int(n) for uid, n in ctx.session.execute(stmt)}
    return min(candidates, key=lambda uid: (load.get(uid, 0), uid))


def pick_owner(
    ctx: Ctx,
    rule_id: uuid.UUID,
    object_type: str,
    action: dict[str, Any],
    record: dict[str, Any],
    *,
    commit: bool,
) -> uuid.UUID:
    strategy = action["strategy"]
    if strategy == "territory":
        return _territory(action, record)
    candidates = _candidates(ctx, action.get("team_id"))
    if not candidates:
        raise Skip("nobody to assign to (no active user in the team)")
    if strategy == "least_loaded":
        return _least_loaded(ctx, object_type, candidates)
    key = f"rr:{rule_id}:{action.get('team_id') or 'all'}"
    state = ctx.session.execute(
        select(WorkflowState).where(WorkflowState.key == key).with_for_update()
    ).scalar_one_or_none()
    last = _uuid(state.value) if state else None
    chosen = next((c for c in candidates if last is not None and c > last), candidates[0])
    if commit:
        if state is None:
            ctx.session.add(WorkflowState(key=key, value=str(chosen)))
        else:
            state.value = str(chosen)
        ctx.session.flush()
    return chosen


# --- the actions -------------------------------------------------------------------------------


def _links(object_type: str, record: dict[str, Any]) -> dict[str, Any]:
    own = {"people": "person_id", "companies": "company_id", "deals": "deal_id"}.get(object_type)
    links = {k: record.get(k) for k in ("person_id", "company_id", "deal_id") if record.get(k)}
    if own:
        links[own] = record["id"]
    return links


def perform(
    ctx: Ctx,
    *,
    rule_id: uuid.UUID,
    rule_name: str,
    run_id: uuid.UUID,
    index: int,
    object_type: str,
    record: dict[str, Any],
    action: dict[str, Any],
) -> str:
    """Do one action in the caller's transaction; answer what was done. External work (e-mail,
    SMS, webhooks) is queued as a job keyed by run and step, so it happens once."""
    kind = action["type"]
    record_id = uuid.UUID(str(record["id"]))
    step_key = f"wf:{run_id}:{index}"

    def text(name: str) -> str:
        return render(ctx, str(action.get(name) or ""), rule_name, record)

    if kind == "assign_owner":
        chosen = pick_owner(ctx, rule_id, object_type, action, record, commit=True)
        if str(chosen) == str(record.get("owner_id")):
            return f"already owned by {chosen}"
        owner_field = records.KINDS[object_type].owner_field or "owner_id"
        records.update(ctx, object_type, record_id, {owner_field: str(chosen)})
        return f"owner set to {chosen} ({action['strategy']})"
    if kind == "create_task":
        due = utcnow() + timedelta(days=int(action["due_in_days"]))
        remind = action.get("remind_before_minutes")
        task = tasks.create_task(
            ctx,
            TaskCreate.model_validate(
                {
                    "title": text("title")[:300] or "Follow up",
                    "due_at": due,
                    "remind_at": due - timedelta(minutes=int(remind)) if remind is not None else None,
                    "priority": action.get("priority") or "normal",
                    "assignee_id": _user(ctx, action.get("assignee"), record),
                    **_links(object_type, record),
                }
            ),
        )
        return f"task {task.id} for {task.assignee_id}, due {task.due_at:%Y-%m-%d %H:%M} UTC"
    if kind == "send_email":
        to = _email_to(ctx, action["to"], object_type, record)
        queue_email(ctx.session, to=[to], subject=text("subject"), text=text("body"), key=step_key)
        return f"e-mail to {to} queued"
    if kind == "send_sms":
        phone = _phone_to(ctx, object_type, record)
        jobs.enqueue(
            ctx.session, SMS_KIND, {"to": phone, "body": text("body"), "key": step_key}, key=step_key
        )
        return f"SMS to {phone} queued"
    if kind == "update_field":
        value = action.get("value")
        if isinstance(value, str):
            value = render(ctx, value, rule_name, record)
        if record.get(action["field"]) == value:
            raise Skip(f"{action['field']} is already {value!r}")
        records.update(ctx, object_type, record_id, {action["field"]: value})
        return f"{action['field']} set to {value!r}"
    if kind == "add_tag":
        tags = list(record.get("tags") or [])
        if action["tag"] in tags:
            raise Skip(f"already tagged {action['tag']!r}")
        records.update(ctx, object_type, record_id, {"tags": [*tags, action["tag"]]})
        return f"tagged {action['tag']!r}"
    if kind == "create_deal":
        links = _links(object_type, record)
        links.pop("deal_id", None)
        data: dict[str, Any] = {"name": text("name")[:300] or "Deal", **links}
        for name in ("pipeline_id", "amount", "currency"):
            if action.get(name) is not None:
                data[name] = action[name]
        if record.get("owner_id"):
            data["owner_id"] = record["owner_id"]
        deal = deals.create_deal(ctx, DealCreate.model_validate(data))
        return f"deal {deal.id} created"
    if kind == "call_webhook":
        payload = {
            "workflow": {"id": str(rule_id), "name": rule_name},
            "run_id": str(run_id),
            "object_type": object_type,
            "record": record,
        }
        jobs.enqueue(
            ctx.session, WEBHOOK_KIND, {"url": action["url"], "body": payload, "key": step_key}, key=step_key
        )
        return f"webhook to {action['url']} queued"
    if kind == "notify_user":
        user_id = _user(ctx, action.get("user"), record)
        if not users.existing_user_ids(ctx.session, {user_id}):
            raise Skip(f"no user {user_id}")
        notify(
            ctx.session,
            user_id,
            kind="workflow",
            title=text("title"),
            body=text("body"),
            link=f"/{object_type}/{record_id}",
            key=step_key,
        )
        return f"notified {user_id}"
    raise ValidationFailed(f"unknown action {kind!r}")


def describe(
    ctx: Ctx,
    rule_name: str,
    object_type: str,
    record: dict[str, Any],
    action: dict[str, Any],
    *,
    rule_id: uuid.UUID,
) -> str:
    """What `perform` would do, without doing it (the dry run)."""
    kind = action["type"]

    def text(name: str) -> str:
        return render(ctx, str(action.get(name) or ""), rule_name, record)

    try:
        if kind == "assign_owner":
            chosen = pick_owner(ctx, rule_id, object_type, action, record, commit=False)
            return f"assign to {chosen} ({action['strategy']})"
        if kind == "create_task":
            who = _user(ctx, action.get("assignee"), record)
            return f"create task {text('title')!r} for {who}, due in {action['due_in_days']} day(s)"
        if kind == "send_email":
            return f"e-mail {_email_to(ctx, action['to'], object_type, record)}: {text('subject')!r}"
        if kind == "send_sms":
            return f"SMS {_phone_to(ctx, object_type, record)}: {text('body')!r}"
        if kind == "update_field":
            return f"set {action['field']} to {action.get('value')!r}"
        if kind == "add_tag":
            return f"add tag {action['tag']!r}"
        if kind == "create_deal":
            return f"create deal {text('name')!r}"
        if kind == "call_webhook":
            return f"POST the record to {action['url']}"
        if kind == "notify_user":
            return f"notify {_user(ctx, action.get('user'), record)}: {text('title')!r}"
        if kind == "wait":
            return f"wait {wait_delta(action)}"
    except Skip as exc:
        return f"skip: {exc}"
    return str(kind)


def wait_delta(action: dict[str, Any]) -> timedelta:
    return timedelta(
        days=int(action.get("days") or 0),
        hours=int(action.get("hours") or 0),
        minutes=int(action.get("minutes") or 0),
    )
