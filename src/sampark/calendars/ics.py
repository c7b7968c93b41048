"""iCalendar (RFC 5545) documents built with the `icalendar` package: the private feed
(METHOD:PUBLISH) and meeting invitations (METHOD:REQUEST).

Every time is written in UTC (no VTIMEZONE needed); UIDs are `task-<id>@sampark` and
`activity-<id>@sampark`, stable for a record's life; SEQUENCE is the record's version, so a
calendar app replaces an event when the record changes. The library folds long lines and
ends them with CRLF."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from sampark.core.clock import as_utc

PRODID = "-//Sampark//Sampark CRM//EN"
REFRESH = timedelta(hours=1)
TASK_LENGTH = timedelta(minutes=15)
DEFAULT_MEETING = timedelta(minutes=30)
MAX_TEXT = 4000


@dataclass(frozen=True)
class Entry:
    """One calendar event, whatever record it came from."""

    uid: str
    summary: str
    start: datetime
    end: datetime
    sequence: int
    stamp: datetime
    created: datetime
    description: str | None = None
    location: str | None = None
    geo: tuple[float, float] | None = None
    url: str | None = None
    category: str | None = None
    alarm_before: timedelta | None = None


def task_uid(task_id: object) -> str:
    return f"task-{task_id}@sampark"


def activity_uid(activity_id: object) -> str:
    return f"activity-{activity_id}@sampark"


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def _event(entry: Entry) -> Event:
    event = Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", as_utc(entry.stamp))
    event.add("created", as_utc(entry.created))
    event.add("last-modified", as_utc(entry.stamp))
    event.add("sequence", entry.sequence)
    event.add("dtstart", as_utc(entry.start))
    event.add("dtend", as_utc(max(entry.end, entry.start)))
    event.add("summary", entry.summary)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if entry.description:
        event.add("description", entry.description[:MAX_TEXT])
    if entry.location:
        event.add("location", entry.location)
    if entry.geo is not None:
        event.add("geo", entry.geo)
    if entry.url:
        event.add("url", entry.url)
    if entry.category:
        event.add("categories", [entry.category])
    if entry.alarm_before is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry.summary)
        alarm.add("trigger", -entry.alarm_before)
        event.add_component(alarm)
    return event


def feed(name: str, zone: str, entries: Iterable[Entry]) -> bytes:
    """A subscribable calendar (METHOD:PUBLISH) named after its owner."""
    cal = _calendar("PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-timezone", zone)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vText("PT1H"))
    for entry in entries:
        cal.add_component(_event(entry))
    return bytes(cal.to_ical())


def _address(email: str, name: str | None, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = vText(value)
    return address


def invitation(entry: Entry, *, organizer: tuple[str, str], attendees: list[tuple[str, str | None]]) -> bytes:
    """A meeting request (METHOD:REQUEST) from `organizer` (e-mail, name) to `attendees`."""
    cal = _calendar("REQUEST")
    event = _event(entry)
    event.add("organizer", _address(organizer[0], organizer[1]))
    for email, name in attendees:
        event.add(
            "attendee",
            _address(
                email, name, cutype="INDIVIDUAL", role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="TRUE"
            ),
            encode=False,
        )
    cal.add_component(event)
    return bytes(cal.to_ical())
