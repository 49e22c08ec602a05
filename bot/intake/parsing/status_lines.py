"""A form's legal status answers: which one states the status, and the next hearing in it.

Forms may ask more than one question that reads as a legal status ("Legal history: s.20
until November, now an interim care order" above "Secure status: interim secure
accommodation order made 12/01, returns 26/01 at 10:00"). The first answer that names a
status is the status; a history that names none is not an unrecognised status. An order
made for a while comes back to court: the return date written in the status answer is the
court date, as a pending application's hearing is.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.intake.parsing.dates import london_day, parse_when
from bot.intake.parsing.status import hearing_in_status, legal_status_answer

# "returns 26/01", "return date 26/01", "next hearing 26/01", "back in court on 26/01",
# "listed for review 26/01": what follows is the next hearing.
_RETURN = re.compile(
    r"\b(?:returns?(?:\s+date)?|next\s+hearing|back\s+(?:in|at|to|before)\s+(?:the\s+)?"
    r"(?:court|judge)|review\s+hearing|listed)\b",
    re.I,
)


def stated_status(values: list[str], warnings: list[str]) -> tuple[str | None, str | None]:
    """(code, the answer it came from): the first answer naming a status; else (None, the
    first answer), so the caller can say it was not recognised."""
    answers = [v for v in values if v.strip()]
    for answer in answers:
        # Warnings only for the answer that is kept: a history's words are not a status.
        said: list[str] = []
        if (code := legal_status_answer(answer, said)) is not None:
            warnings.extend(said)
            return code, answer
    if answers:
        legal_status_answer(answers[0], warnings)
    return None, (answers[0] if answers else None)


def return_date(value: str, sent_at: datetime) -> datetime | None:
    """The next hearing a status answer names ("made 12/01, returns 26/01 at 10:00"), or
    None. Nothing is warned: most status answers name no hearing, and a return "TBC" or
    a past day is no court date to come."""
    text = hearing_in_status(value)
    m = _RETURN.search(text)
    if m is None:
        return None
    when, _warning = parse_when(text[m.end() :], sent_at)
    if when is None or when.now or when.at is None:
        return None
    return when.at if london_day(when.at) >= london_day(sent_at) else None
