"""The engine: domain events → matching rules → one run job per (rule, event); the run job
does the rule's actions in order, one transaction per step; periodic jobs start rules on dates,
schedules and tracked events.

Exactly once: the events consumer enqueues in the transaction that moves its checkpoint, with
key `wf:<rule>:<audit seq>`. A run records each step (and its `next_step`) in the same
transaction as the step's database work, so a retried job resumes after the last step done;
e-mail, SMS and webhooks are queued as their own jobs keyed by run and step.

Loops: a change a rule makes carries `wf:<run>:<depth>` as its audit request id. A run started
by such a change is one deeper; past MAX_DEPTH the run is logged `loop_stopped` and nothing is done.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core import audit
from sampark.core.audit import AuditEntry
from sampark.core.clock import utcnow
from sampark.core.errors import AppError, ValidationFailed
from sampark.core.permissions import Principal, Role
from sampark.db import Database
from sampark.jobs import events, registry
from sampark.jobs import service as jobs
from sampark.jobs.events import DomainEvent
from sampark.settings import get_settings
from sampark.users import service as users
from sampark.workflows import actions, records
from sampark.workflows.models import Workflow, WorkflowRun, WorkflowState
from sampark.workflows.service import LAST_ORDER, Rule, cache, parse_cron, value_matches

log = logging.getLogger("sampark.workflows")

RUN_KIND = "workflows.run"
MAX_DEPTH = 3
_SYSTEM = Principal(user_id=uuid.UUID(int=0), email="workflow", role=Role.admin)


def _trigger_matches(rule: Rule, event: DomainEvent) -> bool:
    trigger = rule.trigger
    kind = trigger["type"]
    if kind == "created":
        return event.action == "create"
    if kind == "updated":
        return event.action == "update"
    if kind == "field_changed":
        if event.action != "update" or not event.changed(trigger["field"]):
            return False
        return "to_value" not in trigger or value_matches(event.after(trigger["field"]), trigger["to_value"])
    if kind == "stage_entered":
        if event.action == "create":
            return str(event.changes.get("stage_id")) == str(trigger["stage_id"])
        return "deal.stage_changed" in event.types and str(event.after("stage_id")) == str(
            trigger["stage_id"]
        )
    return False


def _depths(session: Session, found: list[DomainEvent]) -> dict[int, int]:
    """For events a rule's action caused: the depth of the run that caused them."""
    seqs = [e.seq for e in found]
    rows = session.execute(
        select(AuditEntry.seq, AuditEntry.request_id).where(
            AuditEntry.seq.between(min(seqs), max(seqs)), AuditEntry.request_id.like("wf:%")
        )
    )
    out = {}
    for seq, request_id in rows:
        try:
            out[int(seq)] = int(str(request_id).rsplit(":", 1)[1])
        except (IndexError, ValueError):
            continue
    return out


def _condition(ctx: Any, rule: Rule) -> Any:
    """The rule's condition as SQL; False when it no longer compiles (a custom field it names was
    deleted since): that rule is passed over, and every other rule goes on working."""
    try:
        return records.compiled(ctx, rule.object_type, rule.condition)
    except ValidationFailed as exc:
        log.error("workflow %s: its condition no longer applies (%s); skipped", rule.name, exc.detail)
        return False


def consume(session: Session, found: list[DomainEvent]) -> None:
    """The events consumer: match, check conditions (one query per rule per batch), enqueue."""
    rules = cache.get(session)
    if not rules:
        return
    relevant = [
        e for e in found if e.object_type in rules and e.object_id and e.action in ("create", "update")
    ]
    if not relevant:
        return
    candidates: dict[uuid.UUID, list[DomainEvent]] = defaultdict(list)
    by_id: dict[uuid.UUID, Rule] = {}
    for event in relevant:
        for rule in rules[event.object_type]:
            if _trigger_matches(rule, event):
                candidates[rule.id].append(event)
                by_id[rule.id] = rule
    if not candidates:
        return
    depths = _depths(session, relevant)
    ctx = actions.system_ctx(session, "engine", _SYSTEM.user_id, None)
    field_sets: dict[str, Any] = {}
    for rule_id, matched_events in candidates.items():
        rule = by_id[rule_id]
        if rule.object_type not in field_sets:
            field_sets[rule.object_type] = records.KINDS[rule.object_type].fields(ctx)
        fields = field_sets[rule.object_type]
        condition = _condition(ctx, rule)
        if condition is False:
            continue
        ids = list({e.object_id for e in matched_events if e.object_id})
        passing = records.matching_ids(ctx, rule.object_type, ids, condition, fields)
        for event in matched_events:
            if event.object_id not in passing:
                continue  # a condition that is false logs no run (see docs/automation.md)
            depth = depths[event.seq] + 1 if event.seq in depths else 0
            key = f"wf:{rule.id}:{event.seq}"
            if depth > MAX_DEPTH:
                _loop_stopped(session, rule, event, depth, key)
                continue
            payload = {
                "workflow_id": str(rule.id),
                "object_type": rule.object_type,
                "object_id": str(event.object_id),
                "event_type": event.type,
                "seq": event.seq,
                "depth": depth,
                "key": key,
            }
            jobs.enqueue(session, RUN_KIND, payload, key=key)


