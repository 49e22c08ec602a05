"""A date said once as a heading over the bed lines under it.

Homes sometimes group their beds under a dated heading instead of dating each bed:

    Beds available today:
    1 welfare bed - boys only

    From Wednesday 10/06:
    1 justice bed - any gender

The second bed is free from the 10th, though its own line names no date. A heading is a
line ending with a colon that names a date and no counted bed; it reaches the lines under
it up to a blank line or the next heading. A bed line that names its own date keeps it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from bot.intake.parsing.availability import find_dates
from bot.intake.parsing.vacancy_words import clauses, mentions

_BLANK = re.compile(r"\n[ \t]*\n")


def _is_heading(line: str, today: date) -> bool:
    lower = line.strip().lower()
    return lower.endswith(":") and bool(find_dates(lower, today)) and not mentions(lower)


def headed_clauses(text: str, today: date) -> Iterator[tuple[str, str | None]]:
    """The text's clauses (`vacancy_words.clauses`), each with the dated heading it sits
    under (None when it sits under none)."""
    for paragraph in _BLANK.split(text):
        heading: str | None = None
        chunk: list[str] = []
        for line in [*paragraph.split("\n"), None]:
            if line is None or _is_heading(line, today):
                for clause in clauses("\n".join(chunk)):
                    yield clause, heading
                chunk = []
                if line is not None:
                    yield from ((c, None) for c in clauses(line))
                    heading = line
                continue
            chunk.append(line)


def names_its_own_date(clause: str, today: date) -> bool:
    """Whether a bed's clause says when itself ("now", "today" and "from Monday" all do)."""
    return bool(find_dates(clause.lower(), today))
