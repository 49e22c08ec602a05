"""Beds broken down by placement type in one answer, and by date in another: our quoted
check answered as "Beds available: 3 - 1 welfare, 2 justice" and "Available from:
welfare bed today, 1 justice today, the other justice bed from Thurs 24/9" is three beds,
one welfare and two justice, one of them free two days later.

The same shape as the other splits (vacancy_split, vacancy_types): each part of the date
answer names one type and at most one date, and the parts must add up, type by type, to
the counts the beds answer gave; otherwise nothing is split and the caller decides.
"""

from __future__ import annotations

import re
from datetime import date

from bot.intake.parsing.availability import find_dates
from bot.intake.parsing.numbers import number

_PARTS = re.compile(r",\s*|;\s*|\s+and\s+")
_TYPE = re.compile(r"\b(welfare|justice|remand|yjb|s\.?\s?25)\b")
_COUNT = re.compile(r"^\s*(?:the\s+)?(\d{1,2}|one|two|three|four|five|six)\b")
# "the other justice bed", "another": one bed; "the others", "the rest": what is left.
_ONE_MORE = re.compile(r"^\s*(?:the\s+other|another)\b(?!s)")
_REST = re.compile(r"^\s*(?:the\s+others|others|the\s+rest)\b")
_SINGULAR = re.compile(r"\b(?:bed|place|space|vacancy)\b")


def _kind(word: str) -> str:
    return "welfare" if word == "welfare" or "25" in word else "justice"


def split_dates_by_type(
    from_text: str, by_type: list[tuple[int, str]], today: date
) -> list[tuple[int, str, date | None]]:
    """[(count, type, date or None for now)] when every part of `from_text` names one
    type and at most one date and the counts add up to `by_type`; [] otherwise."""
    wanted: dict[str, int] = {}
    for count, kind in by_type:
        wanted[kind] = wanted.get(kind, 0) + count
    left = dict(wanted)
    out: list[tuple[int, str, date | None]] = []
    parts = [p for p in _PARTS.split(from_text.lower()) if p.strip()]
    if len(parts) < 2:
        return []
    for part in parts:
        types = {_kind(m.group(1)) for m in _TYPE.finditer(part)}
        dates = {d.date for d in find_dates(part, today)}
        if len(types) != 1 or len(dates) > 1:
            return []
        kind = types.pop()
        if kind not in left:
            return []
        m = _COUNT.match(part)
        if m is not None:
            count = number(m.group(1)) or 0
        elif _ONE_MORE.match(part):
            count = 1
        elif _REST.match(part) or not _SINGULAR.search(part):
            count = left[kind]  # "the rest", "justice today": what is left of the type
        else:
            count = 1  # "welfare bed today": one bed
        left[kind] -= count
        out.append((count, kind, dates.pop() if dates else None))
    if any(n != 0 for n in left.values()):
        return []
    return [(c, k, d) for c, k, d in out if c > 0]