def _loop_stopped(session: Session, rule: Rule, event: DomainEvent, depth: int, key: str) -> None:
    now = utcnow()
    session.add(
        WorkflowRun(
            workflow_id=rule.id,
            job_key=key,
            object_type=rule.object_type,
            object_id=event.object_id,
            event_type=event.type,
            event_seq=event.seq,
            depth=depth,
            status="loop_stopped",
            steps=[
                {
                    "index": 0,
                    "type": "loop",
                    "status": "skipped",
                    "detail": f"started by a rule's change {depth} rules deep: stopped as a loop",
                    "at": now.isoformat(),
                }
            ],
            started_at=now,
            finished_at=now,
        )
    )
    log.warning("workflow %s stopped as a loop on %s %s", rule.name, rule.object_type, event.object_id)


events.subscribe("workflows", consume)


# --- running a rule ------------------------------------------------------------------------


def _actor(session: Session, rule: Workflow) -> uuid.UUID:
    """Whom the rule's changes are attributed to in foreign keys (its author, else an admin);
    the audit log names the rule itself (`workflow:<name>`)."""
    if rule.created_by_id is not None:
        return rule.created_by_id
    admins = [u.id for u in users.list_users(actions.system_ctx(session, rule.name, _SYSTEM.user_id, None))]
    return admins[0] if admins else _SYSTEM.user_id


def _step(index: int, kind: str, status: str, detail: str) -> dict[str, Any]:
    return {
        "index": index,
        "type": kind,
        "status": status,
        "detail": detail[:1000],
        "at": utcnow().isoformat(),
    }


def _start(session: Session, payload: dict[str, Any]) -> WorkflowRun | None:
    """The run this job carries on, or a new one (one per job key, however often retried)."""
    if "run_id" in payload:
        found: WorkflowRun | None = session.execute(
            select(WorkflowRun).where(WorkflowRun.id == uuid.UUID(payload["run_id"])).with_for_update()
        ).scalar_one_or_none()
        return found
    key = payload["key"]
    found = session.execute(
        select(WorkflowRun).where(WorkflowRun.job_key == key).with_for_update()
    ).scalar_one_or_none()
    if found is not None:
        return found
    if session.get(Workflow, uuid.UUID(payload["workflow_id"])) is None:
        return None  # the rule was deleted since
    run = WorkflowRun(
        workflow_id=uuid.UUID(payload["workflow_id"]),
        job_key=key,
        object_type=payload["object_type"],
        object_id=uuid.UUID(payload["object_id"]) if payload.get("object_id") else None,
        event_type=payload["event_type"],
        event_seq=payload.get("seq"),
        depth=int(payload.get("depth") or 0),
        status="running",
        next_step=0,
        steps=[],
    )
    session.add(run)
    session.flush()
    return run


def _finish(run: WorkflowRun, status: str) -> None:
    run.status = status
    run.finished_at = utcnow()


