"""The unit's calendar: office hours, bank holidays and overrides, London time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.schedule.calendar import make_calendar, wall_clock
from bot.settings_schedule import DEFAULT_HOURS

CAL = make_calendar(DEFAULT_HOURS)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "open_"),
    [
        (utc(2026, 11, 23, 8, 59), False),  # Monday, GMT: 08:59
        (utc(2026, 11, 23, 9, 0), True),
        (utc(2026, 11, 23, 16, 59), True),
        (utc(2026, 11, 23, 17, 0), False),
        (utc(2026, 11, 27, 18, 59), True),  # Friday: open until 19:00
        (utc(2026, 11, 27, 19, 0), False),
        (utc(2026, 11, 28, 12, 0), False),  # Saturday
        (utc(2026, 12, 25, 12, 0), False),  # Christmas Day, a Friday
        (utc(2026, 12, 28, 12, 0), False),  # Boxing Day's substitute Monday
        (utc(2026, 6, 1, 8, 30), True),  # summer: 09:30 BST is 08:30 UTC
        (utc(2026, 6, 1, 16, 30), False),  # 17:30 BST
    ],
)
def test_is_open(at: datetime, open_: bool) -> None:
    assert CAL.is_open(at) is open_


def test_next_open_skips_the_weekend_and_bank_holidays() -> None:
    assert CAL.next_open(utc(2026, 11, 27, 19, 0)) == utc(2026, 11, 30, 9, 0)
    assert CAL.next_open(utc(2026, 12, 24, 17, 0)) == utc(2026, 12, 29, 9, 0)
    # Good Friday and Easter Monday 2027
    assert CAL.next_open(utc(2027, 3, 25, 17, 0)) == utc(2027, 3, 30, 8, 0)  # 09:00 BST
    open_now = utc(2026, 11, 23, 10, 0)
    assert CAL.next_open(open_now) == open_now
    assert CAL.next_close(open_now) == utc(2026, 11, 23, 17, 0)


def test_local_closures_and_open_days_override_the_bank_holidays() -> None:
    cal = make_calendar(
        DEFAULT_HOURS, closed_days=frozenset({date(2026, 12, 24)}),
        open_days=frozenset({date(2026, 12, 28)}),
    )
    assert not cal.is_working_day(date(2026, 12, 24))
    assert cal.is_working_day(date(2026, 12, 28))
    assert not cal.is_working_day(date(2026, 12, 25))
    assert cal.previous_working_day(date(2026, 12, 28)) == date(2026, 12, 23)


def test_working_days_of_a_month() -> None:
    december = list(CAL.working_days(date(2026, 12, 1), date(2027, 1, 1)))
    assert len(december) == 21  # 23 weekdays less Christmas and Boxing Day (observed)
    assert CAL.nth_working_day(2027, 1, 1) == date(2027, 1, 4)  # New Year's Day is a Friday
    assert CAL.nth_working_day(2026, 12, 10) == date(2026, 12, 14)


def test_wall_clock_times_stay_put_across_the_clock_changes() -> None:
    assert wall_clock(date(2026, 3, 27), time(9, 30)) == utc(2026, 3, 27, 9, 30)  # GMT
    assert wall_clock(date(2026, 3, 30), time(9, 30)) == utc(2026, 3, 30, 8, 30)  # BST
    assert wall_clock(date(2026, 10, 23), time(9, 30)) == utc(2026, 10, 23, 8, 30)
    assert wall_clock(date(2026, 10, 26), time(9, 30)) == utc(2026, 10, 26, 9, 30)
    # The repeated hour in October: its first occurrence, once.
    assert wall_clock(date(2026, 10, 25), time(1, 30)) == utc(2026, 10, 25, 0, 30)
    # Inside the spring gap: an hour later on the wall, still once.
    assert wall_clock(date(2026, 3, 29), time(1, 30)) == utc(2026, 3, 29, 1, 30)
