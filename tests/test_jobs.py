"""Background jobs: enqueued only on commit, once per key, retried with back-off, dead letters
an admin can replay, domain events handed to consumers in commit order, and a real worker
process sending e-mail to a real SMTP server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

import sampark.handlers  # noqa: F401  (every job kind and schedule, as a worker has them)
from sampark.core.clock import utcnow
from sampark.db import Database
from sampark.jobs import events, registry, service
from sampark.jobs.models import Job
from sampark.jobs.queue import drain, flush
from tests.conftest import Api, api_as
from tests.mailserver import smtp_server

CALLS: list[dict[str, Any]] = []
FAILURES_LEFT: dict[str, int] = {}


@registry.handler("test.record", max_attempts=3, backoff=registry.fixed_schedule(5, 60))
def _record(run: registry.JobRun) -> None:
    name = run.payload["name"]
    if FAILURES_LEFT.get(name, 0) > 0:
        FAILURES_LEFT[name] -= 1
        raise RuntimeError(f"{name} failed on attempt {run.attempt}")
    CALLS.append({"name": name, "attempt": run.attempt})


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    CALLS.clear()
    FAILURES_LEFT.clear()
    yield
    CALLS.clear()


def _make_due(db: Database) -> None:
    """The clock jump a back-off waits for."""
    with db.session() as session:
        session.execute(update(Job).where(Job.status == "retrying").values(run_at=utcnow()))


def _jobs(db: Database) -> list[Job]:
    with db.session(write=False) as session:
        rows = list(session.scalars(select(Job).order_by(Job.created_at)))
        session.expunge_all()
        return rows


def test_a_job_reaches_the_queue_only_when_its_transaction_commits(db: Database) -> None:
    def failing_request() -> None:
        with db.session() as session:
            service.enqueue(session, "test.record", {"name": "rolled back"})
            raise RuntimeError("the request failed after asking for the job")

    with pytest.raises(RuntimeError):
        failing_request()
    with db.session() as session:
        service.enqueue(session, "test.record", {"name": "kept"})
    drain(db)
    assert [c["name"] for c in CALLS] == ["kept"]
    assert [j.status for j in _jobs(db)] == ["done"]


def test_a_key_makes_enqueueing_idempotent(db: Database) -> None:
    with db.session() as session:
        first = service.enqueue(session, "test.record", {"name": "once"}, key="event:1")
    with db.session() as session:
        again = service.enqueue(session, "test.record", {"name": "once"}, key="event:1")
    assert first is not None
    assert again is None
    drain(db)
    drain(db)
    assert CALLS == [{"name": "once", "attempt": 1}]


def test_failures_retry_with_back_off_then_succeed(db: Database) -> None:
    FAILURES_LEFT["flaky"] = 2
    with db.session() as session:
        service.enqueue(session, "test.record", {"name": "flaky"})
    drain(db)
    (job,) = _jobs(db)
    assert job.status == "retrying"
    assert job.attempts == 1
    assert "flaky failed on attempt 1" in (job.last_error or "")
    assert job.run_at > utcnow() + timedelta(seconds=3)  # the first back-off step is 5 s
    drain(db)
    assert not CALLS  # not due yet: a retry waits for its back-off
    _make_due(db)
    drain(db)
    (job,) = _jobs(db)
    assert job.run_at > utcnow() + timedelta(seconds=50)  # the second step is 60 s
    _make_due(db)
    drain(db)
    assert CALLS == [{"name": "flaky", "attempt": 3}]
    assert _jobs(db)[0].status == "done"


def test_dead_letters_are_listed_for_admins_and_can_be_replayed(
    db: Database, admin: Api, client: Any
) -> None:
    FAILURES_LEFT["doomed"] = 3
    with db.session() as session:
        service.enqueue(session, "test.record", {"name": "doomed"})
    for _ in range(3):
        drain(db)
        _make_due(db)
    (job,) = _jobs(db)
    assert job.status == "dead"
    assert job.attempts == 3

    page = admin.get("/api/v1/jobs", params={"status": "dead"}).json()
    assert [item["id"] for item in page["items"]] == [str(job.id)]
    assert "doomed failed on attempt 3" in page["items"][0]["last_error"]
    assert admin.get("/api/v1/jobs/summary").json()["counts"] == {"dead": 1}

    sales = api_as(db, client, "rep@example.com", "sales")
    assert sales.get("/api/v1/jobs").status_code == 403
    assert sales.post(f"/api/v1/jobs/{job.id}/replay").status_code == 403

    replayed = admin.post(f"/api/v1/jobs/{job.id}/replay")
    assert replayed.status_code == 200
    assert replayed.json()["status"] == "queued"
    assert admin.post(f"/api/v1/jobs/{job.id}/replay").status_code == 409  # not dead any more
    drain(db)
    assert CALLS == [{"name": "doomed", "attempt": 1}]
    assert _jobs(db)[0].status == "done"


def test_a_lost_queue_message_is_found_by_the_sweep(db: Database) -> None:
    with db.session() as session:
        service.enqueue(session, "test.record", {"name": "lost"})
    flush()  # Redis restarted empty, or the process died before handing the id over
    drain(db)
    assert [c["name"] for c in CALLS] == ["lost"]


def test_a_job_whose_worker_died_is_run_again(db: Database) -> None:
    with db.session() as session:
        job_id = service.enqueue(session, "test.record", {"name": "orphan"})
        session.flush()
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(status="running", attempts=1, locked_until=utcnow() - timedelta(seconds=1))
        )
    flush()
    drain(db)
    assert CALLS == [{"name": "orphan", "attempt": 2}]


def test_domain_events_reach_consumers_in_commit_order(db: Database, admin: Api) -> None:
    seen: list[tuple[str, ...]] = []

    def consumer(session: Any, found: list[events.DomainEvent]) -> None:
        seen.extend(e.types for e in found)

    events.subscribe("test.consumer", consumer)
    try:
        drain(db)  # the consumer starts from now, not from history
        person = admin.post("/api/v1/people", json={"given_name": "Rahim", "family_name": "Uddin"}).json()
        moved = admin.patch(
            f"/api/v1/people/{person['id']}",
            json={"lifecycle_stage": "customer"},
            headers={"If-Match": str(person["version"])},
        )
        assert moved.status_code == 200, moved.text
        pipe = admin.post(
            "/api/v1/pipelines",
            json={
                "name": "Sales",
                "stages": [{"name": "Lead", "probability": 10}, {"name": "Won", "probability": 100}],
            },
        ).json()
        stages = pipe["stages"]
        deal = admin.post(
            "/api/v1/deals",
            json={"name": "Shop fit-out", "amount": "5000", "currency": "BDT", "pipeline_id": pipe["id"]},
        ).json()
        staged = admin.patch(
            f"/api/v1/deals/{deal['id']}",
            json={"stage_id": stages[1]["id"]},
            headers={"If-Match": str(deal["version"])},
        )
        assert staged.status_code == 200, staged.text
        drain(db)
    finally:
        events._CONSUMERS.pop("test.consumer", None)
    flat = [t for types in seen for t in types]
    assert flat.index("person.created") < flat.index("person.updated") < flat.index("deal.created")
    assert ("deal.updated", "deal.stage_changed") in seen


def _mail_jobs(db: Database) -> list[str]:
    """The e-mail jobs' statuses (a worker also enqueues other domains' periodic jobs)."""
    return [j.status for j in _jobs(db) if j.kind == "email.send"]


def test_a_worker_process_sends_queued_e_mail_over_smtp(db: Database) -> None:
    from sampark.integrations.mail import queue_email

    with smtp_server() as inbox:
        env = {**os.environ, **inbox.env(), "SAMPARK_DATABASE_URL": db.url}
        worker = subprocess.Popen([sys.executable, "-m", "sampark", "worker", "--workers", "1"], env=env)
        try:
            with db.session() as session:
                queue_email(
                    session, to=["customer@example.com"], subject="আপনার অর্ডার", text="ধন্যবাদ", key="mail:1"
                )
            (mail,) = inbox.wait_for(1)
            deadline = time.monotonic() + 10
            while _mail_jobs(db) != ["done"] and time.monotonic() < deadline:
                time.sleep(0.1)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    assert mail["To"] == "customer@example.com"
    assert mail["Subject"] == "আপনার অর্ডার"
    assert mail.get_content().strip() == "ধন্যবাদ"
    # The worker also ran its periodic jobs (reminder and digest scans): only the mail counts here.
    assert _mail_jobs(db) == ["done"]


def test_periodic_jobs_run_once_per_slot_however_many_workers_tick(db: Database) -> None:
    from datetime import UTC, datetime

    from sampark.profiles.models import RfmBoundaries
    from sampark.settings import get_settings

    nightly = datetime(2026, 12, 6, get_settings().nightly_hour_utc, 0, 20, tzinfo=UTC)
    slots = service.periodic_slots(nightly)
    assert ("traits.refresh", nightly.replace(second=0).isoformat()) in slots
    assert not [s for s in service.periodic_slots(nightly.replace(minute=7)) if s[0] == "traits.refresh"]
    assert service.enqueue_periodic(db, slots) == len(slots)
    assert service.enqueue_periodic(db, slots) == 0  # a second worker ticking the same minute
    drain(db)
    with db.session(write=False) as session:
        assert session.get(RfmBoundaries, "rfm") is not None
    kinds = sorted(j.kind for j in _jobs(db))
    assert kinds.count("traits.refresh") == 1


def test_an_interval_jobs_period_can_be_set_per_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    """SAMPARK_JOBS_EVERY_SECONDS: mailboxes read every few seconds (the e2e run) instead of each minute."""
    from datetime import UTC, datetime

    from sampark.settings import get_settings

    at = datetime(2026, 12, 6, 10, 30, 7, tzinfo=UTC)
    get_settings.cache_clear()
    assert ("tickets.imap_poll", at.replace(second=0).isoformat()) in service.periodic_slots(at)
    monkeypatch.setenv("SAMPARK_JOBS_EVERY_SECONDS", '{"tickets.imap_poll": 5}')
    get_settings.cache_clear()
    try:
        slots = service.periodic_slots(at)
        assert ("tickets.imap_poll", at.replace(second=5).isoformat()) in slots
        assert ("tickets.sla_check", at.replace(second=0).isoformat()) in slots  # others keep theirs
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_queue_can_live_in_redis(db: Database) -> None:
    """With SAMPARK_REDIS_URL, job ids travel through Redis (the machine's real server)."""
    from sampark.jobs.queue import make_huey
    from sampark.settings import get_settings

    settings = get_settings().model_copy(update={"redis_url": "redis://127.0.0.1:6379/15"})
    huey = make_huey(settings, name=f"sampark-test-{os.getpid()}")
    try:
        huey.flush()

        @huey.task(name="test.echo")
        def echo(value: str) -> str:
            return value

        echo("through redis")
        task = huey.dequeue()
        assert task is not None
        assert task.args == ("through redis",)
        assert huey.dequeue() is None
    finally:
        huey.flush()


def test_people_made_in_bulk_are_one_created_event_each(db: Database, admin: Api) -> None:
    from tests.test_imports import _import

    created: list[tuple[str, Any]] = []

    def consumer(session: Any, found: list[events.DomainEvent]) -> None:
        created.extend((e.type, e.object_id) for e in found if e.type == "person.created")

    events.subscribe("test.bulk", consumer)
    try:
        drain(db)
        job = _import(admin, b"Name,Email\nAnu Das,anu@example.com\nRina Sen,rina@example.com\n")
        assert job["created_count"] == 2
        drain(db)
    finally:
        events._CONSUMERS.pop("test.bulk", None)
    people = admin.get("/api/v1/people").json()["items"]
    assert sorted(str(object_id) for _, object_id in created) == sorted(p["id"] for p in people)


def test_finished_jobs_are_purged_after_their_week_and_dead_ones_kept(db: Database) -> None:
    FAILURES_LEFT["dead"] = 9
    with db.session() as session:
        service.enqueue(session, "test.record", {"name": "old"})
        service.enqueue(session, "test.record", {"name": "recent"})
        service.enqueue(session, "test.record", {"name": "dead"}, max_attempts=1)
    drain(db)
    with db.session() as session:
        session.execute(
            update(Job)
            .where(Job.payload["name"].as_string().in_(["old", "dead"]))
            .values(finished_at=utcnow() - timedelta(days=30))
        )
        service.enqueue(session, "jobs.purge", {}, key="purge-now")
    drain(db)
    left = {(j.payload.get("name"), j.status) for j in _jobs(db) if j.kind == "test.record"}
    assert left == {("recent", "done"), ("dead", "dead")}