def execute_run(session: Session, run: WorkflowRun) -> None:
    """Do the run's remaining steps in the caller's transaction, up to a `wait` or the end.

    Every action is database work (e-mail, SMS and webhooks are queued as jobs), so the steps
    and the run's `next_step` commit together with their effects: a retry after a crash starts
    from the last commit and repeats nothing. Each step has its own savepoint, so an action a
    record refuses (or that does not apply) is logged and the others stand."""
    rule = session.get(Workflow, run.workflow_id)
    if rule is None or run.status in ("done", "failed", "loop_stopped"):
        return
    steps = list(run.steps)
    if steps and steps[-1]["status"] == "waiting":
        if not rule.active:  # switched off while this run waited: the rest is not done
            run.steps = [
                *steps[:-1],
                {**steps[-1], "status": "skipped", "detail": "the rule was switched off"},
            ]
            _finish(run, "failed")
            return
        steps[-1] = {**steps[-1], "status": "done"}
    run.status = "running"
    ctx = actions.system_ctx(session, rule.name, _actor(session, rule), f"wf:{run.id}:{run.depth}")
    index = run.next_step
    try:
        while index < len(rule.actions):
            action = rule.actions[index]
            record = records.load(ctx, run.object_type, run.object_id) if run.object_id else None
            if record is None:
                steps.append(_step(index, action["type"], "failed", "the record is gone"))
                _finish(run, "failed")
                return
            if action["type"] == "wait":
                due = utcnow() + actions.wait_delta(action)
                jobs.enqueue(
                    session, RUN_KIND, {"run_id": str(run.id)}, key=f"wf:{run.id}:{index}", run_at=due
                )
                steps.append(_step(index, "wait", "waiting", f"until {due.isoformat(timespec='seconds')}"))
                index += 1
                run.status = "waiting"
                return
            mark = audit.pending_mark(session)
            savepoint = session.begin_nested()
            try:
                detail = actions.perform(
                    ctx,
                    rule_id=rule.id,
                    rule_name=rule.name,
                    run_id=run.id,
                    index=index,
                    object_type=run.object_type,
                    record=record,
                    action=action,
                )
                savepoint.commit()
                status = "done"
            except actions.Skip as exc:
                savepoint.rollback()
                audit.discard_after(session, mark)
                detail, status = str(exc), "skipped"
            except AppError as exc:  # the record refused the change: retrying will not help
                savepoint.rollback()
                audit.discard_after(session, mark)
                errors = "; ".join(f"{e['field']}: {e['message']}" for e in exc.errors)
                detail, status = f"{exc.detail} {errors}".strip(), "failed"
            steps.append(_step(index, action["type"], status, detail))
            index += 1
            if status == "failed":
                _finish(run, "failed")
                return
        _finish(run, "done")
    finally:
        run.steps = steps
        run.next_step = index


@registry.handler(RUN_KIND, max_attempts=5, backoff=registry.exponential(base=5, cap=600))
def run_job(job: registry.JobRun) -> None:
    """One write transaction: the run's steps, their effects and the job's completion."""
    with job.session() as session:
        run = _start(session, job.payload)
        if run is not None:
            execute_run(session, run)


# --- outbound: SMS gateway and webhooks ----------------------------------------------------


def _post(url: str, body: dict[str, Any], headers: dict[str, str]) -> None:
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=15)
    except httpx.HTTPError as exc:
        raise RuntimeError(f"{url}: {exc}") from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if response.status_code >= 400:
        raise registry.PermanentFailure(f"{url} answered {response.status_code}: {response.text[:200]}")


@registry.handler(actions.SMS_KIND, max_attempts=8, backoff=registry.exponential(base=30, cap=3600))
def send_sms(job: registry.JobRun) -> None:
    """POST {to, body, idempotency_key} to the SMS gateway with a bearer token."""
    settings = get_settings()
    if not settings.sms_gateway_url:
        raise registry.PermanentFailure("No SMS gateway is configured (SAMPARK_SMS_GATEWAY_URL).")
    headers = {"Idempotency-Key": job.payload["key"]}
    if settings.sms_gateway_token:
        headers["Authorization"] = f"Bearer {settings.sms_gateway_token}"
    body = {"to": job.payload["to"], "body": job.payload["body"], "idempotency_key": job.payload["key"]}
    _post(settings.sms_gateway_url, body, headers)


@registry.handler(actions.WEBHOOK_KIND, max_attempts=8, backoff=registry.exponential(base=30, cap=3600))
def call_webhook(job: registry.JobRun) -> None:
    _post(job.payload["url"], job.payload["body"], {"Idempotency-Key": job.payload["key"]})


# --- dates, schedules, tracked events --------------------------------------------------------


def _all_rules(session: Session, trigger: str) -> list[Rule]:
    return [r for group in cache.get(session).values() for r in group if r.trigger["type"] == trigger]


def _enqueue_matching(
    session: Session, rule: Rule, extra: Any, key_suffix: str, event_type: str, limit: int = 10_000
) -> int:
    ctx = actions.system_ctx(session, rule.name, _SYSTEM.user_id, None)
    fields = records.KINDS[rule.object_type].fields(ctx)
    id_col = fields["id"].column
    stmt = select(id_col)
    if "deleted_at" in fields:
        stmt = stmt.where(fields["deleted_at"].column.is_(None))
    condition = _condition(ctx, rule)
    if condition is False:
        return 0
    if condition is not None:
        stmt = stmt.where(condition)
    if extra is not None:
        stmt = stmt.where(extra(fields))
    added = 0
    for record_id in session.scalars(stmt.limit(limit)):
        key = f"wf:{rule.id}:{record_id}:{key_suffix}"
        payload = {
            "workflow_id": str(rule.id),
            "object_type": rule.object_type,
            "object_id": str(record_id),
            "event_type": event_type,
            "depth": 0,
            "key": key,
        }
        if jobs.enqueue(session, RUN_KIND, payload, key=key):
            added += 1
    return added


