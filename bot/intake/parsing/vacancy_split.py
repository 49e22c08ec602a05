"""Beds of one mention broken down by when each is free: "2 beds - 1 available today, 1
from Monday 14/12" is one bed now and one from the 14th.

Kept apart from vacancy.py, the same shape as the splits by gender and by placement type:
the parts must each name one count and one date, and their counts must add up to the
total stated, otherwise nothing is split (the caller reads one entry, or doubts).
"""

from __future__ import annotations

import re
from datetime import date

from bot.intake.parsing.availability import find_dates
from bot.intake.parsing.numbers import number

# A count that starts a part: "1 today", "one from Monday", "1 bed available 14/12".
_PART = re.compile(
    r"\b(?P<count>\d{1,2}|one|two|three|four|five|six)\s+"
    r"(?=(?:(?:beds?|places?|spaces?)\s+)?(?:(?:is|are|will\s+be)\s+)?"
    r"(?:(?:available|free|vacant|ready)\s+)?(?:from\s+)?[a-z0-9])"
)


def split_by_date(
    lower: str, outside: tuple[int, int], total: int, today: date
) -> list[tuple[int, date | None]]:
    """[(count, date or None for now)] when two or more counts outside the mention, each
    followed by one date, add up to `total`; [] otherwise."""
    starts = [m for m in _PART.finditer(lower) if not (outside[0] <= m.start() < outside[1])]
    starts = [m for m in starts if m.start() >= outside[1]]  # the breakdown follows the total
    if len(starts) < 2:
        return []
    parts: list[tuple[int, date | None]] = []
    ends = [m.start() for m in starts[1:]] + [len(lower)]
    for m, end in zip(starts, ends, strict=True):
        count = number(m.group("count"))
        found = find_dates(lower[m.end() : end], today)
        if count is None or len({w.date for w in found}) != 1 or found[0].start > 30:
            return []
        parts.append((count, found[0].date))
    if sum(c for c, _ in parts) != total:
        return []
    return [(c, when) for c, when in parts if c > 0]
