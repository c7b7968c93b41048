"""Private iCalendar feeds (revocable, own records only) and meeting invitations sent by
e-mail to a real SMTP server; every document is parsed back with `icalendar`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from sampark.core.clock import utcnow
from sampark.core.permissions import Role
from sampark.db import Database
from sampark.jobs.queue import drain
from tests.conftest import Api, api_as
from tests.notify_helpers import API, mail_to_inbox


def feed_path(url: str) -> str:
    assert url.startswith("http") and url.endswith(".ics")
    return "/calendar/" + url.rsplit("/calendar/", 1)[1]


def fetch(client: TestClient, url: str) -> Any:
    return client.get(feed_path(url))


def parse(body: bytes) -> Calendar:
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b""), "RFC 5545 lines end with CRLF"
    assert all(len(line) <= 75 for line in body.split(b"\r\n")), "long lines are folded"
    return Calendar.from_ical(body)


def uids(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def person(api: Api, email: str | None = None) -> str:
    body: dict[str, Any] = {"given_name": "Rahim", "family_name": "Uddin"}
    if email:
        body["emails"] = [{"email": email, "primary": True}]
    r = api.post(f"{API}/people", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def activity(api: Api, person_id: str, kind: str, when: datetime, **extra: Any) -> dict[str, Any]:
    body = {
        "kind": kind,
        "subject": f"{kind} with Rahim",
        "occurred_at": when.isoformat(),
        "person_id": person_id,
    }
    r = api.post(f"{API}/activities", json={**body, **extra})
    assert r.status_code == 201, r.text
    return dict(r.json())


def task(api: Api, title: str, **fields: Any) -> dict[str, Any]:
    r = api.post(f"{API}/tasks", json={"title": title, **fields})
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_a_feed_lists_the_users_own_tasks_meetings_and_visits(db: Database, client: TestClient) -> None:
    anu = api_as(db, client, "anu@example.com", Role.manager, ["Team X"])
    bipin = api_as(db, client, "bipin@example.com", Role.sales, ["Team X"])
    assert anu.get(f"{API}/me/calendar-feed").status_code == 404
    now = utcnow().replace(microsecond=0)
    due = now + timedelta(days=2)
    mine = task(
        anu, "Send the quotation", due_at=due.isoformat(), remind_at=(due - timedelta(hours=1)).isoformat()
    )
    task(anu, "No due time")
    task(anu, "Already done", due_at=due.isoformat(), done=True)
    theirs = task(bipin, "Bipin's own task", due_at=due.isoformat())
    pid = person(anu)
    meeting = activity(
        anu, pid, "meeting", now + timedelta(days=3), duration_minutes=45, location_name="Gulshan office"
    )
    visit = activity(anu, pid, "visit", now - timedelta(days=10), latitude=23.79, longitude=90.41)
    activity(anu, pid, "call", now + timedelta(days=1))  # calls are not calendar events
    activity(anu, pid, "meeting", now - timedelta(days=45))  # older than 30 days

    r = anu.post(f"{API}/me/calendar-feed")
    assert r.status_code == 200, r.text
    feed = r.json()
    assert feed["url"].startswith("http") and feed["webcal_url"].startswith("webcal://")
    got = fetch(client, feed["url"])
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/calendar")
    cal = parse(got.content)
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "Sampark — anu"
    assert "REFRESH-INTERVAL" in cal
    events = uids(cal)
    assert set(events) == {
        f"task-{mine['id']}@sampark",
        f"activity-{meeting['id']}@sampark",
        f"activity-{visit['id']}@sampark",
    }
    t = events[f"task-{mine['id']}@sampark"]
    assert t.decoded("DTSTART") == due.astimezone(UTC)
    assert int(t["SEQUENCE"]) == mine["version"]
    assert "DTSTAMP" in t
    (alarm,) = t.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1)
    m = events[f"activity-{meeting['id']}@sampark"]
    assert m.decoded("DTEND") - m.decoded("DTSTART") == timedelta(minutes=45)
    assert str(m["LOCATION"]) == "Gulshan office"
    assert str(m["SUMMARY"]) == "meeting with Rahim"
    assert f"task-{theirs['id']}@sampark" not in events

    # Reading the feed's state never shows the token again.
    state = anu.get(f"{API}/me/calendar-feed").json()
    assert state["url"] is None and state["last_used_at"] is not None

    # An edit bumps SEQUENCE, so calendar apps replace the event.
    r = anu.patch(
        f"{API}/tasks/{mine['id']}",
        json={"title": "Send the new quotation"},
        headers={"If-Match": str(mine["version"])},
    )
    assert r.status_code == 200, r.text
    t = uids(parse(fetch(client, feed["url"]).content))[f"task-{mine['id']}@sampark"]
    assert int(t["SEQUENCE"]) == mine["version"] + 1
    assert str(t["SUMMARY"]) == "Send the new quotation"

    # Another user's token shows their records only, even to a manager's team-mate.
    other = bipin.post(f"{API}/me/calendar-feed").json()
    assert set(uids(parse(fetch(client, other["url"]).content))) == {f"task-{theirs['id']}@sampark"}


def test_rotated_and_revoked_feed_urls_stop_working(db: Database, client: TestClient, admin: Api) -> None:
    first = admin.post(f"{API}/me/calendar-feed").json()
    assert fetch(client, first["url"]).status_code == 200
    second = admin.post(f"{API}/me/calendar-feed").json()
    assert second["url"] != first["url"]
    assert fetch(client, first["url"]).status_code == 404
    assert fetch(client, second["url"]).status_code == 200
    assert client.head(feed_path(second["url"])).status_code == 200
    assert admin.delete(f"{API}/me/calendar-feed").status_code == 204
    assert fetch(client, second["url"]).status_code == 404
    assert admin.get(f"{API}/me/calendar-feed").status_code == 404
    assert admin.delete(f"{API}/me/calendar-feed").status_code == 404
    assert client.get("/calendar/not-a-real-token-but-long-enough.ics").status_code == 404
    assert client.get("/calendar/x.ics").status_code == 404


def attachment(message: EmailMessage) -> EmailMessage:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part  # type: ignore[return-value]


def test_a_meeting_invitation_reaches_the_attendees_as_an_ics_request(
    db: Database, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    anu = api_as(db, client, "anu@example.com", Role.sales, ["Team X"])
    bipin = api_as(db, client, "bipin@example.com", Role.sales, ["Team Y"])
    start = datetime(2027, 1, 12, 10, 30, tzinfo=UTC)
    pid = person(anu, "rahim@example.com")
    meeting = activity(anu, pid, "meeting", start, duration_minutes=60, location_name="Motijheel")
    call = activity(anu, pid, "call", start)
    with mail_to_inbox(monkeypatch) as inbox:
        r = anu.post(f"{API}/activities/{meeting['id']}/invite", json={"extra_emails": ["Karim@Example.com"]})
        assert r.status_code == 202, r.text
        sent = r.json()
        assert sent == {
            "queued": True,
            "to": ["karim@example.com", "rahim@example.com"],
            "uid": f"activity-{meeting['id']}@sampark",
            "sequence": meeting["version"],
        }
        again = anu.post(
            f"{API}/activities/{meeting['id']}/invite", json={"extra_emails": ["karim@example.com"]}
        )
        assert again.status_code == 202 and again.json()["queued"] is False
        drain(db)
        (mail,) = inbox.wait_for(1)
        assert mail["To"] == "karim@example.com, rahim@example.com"
        assert mail["Subject"].startswith("Invitation: meeting with Rahim")
        part = attachment(mail)
        assert part.get_param("method") == "REQUEST"
        cal = parse(
            part.get_content() if isinstance(part.get_content(), bytes) else part.get_content().encode()
        )
        assert str(cal["METHOD"]) == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert str(event["UID"]) == f"activity-{meeting['id']}@sampark"
        assert event.decoded("DTSTART") == start
        assert event.decoded("DTEND") == start + timedelta(hours=1)
        assert str(event["ORGANIZER"]) == "mailto:anu@example.com"
        attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
        assert sorted(str(a) for a in attendees) == ["mailto:karim@example.com", "mailto:rahim@example.com"]
        rahim = next(a for a in attendees if str(a) == "mailto:rahim@example.com")
        assert rahim.params["CN"] == "Rahim Uddin" and rahim.params["RSVP"] == "TRUE"

    # Only meetings and visits; only by someone who may change the activity.
    r = anu.post(f"{API}/activities/{call['id']}/invite", json={"extra_emails": ["k@example.com"]})
    assert r.status_code == 422
    assert bipin.post(f"{API}/activities/{meeting['id']}/invite", json={}).status_code == 404
    nobody = activity(anu, person(anu), "meeting", start)
    r = anu.post(f"{API}/activities/{nobody['id']}/invite", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "extra_emails"


def test_the_web_apps_fallback_does_not_swallow_calendar_urls(
    db: Database, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sampark.app import create_app
    from sampark.settings import get_settings

    (tmp_path / "index.html").write_text("<html>app</html>")
    monkeypatch.setenv("SAMPARK_WEB_DIST", str(tmp_path))
    get_settings.cache_clear()
    try:
        with TestClient(create_app(db)) as client:
            api = api_as(db, client, "anu@example.com", Role.sales)
            feed = api.post(f"{API}/me/calendar-feed").json()
            assert client.get(feed_path(feed["url"])).headers["content-type"].startswith("text/calendar")
            for path in ("/calendar/", "/calendar/unknown", "/calendar/not-a-real-token-but-long-enough.ics"):
                r = client.get(path)
                assert r.status_code == 404, path
                assert r.headers["content-type"].startswith("application/problem+json")
            assert client.get("/tasks").text == "<html>app</html>"  # the app's own routes still fall back
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
