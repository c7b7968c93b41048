"""Workflow rules for administrators: create, change, switch on and off, delete, test against a
record, and read their run log. Every change is audited and empties the active-rule cache."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import huey
from pydantic import ValidationError
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.context import Ctx
from sampark.core.errors import AppError, Conflict, FieldError, NotFound, ValidationFailed
from sampark.core.filters import FieldType, FilterNode, validate_filter
from sampark.core.permissions import Action, Obj
from sampark.core.records import check_version
from sampark.workflows import records
from sampark.workflows.models import Workflow, WorkflowRun
from sampark.workflows.schemas import (
    ActionPreview,
    RunOut,
    RunPage,
    TestOut,
    WorkflowIn,
    WorkflowOut,
    WorkflowUpdate,
)

OBJ = Obj.workflows
AUDITED = ("name", "description", "object_type", "active", "trigger", "condition", "actions")

# Fields each action type needs (beyond `type`), and which object types a trigger fits.
REQUIRED: dict[str, tuple[str, ...]] = {
    "assign_owner": ("strategy",),
    "create_task": ("title", "due_in_days"),
    "send_email": ("to", "subject", "body"),
    "send_sms": ("to", "body"),
    "update_field": ("field",),
    "add_tag": ("tag",),
    "create_deal": ("name",),
    "create_ticket": ("subject",),
    "call_webhook": ("url",),
    "notify_user": ("user", "title"),
    "wait": (),
}
TRIGGER_REQUIRED: dict[str, tuple[str, ...]] = {
    "field_changed": ("field",),
    "stage_entered": ("stage_id",),
    "event_received": ("event_name",),
    "date_reached": ("date_field",),
    "schedule": ("cron",),
}


def _fail(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    return ValidationFailed(f"{field}: {message}", errors=[FieldError(field, message, code)])


# --- the active-rule cache -------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """An active rule as the engine needs it, parsed once."""

    id: uuid.UUID
    name: str
    object_type: str
    trigger: dict[str, Any]
    condition: FilterNode | None
    actions: tuple[dict[str, Any], ...]
    created_by_id: uuid.UUID | None


class RuleCache:
    """Active rules by object type, kept in this process. A change made here empties it when its
    transaction commits; a change made by another process (the web server, when this is the
    worker) is seen by `signature` — the count and latest change of all rules, one small query."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._rules: dict[str, list[Rule]] = {}

    def clear(self) -> None:
        with self._lock:
            self._signature = None

    def get(self, session: Session) -> dict[str, list[Rule]]:
        row = session.execute(select(func.count(), func.max(Workflow.updated_at))).one()
        signature = (int(row[0]), str(row[1]))
        with self._lock:
            if signature == self._signature:
                return self._rules
        rows = session.scalars(select(Workflow).where(Workflow.active.is_(True)).order_by(Workflow.id)).all()
        rules: dict[str, list[Rule]] = {}
        for w in rows:
            rules.setdefault(w.object_type, []).append(
                Rule(
                    id=w.id,
                    name=w.name,
                    object_type=w.object_type,
                    trigger=dict(w.trigger),
                    condition=validate_filter(w.condition) if w.condition else None,
                    actions=tuple(dict(a) for a in w.actions),
                    created_by_id=w.created_by_id,
                )
            )
        with self._lock:
            self._rules, self._signature = rules, signature
        return rules


cache = RuleCache()
_STALE = "sampark.workflows.stale"


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_STALE, False):
        cache.clear()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_STALE, None)


# --- validation ------------------------------------------------------------------------------


def _check_condition(ctx: Ctx, object_type: str, condition: dict[str, Any] | None) -> None:
    if condition is None:
        return
    try:
        records.compiled(ctx, object_type, validate_filter(condition))
    except ValidationFailed as exc:
        for error in exc.errors:
            if str(error["field"]).startswith("filter"):
                error["field"] = "condition" + str(error["field"])[len("filter") :]
        raise