def run_dates(db: Database, today: date | None = None) -> int:
    """date_reached: records whose date field plus the offset is today (or yesterday, so a
    worker that was down catches up); once per (rule, record, date)."""
    today = today or utcnow().date()
    added = 0
    with db.session() as session:
        for rule in _all_rules(session, "date_reached"):
            offset = int(rule.trigger.get("offset_days") or 0)
            name = rule.trigger["date_field"]
            for day in (today - timedelta(days=1), today):
                target = day - timedelta(days=offset)

                def on(fields: Any, target: date = target, name: str = name, rule: Rule = rule) -> Any:
                    start = datetime(target.year, target.month, target.day, tzinfo=utcnow().tzinfo)
                    if rule.object_type == "people" and name == LAST_ORDER:
                        from sampark.orders import service as orders

                        window = orders.people_last_ordered_between(start, start + timedelta(days=1))
                        return fields["id"].column.in_(window)
                    column = fields[name].column
                    if fields[name].type.value == "date":
                        return column == target
                    return (column >= start) & (column < start + timedelta(days=1))

                added += _enqueue_matching(session, rule, on, target.isoformat(), f"date_reached:{name}")
    return added


def run_schedules(db: Database, at: datetime | None = None) -> int:
    """schedule: at each minute its cron names (UTC), every record meeting the condition."""
    at = (at or utcnow()).replace(second=0, microsecond=0)
    added = 0
    with db.session() as session:
        for rule in _all_rules(session, "schedule"):
            try:
                fits = parse_cron(rule.trigger["cron"])(at.replace(tzinfo=None))
            except ValueError:
                continue
            if fits:
                added += _enqueue_matching(session, rule, None, at.isoformat(), "schedule")
    return added


_TRACKING_MARK = "tracking:checkpoint"


def scan_tracking(db: Database, *, settle: timedelta = timedelta(seconds=2)) -> int:
    """event_received: tracked events since the checkpoint (ids are time-ordered UUIDv7), read
    once they are `settle` old so a slow writer's event is not skipped; one run per event."""
    from sampark.tracking import service as tracking

    added = 0
    with db.session() as session:
        rules = _all_rules(session, "event_received")
        state = session.get(WorkflowState, _TRACKING_MARK)
        if state is None:
            session.add(WorkflowState(key=_TRACKING_MARK, value=str(tracking.latest_event_id(session) or "")))
            return 0
        if not rules:
            return 0
        after = uuid.UUID(state.value) if state.value else None
        found = tracking.named_events_after(session, after, utcnow() - settle, limit=5000)
        by_name: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            by_name[rule.trigger["event_name"]].append(rule)
        for event_id, name, person_id in found:
            for rule in by_name.get(name or "", []):
                if person_id is None:
                    continue
                ctx = actions.system_ctx(session, rule.name, _SYSTEM.user_id, None)
                fields = records.KINDS["people"].fields(ctx)
                condition = _condition(ctx, rule)
                if condition is False:
                    continue
                if not records.matching_ids(ctx, "people", [person_id], condition, fields):
                    continue
                key = f"wf:{rule.id}:ev:{event_id}"
                payload = {
                    "workflow_id": str(rule.id),
                    "object_type": "people",
                    "object_id": str(person_id),
                    "event_type": f"event_received:{name}",
                    "depth": 0,
                    "key": key,
                }
                if jobs.enqueue(session, RUN_KIND, payload, key=key):
                    added += 1
        if found:
            state.value = str(found[-1][0])
    return added


TICK_KIND = "workflows.tick"


@registry.handler(TICK_KIND, max_attempts=1)
def tick_job(job: registry.JobRun) -> None:
    """Each minute: schedules whose cron names this minute, new tracked events, and (every
    quarter hour) dates reached. One periodic job, so one job row a minute."""
    slot = job.payload.get("slot")
    at = datetime.fromisoformat(slot) if slot else utcnow()
    run_schedules(job.db, at)
    scan_tracking(job.db)
    if at.minute % 15 == 0:
        run_dates(job.db, at.date())


registry.periodic(TICK_KIND, every=timedelta(minutes=1))
