"""Task reminders and the morning digest: in-app and by e-mail (to a real SMTP server), once,
in the user's language and time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sampark.core.clock import utcnow
from sampark.core.permissions import Role
from sampark.db import Database
from sampark.jobs.models import Job
from sampark.jobs.queue import drain
from sampark.reminders import service as reminders
from sampark.reminders.jobs import REMINDERS_SCAN
from tests.conftest import Api, api_as
from tests.notify_helpers import API, mail_to_inbox, set_profile, text_of, tick


def notifications(api: Api) -> list[dict[str, Any]]:
    r = api.get(f"{API}/notifications")
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def iso(value: datetime) -> str:
    return value.isoformat()


def test_a_reminder_fires_once_at_its_time_in_bengali_and_re_arms_when_moved(
    db: Database, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    rahim = api_as(db, client, "rahim@example.com", Role.sales)
    set_profile(rahim, locale="bn", timezone="Asia/Dhaka")
    due = (utcnow() + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    r = rahim.post(
        f"{API}/tasks",
        json={"title": "কোটেশন পাঠানো", "due_at": iso(due), "remind_at": iso(due - timedelta(hours=1))},
    )
    assert r.status_code == 201, r.text
    task = r.json()
    with mail_to_inbox(monkeypatch) as inbox:
        tick(db, REMINDERS_SCAN)
        assert notifications(rahim) == []  # not its time yet

        # The clock "moves": the reminder's time is now a minute ago.
        r = rahim.patch(
            f"{API}/tasks/{task['id']}",
            json={"remind_at": iso(utcnow() - timedelta(minutes=1))},
            headers={"If-Match": str(task["version"])},
        )
        assert r.status_code == 200, r.text
        task = r.json()
        tick(db, REMINDERS_SCAN)
        tick(db, REMINDERS_SCAN)  # a second scan finds nothing more to do

        (note,) = notifications(rahim)
        assert note["kind"] == "task.reminder"
        assert note["title"] == "রিমাইন্ডার: কোটেশন পাঠানো"
        local_due = due.astimezone(reminders.zone_of("Asia/Dhaka"))
        assert f"{local_due:%Y-%m-%d %H:%M} (+06)" in note["body"]
        (mail,) = inbox.wait_for(1)
        assert mail["To"] == "rahim@example.com"
        assert mail["Subject"] == "রিমাইন্ডার: কোটেশন পাঠানো"
        body = text_of(mail)
        assert "শেষ সময়" in body and f"{local_due:%H:%M} (+06)" in body
        assert f"https://crm.example.com/tasks?id={task['id']}" in body

        fresh = rahim.get(f"{API}/tasks/{task['id']}").json()
        assert fresh["reminded_at"] is not None
        assert fresh["version"] == task["version"]  # stamping the reminder is not an edit

        # Moving the reminder re-arms it: it fires again, once.
        r = rahim.patch(
            f"{API}/tasks/{task['id']}",
            json={"remind_at": iso(utcnow() - timedelta(seconds=5))},
            headers={"If-Match": str(fresh["version"])},
        )
        assert r.status_code == 200, r.text
        assert r.json()["reminded_at"] is None
        tick(db, REMINDERS_SCAN)
        tick(db, REMINDERS_SCAN)
        assert len(notifications(rahim)) == 2
        assert len(inbox.wait_for(2)) == 2
    with db.session(write=False) as session:
        mail_jobs = session.scalars(select(Job.status).where(Job.kind == "email.send")).all()
    assert mail_jobs == ["done", "done"]


def test_done_tasks_are_not_reminded_and_reminder_e_mails_can_be_turned_off(
    db: Database, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    priya = api_as(db, client, "priya@example.com", Role.sales)
    set_profile(priya, locale="hi", timezone="Asia/Kolkata")
    r = priya.patch(f"{API}/me/preferences", json={"reminder_emails": False})
    assert r.status_code == 200, r.text
    assert r.json() == {"digest_enabled": True, "digest_hour": 7, "reminder_emails": False}
    past = iso(utcnow() - timedelta(minutes=2))
    assert (
        priya.post(
            f"{API}/tasks", json={"title": "Done already", "remind_at": past, "done": True}
        ).status_code
        == 201
    )
    assert priya.post(f"{API}/tasks", json={"title": "Call Meera", "remind_at": past}).status_code == 201
    with mail_to_inbox(monkeypatch) as inbox:
        tick(db, REMINDERS_SCAN)
        (note,) = notifications(priya)
        assert note["title"] == "रिमाइंडर: Call Meera"
        assert note["body"] == "कोई नियत समय नहीं"
        assert inbox.raw == []
    with db.session(write=False) as session:
        assert session.scalars(select(Job).where(Job.kind == "email.send")).all() == []


# --- the morning digest --------------------------------------------------------------------------


def dhaka_and_kolkata(db: Database, client: TestClient) -> tuple[Api, Api, Api]:
    dhaka = api_as(db, client, "dhaka@example.com", Role.sales)
    set_profile(dhaka, locale="bn", timezone="Asia/Dhaka", display_name="Rahim")
    kolkata = api_as(db, client, "kolkata@example.com", Role.sales)
    set_profile(kolkata, locale="hi", timezone="Asia/Kolkata", display_name="Priya")
    idle = api_as(db, client, "idle@example.com", Role.sales)  # nothing due: no digest
    set_profile(idle, timezone="Asia/Dhaka")
    return dhaka, kolkata, idle


def run_digests(db: Database, now: datetime) -> dict[str, int]:
    with db.session() as session:
        reminders.enqueue_digests(session, now)
    return drain(db)


def test_the_digest_goes_once_per_local_day_in_each_users_zone_and_language(
    db: Database, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    dhaka, kolkata, _ = dhaka_and_kolkata(db, client)
    pipeline = {"name": "Sales", "stages": [{"name": "Lead", "probability": 10}]}
    assert (
        api_as(db, client, "boss@example.com", Role.admin).post(f"{API}/pipelines", json=pipeline).status_code
        == 201
    )
    # 10 March 2026 in Dhaka (+06:00): one task due today, one overdue, one tomorrow, one done.
    for title, due, done in (
        ("আজকের কাজ", "2026-03-10T16:00:00+06:00", False),
        ("পুরনো কাজ", "2026-03-08T10:00:00+06:00", False),
        ("কালকের কাজ", "2026-03-11T09:00:00+06:00", False),
        ("শেষ হওয়া কাজ", "2026-03-10T11:00:00+06:00", True),
    ):
        assert (
            dhaka.post(f"{API}/tasks", json={"title": title, "due_at": due, "done": done}).status_code == 201
        )
    for name, closes in (("চা বাগান", "2026-03-12"), ("Later deal", "2026-04-30")):
        r = dhaka.post(
            f"{API}/deals",
            json={"name": name, "amount": "125000.00", "currency": "BDT", "expected_close_date": closes},
        )
        assert r.status_code == 201, r.text
    # Due at 00:10 on 10 March in Kolkata, which is 23:40 on 9 March in Dhaka.
    assert (
        kolkata.post(
            f"{API}/tasks", json={"title": "Meera ko call", "due_at": "2026-03-10T00:10:00+05:30"}
        ).status_code
        == 201
    )

    with mail_to_inbox(monkeypatch) as inbox:
        # 06:55 in Dhaka, 06:25 in Kolkata: too early for both.
        run_digests(db, datetime(2026, 3, 10, 0, 55, tzinfo=UTC))
        assert inbox.raw == []
        # 07:10 in Dhaka, 06:40 in Kolkata: Dhaka's digest only.
        run_digests(db, datetime(2026, 3, 10, 1, 10, tzinfo=UTC))
        (first,) = inbox.wait_for(1)
        assert first["To"] == "dhaka@example.com"
        assert first["Subject"] == "Sampark-এ আপনার দিন, 2026-03-10"
        body = text_of(first)
        assert "সুপ্রভাত, Rahim।" in body
        assert "আজ শেষ সময় (1)\n- আজকের কাজ — 2026-03-10 16:00 (+06)" in body
        assert "সময় পেরিয়ে গেছে (1)\n- পুরনো কাজ — 2026-03-08 10:00 (+06)" in body
        assert "এই সপ্তাহে বন্ধ হওয়ার কথা (1)\n- চা বাগান — বন্ধ হবে 2026-03-12 · 125000 BDT" in body
        assert "কালকের কাজ" not in body and "শেষ হওয়া কাজ" not in body and "Later deal" not in body
        # 07:40 in Dhaka (already sent today), 07:10 in Kolkata: Kolkata's only.
        run_digests(db, datetime(2026, 3, 10, 1, 40, tzinfo=UTC))
        run_digests(db, datetime(2026, 3, 10, 2, 0, tzinfo=UTC))
        messages = inbox.wait_for(2)
        assert [m["To"] for m in messages] == ["dhaka@example.com", "kolkata@example.com"]
        hindi = text_of(messages[1])
        assert messages[1]["Subject"] == "Sampark में आपका दिन, 2026-03-10"
        assert "आज नियत (1)\n- Meera ko call — 2026-03-10 00:10 (+05:30)" in hindi
        # The next local day brings the next digest (the overdue tasks are still open).
        run_digests(db, datetime(2026, 3, 11, 1, 5, tzinfo=UTC))
        messages = inbox.wait_for(3)
        assert len(messages) == 3
        assert messages[2]["Subject"] == "Sampark-এ আপনার দিন, 2026-03-11"
        assert "কালকের কাজ" in text_of(messages[2])

    notes = dhaka.get(f"{API}/notifications").json()["items"]
    assert [n["kind"] for n in notes] == ["digest", "digest"]
    assert notes[1]["title"] == "আপনার দিন: 3টি বিষয়"
    with db.session(write=False) as session:
        keys = set(session.scalars(select(Job.key).where(Job.kind == "digest.send")))
    assert len(keys) == 5  # Dhaka ×2, Kolkata, and the idle user ×2 (empty: nothing sent)


def test_the_digest_hour_and_opt_out_are_per_user(
    db: Database, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    dhaka, kolkata, _ = dhaka_and_kolkata(db, client)
    assert dhaka.get(f"{API}/me/preferences").json()["digest_hour"] == 7
    assert dhaka.patch(f"{API}/me/preferences", json={"digest_hour": 9}).status_code == 200
    assert kolkata.patch(f"{API}/me/preferences", json={"digest_enabled": False}).status_code == 200
    bad = dhaka.patch(f"{API}/me/preferences", json={"digest_hour": 24})
    assert bad.status_code == 422
    for api in (dhaka, kolkata):
        assert (
            api.post(
                f"{API}/tasks", json={"title": "Today", "due_at": "2026-03-10T12:00:00+05:00"}
            ).status_code
            == 201
        )

    watched = {dhaka.get(f"{API}/me").json()["id"]: "dhaka", kolkata.get(f"{API}/me").json()["id"]: "kolkata"}

    def due_at(now: datetime) -> set[str]:
        with db.session(write=False) as session:
            return {watched[str(u)] for u, _ in reminders.due_digests(session, now) if str(u) in watched}

    assert due_at(datetime(2026, 3, 10, 1, 30, tzinfo=UTC)) == set()  # 07:30 in Dhaka: before 09:00
    assert due_at(datetime(2026, 3, 10, 3, 5, tzinfo=UTC)) == {"dhaka"}  # 09:05 in Dhaka
    assert due_at(datetime(2026, 3, 10, 9, 5, tzinfo=UTC)) == set()  # 15:05: the window has passed
    with mail_to_inbox(monkeypatch) as inbox:
        run_digests(db, datetime(2026, 3, 10, 3, 5, tzinfo=UTC))
        (mail,) = inbox.wait_for(1)
        assert mail["To"] == "dhaka@example.com"
    assert date(2026, 3, 10).isoformat() in mail["Subject"]