def parse_cron(text: str) -> Any:
    parts = text.split()
    if len(parts) != 5:
        raise ValueError("five fields: minute hour day month day-of-week")
    minute, hour, day, month, dow = parts
    return huey.crontab(minute=minute, hour=hour, day=day, month=month, day_of_week=dow)


def _check_trigger(ctx: Ctx, object_type: str, trigger: dict[str, Any]) -> None:
    kind = trigger["type"]
    for name in TRIGGER_REQUIRED.get(kind, ()):
        if trigger.get(name) in (None, ""):
            raise _fail(f"trigger.{name}", f"required for a {kind} trigger", "required")
    fields = records.KINDS[object_type].fields(ctx)
    if (
        kind == "field_changed"
        and trigger["field"] not in fields
        and trigger["field"] not in (records.updatable_fields(object_type))
    ):
        raise _fail("trigger.field", f"{object_type} have no field {trigger['field']!r}", "unknown_field")
    if kind == "stage_entered" and object_type != "deals":
        raise _fail("trigger.type", "stage_entered fits deals only")
    if kind == "event_received" and object_type != "people":
        raise _fail("trigger.type", "event_received fits people only (the person the event is about)")
    if kind == "date_reached":
        spec = fields.get(trigger["date_field"])
        if object_type == "people" and trigger["date_field"] == LAST_ORDER:
            return  # a person's last order: from the orders, not a column of theirs
        if spec is None or spec.type not in (FieldType.date, FieldType.datetime):
            raise _fail("trigger.date_field", f"not a date field of {object_type}", "unknown_field")
    if kind == "schedule":
        try:
            parse_cron(trigger["cron"])
        except ValueError as exc:
            raise _fail("trigger.cron", f"not a cron expression: {exc}") from exc


def _is_uuid(text: Any) -> bool:
    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True


def _check_action(object_type: str, i: int, action: dict[str, Any]) -> None:
    kind = action["type"]
    path = f"actions.{i}"
    for name in REQUIRED[kind]:
        if action.get(name) in (None, ""):
            raise _fail(f"{path}.{name}", f"required for {kind}", "required")
    owned = records.KINDS[object_type].owner_field is not None
    if kind == "assign_owner":
        if not owned:
            raise _fail(f"{path}.type", f"{object_type} have no owner")
        if action["strategy"] == "territory" and not action.get("territories"):
            raise _fail(
                f"{path}.territories", "territory assignment needs at least one territory", "required"
            )
    if kind in ("create_task", "notify_user"):
        name = "assignee" if kind == "create_task" else "user"
        who = action.get(name) or "owner"
        if who != "owner" and not _is_uuid(who):
            raise _fail(f"{path}.{name}", '"owner" or a user id')
    if kind == "send_email":
        to = action["to"]
        if to not in ("record", "owner") and ("@" not in to or " " in to):
            raise _fail(f"{path}.to", '"record", "owner" or an e-mail address')
    if kind == "send_sms" and action["to"] != "record":
        raise _fail(f"{path}.to", 'SMS go to "record" (its phone)')
    if kind == "update_field":
        allowed = records.updatable_fields(object_type) - {"custom_fields"}
        if action["field"] not in allowed:
            raise _fail(f"{path}.field", f"not a field a rule can set on {object_type}", "unknown_field")
        schema = records.KINDS[object_type].update_schema
        try:
            if schema is not None:
                schema.model_validate({action["field"]: action.get("value")})
        except ValidationError as exc:
            raise _fail(f"{path}.value", exc.errors()[0]["msg"]) from exc
    if kind == "add_tag" and "tags" not in records.updatable_fields(object_type):
        raise _fail(f"{path}.type", f"{object_type} have no tags")
    if kind == "call_webhook" and not str(action["url"]).startswith(("http://", "https://")):
        raise _fail(f"{path}.url", "an http:// or https:// address")
    if kind == "wait" and not any(action.get(k) for k in ("days", "hours", "minutes")):
        raise _fail(f"{path}.days", "wait at least a minute (days, hours or minutes)", "required")
    if kind == "create_deal" and action.get("amount") is not None:
        try:
            float(action["amount"])
        except ValueError as exc:
            raise _fail(f"{path}.amount", "a decimal number") from exc


