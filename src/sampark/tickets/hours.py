"""Business-hours arithmetic: pure functions over a calendar (time zone, working days, daily
hours, holidays). SLA targets are business minutes; due times are UTC instants.

Working time is counted in the calendar's local wall time, day by day, so a daylight-saving
change or a holiday simply shortens the day it falls on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_DAYS = 3660  # ten years: a calendar with no working time at all never loops forever


class NoWorkingTime(ValueError):
    """The calendar has no working time to count in."""


@dataclass(frozen=True)
class Calendar:
    zone: ZoneInfo
    work_days: frozenset[int]  # Monday = 0 … Sunday = 6
    start: time
    end: time
    holidays: frozenset[date] = field(default_factory=frozenset)

    @staticmethod
    def of(
        time_zone: str, work_days: list[int], start: str, end: str, holidays: list[str] | None = None
    ) -> Calendar:
        return Calendar(
            ZoneInfo(time_zone),
            frozenset(work_days),
            time.fromisoformat(start),
            time.fromisoformat(end),
            frozenset(date.fromisoformat(h) for h in holidays or []),
        )

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working window of a local day as UTC instants, or None when it is not worked."""
        if day.weekday() not in self.work_days or day in self.holidays or self.end <= self.start:
            return None
        opens = datetime.combine(day, self.start, tzinfo=self.zone).astimezone(UTC)
        if self.end == time.max:  # open until midnight
            closes = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone).astimezone(UTC)
        else:
            closes = datetime.combine(day, self.end, tzinfo=self.zone).astimezone(UTC)
        return opens, closes


ALWAYS = Calendar(ZoneInfo("UTC"), frozenset(range(7)), time(0), time.max)  # a queue-less ticket


def _local_day(at: datetime, cal: Calendar) -> date:
    return at.astimezone(cal.zone).date()


def add_business_time(start: datetime, amount: timedelta, cal: Calendar) -> datetime:
    """The instant `amount` of working time after `start` (which may fall outside hours)."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    remaining = amount
    day = _local_day(start, cal)
    for _ in range(MAX_DAYS):
        window = cal.window(day)
        if window is not None:
            opens, closes = window
            begin = max(opens, start)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return (begin + remaining).astimezone(UTC)
                remaining -= available
        day += timedelta(days=1)
    raise NoWorkingTime("the calendar has no working time within ten years")


def business_time_between(start: datetime, end: datetime, cal: Calendar) -> timedelta:
    """Working time from `start` to `end` (zero when end is not after start)."""
    if end <= start:
        return timedelta(0)
    total = timedelta(0)
    day = _local_day(start, cal)
    last = _local_day(end, cal)
    while day <= last:
        window = cal.window(day)
        if window is not None:
            opens, closes = window
            begin, finish = max(opens, start), min(closes, end)
            if finish > begin:
                total += finish - begin
        day += timedelta(days=1)
    return total
