"""British dates and times as social workers write them.

Always day-first (dateutil's defaults are US-first, so it is not used here). Times are
Europe/London wall-clock; relative words ("tomorrow 10am", "Friday") count from the
message's own Date in London. Anything impossible or unreadable is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.clock import LONDON
from bot.intake.parsing.calendar_words import (
    FULL_WEEKDAY_NAMES,
    MONTH_NAMES,
    MONTHS,
    WEEKDAY_NAMES,
    WEEKDAYS,
    names_pattern,
)
from bot.intake.parsing.date_words import spell_out_dates
from bot.intake.parsing.numbers import number, number_pattern

# The calendar names are still offered from here, where their readers have long found them.
__all__ = [
    "FULL_WEEKDAY_NAMES",
    "MONTHS",
    "MONTH_NAMES",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "names_pattern",
]


_MONTH = rf"({MONTH_NAMES})\b\.?"
# A number after a date is its year only when it is not the time that follows: "Saturday
# 28 November, 12:00 midday" is noon on the 28th, not 28 November 2012 (nor is "1400hrs"
# a year).
_NOT_TIME = r"(?![:.]\d|\s*(?:am|pm|a\.m\.|p\.m\.|hrs|hours|h|noon|midday|o['’]?\s*clock)\b)"

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(?<![\d:.])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d:])")
_DAY_MONTH = re.compile(
    # "3rd of March 2011", "11-Aug-2010" (case systems' exports)
    r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?|-)"
    + _MONTH
    + r"(?:(?:,?\s+|-)(\d{4}|\d{2})\b"
    + _NOT_TIME
    + ")?",
    re.I,
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b" + _NOT_TIME + ")?", re.I
)
_TIME_HM = re.compile(r"(?<![\d/.])(\d{1,2})[:.](\d{2})\s*(am|pm|a\.m\.|p\.m\.)?(?![\d/])", re.I)
_TIME_AMPM = re.compile(r"\b(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)", re.I)
_TIME_HRS = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(?:hrs|hours|h)\b", re.I)
_NOON = re.compile(r"\b(noon|midday|lunchtime)\b", re.I)
_FIRST_THING = re.compile(r"\bfirst\s+thing\b", re.I)
_SPOKEN = re.compile(
    r"\b(?:(half\s+(?:past\s+)?)|(?:by|at|before|for)\s+)(" + number_pattern(12) + r")\b"
    r"(?(1)|\s*o['’]?\s*clock)",
    re.I,
)
# "the hearing is on Friday at 10": a bare hour after "at", ending the phrase, is a time
# (an hour before eight in the afternoon, as courts and offices keep). A number that goes
# on ("at 10 Downing Street", "at 14 miles") is not.
_BARE_HOUR = re.compile(
    r"\bat\s+(\d{1,2})(?=\s*(?:$|[.,;!?)]|[-–—]|\s(?:on|this|tomorrow|today|tonight|in\s+the|"
    r"and|if|before|please|at|with|for)\b))",
    re.I,
)
_EOD = re.compile(r"\b(end of (the )?(working )?day|close of (play|business)|cob|eod)\b", re.I)
# "Holding her for now" and "just now" say nothing about when the bed is needed.
_NOW = re.compile(
    r"\b(asap|a\.s\.a\.p|(?<!for )(?<!just )(?<!till )(?<!until )now|immediate(ly)?|"
    r"urgent(ly)?|as soon as possible|"
    r"straight ?away|right away|same day|today|tonight|this (evening|afternoon))\b",
    re.I,
)
_TODAY = re.compile(r"\b(today|tonight|this (morning|evening|afternoon))\b", re.I)
_TOMORROW = re.compile(r"\b(tomorrow|tmrw|tmr)\b", re.I)
_WEEKDAY = re.compile(rf"\b(next\s+|this\s+)?({WEEKDAY_NAMES})\b", re.I)
_WITHIN = re.compile(r"\bwithin\s+(\d{1,3})\s*(hours?|hrs?|days?)\b", re.I)


@dataclass(frozen=True)
class When:
    """A moment asked for: a London datetime, or "now"."""

    at: datetime | None = None
    now: bool = False
    has_time: bool = False


def local(day: date, at: time | None = None) -> datetime:
    """A London wall-clock moment as an aware datetime (GMT or BST as the date has it)."""
    return datetime.combine(day, at or time(0, 0), tzinfo=LONDON)


def london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def _year(text: str | None, ref: date, *, past: bool) -> int | None:
    if text is None:
        return None
    year = int(text)
    if len(text) == 2:
        # A birth date with "11" is 2011 unless that is in the future, then 1911-ish.
        year += 2000
        if past and year > ref.year:
            year -= 100
    return year


def _named_year(text: str | None, ref: date, *, past: bool) -> int | None:
    """The year after a month's name. A moment to come is this year or next, so a two-digit
    number far from the email's year ("Saturday 28 November 12 noon") is an hour, not a
    year: the day then takes the year of its next coming, never a year from elsewhere."""
    year = _year(text, ref, past=past)
    if year is not None and text is not None and len(text) == 2:
        if not past and abs(year - ref.year) > 1:
            return None
    return year


def find_date(
    text: str, ref: date, *, past: bool = False
) -> tuple[date | None, str | None, tuple[int, int] | None]:
    """The first calendar date in `text`: (date, warning, span). Day-first always.

    Dates in words are read too; the span is then within their rewriting in digits, so a
    caller that cuts the date out (`parse_when`) rewrites its text first."""
    text = spell_out_dates(text)
    candidates: list[tuple[int, int, int | None, int, int, int]] = []
    for m in _ISO.finditer(text):
        candidates.append(
            (m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3)), 0)
        )
    for m in _NUMERIC.finditer(text):
        if m.group(4) is None and m.group(2) == ".":
            continue  # "10.30" is a time, not the 10th of the 30th month
        if any(c[0] <= m.start() < c[1] for c in candidates):
            continue
        candidates.append(
            (
                m.start(),
                m.end(),
                _year(m.group(4), ref, past=past),
                int(m.group(3)),
                int(m.group(1)),
                0,
            )
        )
    for m in _DAY_MONTH.finditer(text):
        candidates.append(
            (
                m.start(),
                m.end(),
                # "11-Aug-10" (an export's form) always ends in its year.
                _year(m.group(3), ref, past=past)
                if m.group(3) and text[m.start(3) - 1] == "-"
                else _named_year(m.group(3), ref, past=past),
                MONTHS[m.group(2).lower()],
                int(m.group(1)),
                0,
            )
        )
    for m in _MONTH_DAY.finditer(text):
        if any(c[0] <= m.start() < c[1] for c in candidates):
            continue
        candidates.append(
            (
                m.start(),
                m.end(),
                _year(m.group(3), ref, past=past),
                MONTHS[m.group(1).lower()],
                int(m.group(2)),
                0,
            )
        )
    if not candidates:
        return None, None, None
    start, end, year, month, day, _ = min(candidates)
    raw = text[start:end].strip()
    explicit_year = year is not None
    if year is None:
        year = ref.year
    try:
        found = date(year, month, day)
    except ValueError:
        return None, f"impossible date '{raw}'", (start, end)
    if not explicit_year and not past and (ref - found).days > 180:
        found = found.replace(year=year + 1)  # "03/01" written in December means January
    return found, None, (start, end)


def find_time(text: str) -> time | None:
    m = _TIME_HM.search(text)
    if m:
        minute = int(m.group(2))
        hour = _twelve(int(m.group(1)), m.group(3))
        if hour is not None and hour < 24 and minute < 60:
            return time(hour, minute)
    m = _TIME_AMPM.search(text)
    if m:
        pm_hour = _twelve(int(m.group(1)), m.group(2))
        if pm_hour is not None and pm_hour < 24:
            return time(pm_hour, 0)
    m = _TIME_HRS.search(text)
    if m:
        return time(int(m.group(1)), int(m.group(2)))
    if _NOON.search(text):
        return time(12, 0)
    if _FIRST_THING.search(text):
        return time(9, 0)
    spoken = _SPOKEN.search(text)
    if spoken and (hour := number(spoken.group(2))) is not None and 1 <= hour <= 12:
        # "by half five", "at six o'clock": an hour before eight is in the afternoon.
        minute = 30 if spoken.group(1) else 0
        return time(hour + 12 if hour < 8 else hour, minute)
    if (bare := _BARE_HOUR.search(text)) and 1 <= (bare_hour := int(bare.group(1))) <= 23:
        return time(bare_hour + 12 if bare_hour < 8 else bare_hour, 0)
    if _EOD.search(text):
        return time(17, 0)
    return None


def _twelve(hour: int, suffix: str | None) -> int | None:
    if not suffix:
        return hour
    if hour < 1 or hour > 12:
        return None
    pm = suffix.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)


def parse_when(text: str, sent_at: datetime) -> tuple[When | None, str | None]:
    """A needed-by or hearing moment: (When, warning). `sent_at` anchors relative words."""
    today = london_day(sent_at)
    text = spell_out_dates(text)  # so the date's span below is within this text
    day, warning, span = find_date(text, today)
    if warning:
        return None, warning
    rest = text if span is None else text[: span[0]] + " " + text[span[1] :]
    at = find_time(rest)
    if day is None:
        within = _WITHIN.search(text)
        if within:
            n = int(within.group(1))
            delta = (
                timedelta(hours=n) if within.group(2).lower().startswith("h") else timedelta(days=n)
            )
            return When(at=(sent_at + delta).astimezone(LONDON), has_time=True), None
        # The first relative day named is the one meant: "listed this Friday ... bed from
        # tomorrow" (a wrapped line run on) is a Friday hearing, not tomorrow's.
        tomorrow, weekday = _TOMORROW.search(text), _WEEKDAY.search(text)
        if weekday and tomorrow and tomorrow.start() < weekday.start():
            weekday = None
        if tomorrow and weekday is None:
            day = today + timedelta(days=1)
        elif weekday:
            target = WEEKDAYS[weekday.group(2).lower()]
            ahead = (target - today.weekday()) % 7
            if weekday.group(1) and weekday.group(1).lower().startswith("next") and ahead == 0:
                ahead = 7
            day = today + timedelta(days=ahead)
        elif at is not None and not _NOW.search(re.sub(_TODAY, "", text)):
            day = today  # "by 5pm", "today 5pm", "end of day": a time alone means today
        elif _NOW.search(text):
            return When(at=sent_at.astimezone(LONDON), now=True, has_time=True), None
        else:
            return None, f"could not read a date in '{text.strip()[:60]}'"
    return When(at=local(day, at), has_time=at is not None), None


# "If the order is granted we would need a bed the same day": the day of the hearing
# named before, not the day of the email.
_SAME_DAY = re.compile(
    r"\b(?:the\s+same\s+day|that\s+(?:same\s+)?day|on\s+the\s+day|same\s+day\s+as\s+"
    r"(?:the\s+)?(?:hearing|court))\b",
    re.I,
)


def on_hearing_day(text: str, when: When | None, hearing: datetime | None) -> When | None:
    """`when` read from `text`, or the hearing's day when the text asks for the bed "the
    same day" and gives no date of its own (a time it gives is kept: "by 3pm")."""
    if hearing is None or not _SAME_DAY.search(text):
        return when
    if when is not None and not when.now and find_date(text, london_day(hearing))[0]:
        return when  # a date of its own wins
    at = find_time(_SAME_DAY.sub(" ", text))
    return When(at=local(london_day(hearing), at), has_time=at is not None)


def parse_dob(text: str, today: date) -> tuple[date | None, str | None]:
    day, warning, _ = find_date(text, today, past=True)
    if warning:
        return None, warning
    if day is None:
        return None, f"could not read a date of birth in '{text.strip()[:40]}'"
    if day > today:
        return None, f"date of birth '{text.strip()[:40]}' is in the future"
    return day, None


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