def validate_rule(ctx: Ctx, data: WorkflowIn) -> dict[str, Any]:
    """The rule's stored values, or a 422 naming the first wrong field."""
    values = data.model_dump(mode="json")
    object_type = values["object_type"]
    values["trigger"] = data.trigger.model_dump(mode="json", exclude_none=True)
    _check_trigger(ctx, object_type, values["trigger"])
    _check_condition(ctx, object_type, values["condition"])
    actions = []
    for i, action in enumerate(data.actions):
        stored = action.model_dump(mode="json", exclude_none=True)
        if action.type == "update_field":
            stored["value"] = action.value
        _check_action(object_type, i, stored)
        actions.append(stored)
    values["actions"] = actions
    return values


# --- CRUD ------------------------------------------------------------------------------------


def _get(ctx: Ctx, workflow_id: uuid.UUID) -> Workflow:
    ctx.require(OBJ, Action.read)
    row = ctx.session.get(Workflow, workflow_id)
    if row is None:
        raise NotFound("No such workflow.")
    return row


def _name_free(ctx: Ctx, name: str, other: uuid.UUID | None = None) -> None:
    stmt = select(Workflow.id).where(Workflow.name == name)
    if other is not None:
        stmt = stmt.where(Workflow.id != other)
    if ctx.session.scalar(stmt) is not None:
        raise Conflict(
            "A workflow with this name exists.", code="name_taken", errors=[FieldError("name", "taken")]
        )


def list_workflows(ctx: Ctx) -> list[WorkflowOut]:
    ctx.require(OBJ, Action.read)
    rows = ctx.session.scalars(select(Workflow).order_by(Workflow.name).limit(1000))
    return [WorkflowOut.model_validate(r) for r in rows]


def get_workflow(ctx: Ctx, workflow_id: uuid.UUID) -> WorkflowOut:
    return WorkflowOut.model_validate(_get(ctx, workflow_id))


def create_workflow(ctx: Ctx, data: WorkflowIn) -> WorkflowOut:
    ctx.require(OBJ, Action.write)
    values = validate_rule(ctx, data)
    _name_free(ctx, values["name"])
    row = Workflow(**values, created_by_id=ctx.principal.user_id)
    ctx.session.add(row)
    ctx.session.flush()
    ctx.session.info[_STALE] = True
    audit.record(ctx.session, ctx.principal, "create", "workflows", row.id, {k: values[k] for k in AUDITED})
    return WorkflowOut.model_validate(row)


def update_workflow(ctx: Ctx, workflow_id: uuid.UUID, data: WorkflowUpdate, version: int) -> WorkflowOut:
    ctx.require(OBJ, Action.write)
    row = _get(ctx, workflow_id)
    check_version(row, version, lambda: WorkflowOut.model_validate(row))
    merged: dict[str, Any] = {
        "name": row.name,
        "description": row.description,
        "object_type": row.object_type,
        "active": row.active,
        "trigger": row.trigger,
        "condition": row.condition,
        "actions": row.actions,
    }
    merged.update(data.model_dump(mode="json", exclude_unset=True))
    if "actions" in data.model_fields_set and data.actions is not None:
        for stored, sent in zip(merged["actions"], data.actions, strict=True):
            stored["value"] = sent.value
    try:
        full = WorkflowIn.model_validate(merged)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise _fail(".".join(str(p) for p in err["loc"]), err["msg"]) from exc
    values = validate_rule(ctx, full)
    if values["name"] != row.name:
        _name_free(ctx, values["name"], row.id)
    before = {k: getattr(row, k) for k in AUDITED}
    for key, value in values.items():
        setattr(row, key, value)
    changes = audit.diff(before, {k: getattr(row, k) for k in AUDITED})
    if changes:
        ctx.session.flush()
        ctx.session.info[_STALE] = True
        audit.record(ctx.session, ctx.principal, "update", "workflows", row.id, changes)
    return WorkflowOut.model_validate(row)


