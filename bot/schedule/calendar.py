"""The unit's calendar: office hours, England's bank holidays and local closures, in London
wall-clock time. Pure: no clock read, no I/O; `now` and the settings are arguments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

from bot.clock import LONDON


@cache
def england_bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def wall_clock(day: date, at: time, zone: ZoneInfo = LONDON) -> datetime:
    """`at` on `day` in London, as UTC. A time inside the spring gap comes out an hour
    later on the wall (zoneinfo reads it with the winter offset); one that happens twice
    (the autumn hour) is its first occurrence (fold=0): a job fires once either way."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class UnitCalendar:
    hours: Mapping[int, tuple[time, time]]  # weekday (Monday 0) → opens, closes
    closed_days: frozenset[date] = frozenset()
    open_days: frozenset[date] = frozenset()
    zone: ZoneInfo = LONDON
    _cache: dict[date, bool] = field(default_factory=dict, compare=False, repr=False)

    def is_working_day(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is None:
            if day in self.open_days:
                known = day.weekday() in self.hours
            else:
                known = (
                    day.weekday() in self.hours
                    and day not in self.closed_days
                    and day not in england_bank_holidays(day.year)
                )
            self._cache[day] = known
        return known

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def opening(self, day: date) -> tuple[datetime, datetime] | None:
        """(opens, closes) in UTC on a working day; None when closed all day."""
        if not self.is_working_day(day):
            return None
        opens, closes = self.hours[day.weekday()]
        return wall_clock(day, opens, self.zone), wall_clock(day, closes, self.zone)

    def is_open(self, at: datetime) -> bool:
        span = self.opening(self.local_day(at))
        return span is not None and span[0] <= at < span[1]

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when open, else the moment the unit next opens."""
        day = self.local_day(at)
        for _ in range(400):
            span = self.opening(day)
            if span is not None and at < span[1]:
                return max(at, span[0])
            day += timedelta(days=1)
        raise ValueError("the unit never opens (no office hours set)")

    def next_close(self, at: datetime) -> datetime:
        """When the unit closes next (at or after `at` if open now, else after it opens)."""
        opens = self.next_open(at)
        span = self.opening(self.local_day(opens))
        assert span is not None
        return span[1]

    def working_days(self, start: date, end: date) -> Iterator[date]:
        """Working days from `start` up to, not including, `end`."""
        day = start
        while day < end:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def previous_working_day(self, day: date) -> date:
        for _ in range(400):
            day -= timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day in the year before")

    def next_working_day(self, day: date) -> date:
        for _ in range(400):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise ValueError("no working day in the year after")

    def nth_working_day(self, year: int, month: int, n: int) -> date:
        """The n-th (1-based) working day of the month; past the month's end it runs on."""
        day = date(year, month, 1)
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        for _ in range(n - 1):
            day = self.next_working_day(day)
        return day


def make_calendar(
    hours: Mapping[int, tuple[time, time]],
    closed_days: frozenset[date] = frozenset(),
    open_days: frozenset[date] = frozenset(),
) -> UnitCalendar:
    return UnitCalendar(dict(hours), frozenset(closed_days), frozenset(open_days))
