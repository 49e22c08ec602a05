"""When a bed is free, from the words of a vacancy reply.

Homes write "from Monday 30th", "1st Dec", "24/11", "tomorrow", "next Friday" or "now". A
date without a year is the nearest one not long past; a date on or before the day the
reply was sent means the bed is free now. A weekday that does not agree with its date
("Monday 1st" when the 1st is a Tuesday) is kept but marked, so an officer checks it.
The names of months and days are those every date reader here shares (`dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.intake.parsing.dates import (
    FULL_WEEKDAY_NAMES,
    MONTH_NAMES,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAYS,
)

_MONTH = rf"(?P<month>{MONTH_NAMES})\.?"
_WEEKDAY = rf"(?P<weekday>{WEEKDAY_NAMES})\.?"
_FULL_WEEKDAY = rf"(?P<weekday>{FULL_WEEKDAY_NAMES})"
_ORD = r"(?:st|nd|rd|th)?"

_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 24/11, 24/11/2026, 24.11.2026 (a dot only with a year: "09.30" is a time)
    (
        "numeric",
        re.compile(
            r"(?<![\d/.])(?P<d>\d{1,2})(?:/(?P<m>\d{1,2})(?:/(?P<y>\d{2,4}))?"
            r"|[.-](?P<m2>\d{1,2})[.-](?P<y2>\d{2,4}))(?![\d/])"
        ),
    ),
    # 1st December, Monday 30th November, 1 Dec 2026
    (
        "day_month",
        re.compile(
            rf"(?:\b{_WEEKDAY}\s+)?\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}"
            rf"(?:\s+(?P<y>\d{{4}}))?(?![a-z])"
        ),
    ),
    # December 1st
    (
        "month_day",
        re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}(?:,?\s+(?P<y>\d{{4}}))?\b"),
    ),
    # Monday 30th
    ("weekday_day", re.compile(rf"\b(?:next\s+)?{_WEEKDAY}\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\b")),
    # Monday, next Monday
    ("weekday", re.compile(rf"\b(?P<next>next\s+)?{_FULL_WEEKDAY}\b")),
    # the 30th
    ("ordinal", re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)\b")),
    ("tomorrow", re.compile(r"\b(?P<after>day after )?tomorrow\b")),
    (
        "now",
        re.compile(
            r"\b(?:now|today|tonight|immediately|immediate|straight away|right away|asap)\b"
        ),
    ),
]


@dataclass
class DateMention:
    """A date a reply gives for a bed, where it stands in the text."""

    date: date | None  # None: now
    kind: str
    start: int
    end: int
    consistent: bool = True


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(today: date, month: int, day: int) -> date | None:
    # A date without a year is the nearest one that is not long past.
    for year in (today.year, today.year + 1):
        found = _safe_date(year, month, day)
        if found is not None and found >= today - timedelta(days=60):
            return found
    return None


def _next_day_of_month(today: date, day: int) -> date | None:
    year, month = today.year, today.month
    for _ in range(13):
        found = _safe_date(year, month, day)
        if found is not None and found >= today:
            return found
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return None


def _next_weekday(today: date, weekday: int, strictly_after: bool = False) -> date:
    days = (weekday - today.weekday()) % 7
    if strictly_after and days == 0:
        days = 7
    return today + timedelta(days=days)


def find_dates(clause: str, today: date) -> list[DateMention]:
    """Every date in a lower-case clause, first to last; overlapping readings are settled
    in the order of `_DATE_PATTERNS` (the most explicit first)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(clause):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            when = _resolve(kind, m, today)
            if when is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(when)
    found.sort(key=lambda w: w.start)
    return found


def _resolve(kind: str, m: re.Match[str], today: date) -> DateMention | None:
    groups = m.groupdict()
    resolved: date | None
    consistent = True
    if kind == "now":
        resolved = None
    elif kind == "tomorrow":
        resolved = today + timedelta(days=2 if groups.get("after") else 1)
    elif kind == "weekday":
        resolved = _next_weekday(today, WEEKDAYS[groups["weekday"]], bool(groups.get("next")))
    elif kind == "ordinal":
        resolved = _next_day_of_month(today, int(groups["d"]))
        if resolved is None:
            return None
    elif kind == "weekday_day":
        resolved = _next_day_of_month(today, int(groups["d"]))
        if resolved is None:
            return None
        consistent = resolved.weekday() == WEEKDAYS[groups["weekday"]]
    else:
        day = int(groups["d"])
        if kind == "numeric":
            month = int(groups.get("m") or groups.get("m2") or 0)
        else:
            month = MONTHS[groups["month"]]
        year_text = groups.get("y") or groups.get("y2")
        if year_text:
            year = int(year_text)
            resolved = _safe_date(year + 2000 if year < 100 else year, month, day)
        else:
            resolved = _year_for(today, month, day)
        if resolved is None:
            return None
        if groups.get("weekday"):
            consistent = resolved.weekday() == WEEKDAYS[groups["weekday"]]
    if resolved is not None and resolved <= today:
        resolved = None  # on or before the day it was sent: available now
    return DateMention(resolved, kind, m.start(), m.end(), consistent)