def delete_workflow(ctx: Ctx, workflow_id: uuid.UUID) -> None:
    ctx.require(OBJ, Action.delete)
    row = _get(ctx, workflow_id)
    ctx.session.delete(row)
    ctx.session.flush()
    ctx.session.info[_STALE] = True
    audit.record(ctx.session, ctx.principal, "delete", "workflows", workflow_id, {"name": row.name})


# --- runs ------------------------------------------------------------------------------------


def list_runs(ctx: Ctx, workflow_id: uuid.UUID, *, limit: int, before: uuid.UUID | None) -> RunPage:
    _get(ctx, workflow_id)
    stmt = select(WorkflowRun).where(WorkflowRun.workflow_id == workflow_id)
    if before is not None:
        stmt = stmt.where(WorkflowRun.id < before)
    rows = list(ctx.session.scalars(stmt.order_by(WorkflowRun.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return RunPage(
        items=[RunOut.model_validate(r) for r in rows], next_before=rows[-1].id if more and rows else None
    )


def get_run(ctx: Ctx, run_id: uuid.UUID) -> RunOut:
    ctx.require(OBJ, Action.read)
    row = ctx.session.get(WorkflowRun, run_id)
    if row is None:
        raise NotFound("No such workflow run.")
    return RunOut.model_validate(row)


# --- dry run ---------------------------------------------------------------------------------


# People's date_reached may also count from their latest order ("30 days after the last order").
LAST_ORDER = "last_order_at"


def _trigger_fits(trigger: dict[str, Any], record: dict[str, Any], today: datetime) -> bool | None:
    kind = trigger["type"]
    if kind == "field_changed":
        if trigger.get("to_value") is None:
            return None
        return value_matches(record.get(trigger["field"]), trigger["to_value"])
    if kind == "stage_entered":
        return str(record.get("stage_id")) == str(trigger["stage_id"])
    if kind == "date_reached":
        raw = record.get(trigger["date_field"])
        if not raw:
            return False
        from datetime import date, timedelta

        day = date.fromisoformat(str(raw)[:10])
        return day + timedelta(days=int(trigger.get("offset_days") or 0)) == today.date()
    return None


def value_matches(actual: Any, wanted: Any) -> bool:
    """A field's value against a trigger's `to_value` (text compare; a list matches a member)."""
    if isinstance(actual, list):
        return str(wanted) in [str(a) for a in actual]
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return str(actual).lower() == str(wanted).lower()
    return str(actual) == str(wanted)


def test_workflow(ctx: Ctx, workflow_id: uuid.UUID, record_id: uuid.UUID) -> TestOut:
    """What the rule would do to the record now, changing nothing."""
    from sampark.core.clock import utcnow
    from sampark.workflows import actions as act

    row = _get(ctx, workflow_id)
    system = act.system_ctx(ctx.session, row.name, row.created_by_id or ctx.principal.user_id, None)
    record = records.load(system, row.object_type, record_id)
    if record is None:
        raise ValidationFailed(
            f"No such record among {row.object_type}.",
            errors=[FieldError("record_id", "no such record", "unknown")],
        )
    fields = records.KINDS[row.object_type].fields(system)
    condition = records.compiled(
        system, row.object_type, validate_filter(row.condition) if row.condition else None
    )
    condition_ok = bool(records.matching_ids(system, row.object_type, [record_id], condition, fields))
    if row.object_type == "people" and row.trigger.get("date_field") == LAST_ORDER:
        from sampark.orders import service as orders

        last = orders.stats(system.session, record_id).last_at
        record = {**record, LAST_ORDER: last.isoformat() if last else None}
    trigger_ok = _trigger_fits(row.trigger, record, utcnow())
    previews = []
    for i, action in enumerate(row.actions):
        try:
            summary = act.describe(system, row.name, row.object_type, record, action, rule_id=row.id)
        except AppError as exc:
            summary = f"would fail: {exc.detail}"
        previews.append(ActionPreview(type=action["type"], summary=summary))
        del i
    return TestOut(
        matched=condition_ok and trigger_ok is not False,
        trigger_matched=trigger_ok,
        condition_matched=condition_ok,
        actions=previews,
    )
