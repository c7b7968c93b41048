"""Business-hours arithmetic for SLA targets: Dhaka's Sunday–Thursday week (Friday and Saturday
off), 09:00–18:00, with a holiday."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sampark.tickets.hours import ALWAYS, Calendar, NoWorkingTime, add_business_time, business_time_between

DHAKA = ZoneInfo("Asia/Dhaka")
# 2026-12-16 is Victory Day (a Wednesday); Friday 18 and Saturday 19 are the weekend.
CAL = Calendar.of("Asia/Dhaka", [6, 0, 1, 2, 3], "09:00", "18:00", ["2026-12-16"])


def dhaka(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=DHAKA)


def test_within_one_working_day() -> None:
    # Sunday 6 December, 10:00 + 2 h = 12:00 local, which is 06:00 UTC.
    due = add_business_time(dhaka(6, 10), timedelta(hours=2), CAL)
    assert due == dhaka(6, 12)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 12, 6, 6, 0, tzinfo=UTC)


def test_time_runs_over_into_the_next_working_day() -> None:
    # Sunday 17:00 + 2 h: one hour on Sunday, one on Monday from 09:00.
    assert add_business_time(dhaka(6, 17), timedelta(hours=2), CAL) == dhaka(7, 10)


def test_the_friday_saturday_weekend_is_skipped() -> None:
    # Thursday 10 December 17:30 + 1 h: half an hour on Thursday, then Sunday 13 at 09:30.
    assert add_business_time(dhaka(10, 17, 30), timedelta(hours=1), CAL) == dhaka(13, 9, 30)


def test_a_start_outside_hours_counts_from_the_next_opening() -> None:
    assert add_business_time(dhaka(11, 14), timedelta(minutes=30), CAL) == dhaka(13, 9, 30)  # a Friday
    assert add_business_time(dhaka(7, 6), timedelta(minutes=30), CAL) == dhaka(7, 9, 30)  # before opening
    assert add_business_time(dhaka(7, 20), timedelta(minutes=30), CAL) == dhaka(8, 9, 30)  # after closing


def test_a_holiday_is_skipped() -> None:
    # Tuesday 15 December 17:00 + 2 h: 1 h Tuesday, Wednesday 16 is Victory Day, 1 h Thursday.
    assert add_business_time(dhaka(15, 17), timedelta(hours=2), CAL) == dhaka(17, 10)


def test_a_long_target_spans_weeks() -> None:
    # 27 working hours = three 9-hour days. From Sunday 13 09:00: Sun, Mon, Tue → Tuesday 18:00.
    assert add_business_time(dhaka(13, 9), timedelta(hours=27), CAL) == dhaka(15, 18)
    # One minute more skips the holiday and lands on Thursday.
    assert add_business_time(dhaka(13, 9), timedelta(hours=27, minutes=1), CAL) == dhaka(17, 9, 1)


def test_time_between_counts_only_working_time() -> None:
    assert business_time_between(dhaka(10, 17), dhaka(13, 10), CAL) == timedelta(hours=2)
    assert business_time_between(dhaka(15, 9), dhaka(17, 18), CAL) == timedelta(hours=18)  # holiday out
    assert business_time_between(dhaka(11, 9), dhaka(12, 23), CAL) == timedelta(0)  # the weekend
    assert business_time_between(dhaka(13, 12), dhaka(13, 11), CAL) == timedelta(0)


def test_a_calendar_with_no_working_days_refuses() -> None:
    never = Calendar.of("Asia/Dhaka", [], "09:00", "18:00")
    with pytest.raises(NoWorkingTime):
        add_business_time(dhaka(6, 10), timedelta(minutes=1), never)


def test_the_always_calendar_is_wall_clock_time() -> None:
    start = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    assert add_business_time(start, timedelta(hours=2), ALWAYS) == start + timedelta(hours=2)


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31)),  # noqa: DTZ001
    minutes=st.integers(min_value=1, max_value=60 * 9 * 15),
)
def test_adding_then_measuring_gives_back_the_amount(start: datetime, minutes: int) -> None:
    begin = start.replace(tzinfo=DHAKA)
    amount = timedelta(minutes=minutes)
    due = add_business_time(begin, amount, CAL)
    assert business_time_between(begin, due, CAL) == amount
    local = due.astimezone(DHAKA)
    assert local.weekday() in (6, 0, 1, 2, 3) and local.date().isoformat() != "2026-12-16"
