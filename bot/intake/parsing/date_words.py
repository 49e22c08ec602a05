"""Dates written out in words ("the second of February twenty twelve"), rewritten as the
digits the date reader knows ("2 February 2012").

Some writers (and dictation software) spell dates out in full. Rewriting them before the
day-first reader runs keeps one reader for every form, rather than a second grammar.
Only a day word tied to a month's name is rewritten ("the tenth of April", "April the
tenth"), and a year in words only straight after a month's name, so "the second time" or
"twenty minutes" are left as they are.
"""

from __future__ import annotations

import re

from bot.intake.parsing.calendar_words import MONTH_NAMES
from bot.intake.parsing.numbers import number

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
ORDINALS: dict[str, int] = {
    **{word: n for n, word in enumerate(_UNITS, start=1)},
    **{word: n for n, word in enumerate(_TEENS, start=10)},
    "twentieth": 20,
    **{f"twenty{sep}{word}": 20 + n for n, word in enumerate(_UNITS, start=1) for sep in "- "},
    "thirtieth": 30,
    "thirty-first": 31,
    "thirty first": 31,
}
_ORD = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in ORDINALS), key=len)[::-1])
_MONTH = rf"(?:{MONTH_NAMES})"

# "the second of February", "second day of February"; "February the second".
_DAY_OF_MONTH = re.compile(rf"\b(?:the\s+)?({_ORD})\s+(?:day\s+)?of\s+({_MONTH})\b", re.I)
_MONTH_THE_DAY = re.compile(rf"\b({_MONTH})\s+the\s+({_ORD})\b", re.I)

# A year in words straight after a day and month: "2 February twenty twelve",
# "2 February two thousand and twelve", "10 April twenty twenty-six".
_SMALL = r"[a-z]+(?:[\s-][a-z]+)?"
_YEAR_AFTER = re.compile(
    rf"(\d{{1,2}}\s+{_MONTH})(,?\s+)"
    rf"(two\s+thousand(?:\s+and)?(?:\s+({_SMALL}))?|(twenty|nineteen)[\s-](oh[\s-])?({_SMALL}))\b",
    re.I,
)


def _ordinal(word: str) -> int:
    return ORDINALS[re.sub(r"\s+", " ", word.lower())]


def _year(m: re.Match[str]) -> str:
    """The year's digits, or the words unchanged when they are not a year."""
    if m.group(5):  # "twenty twelve", "nineteen ninety-nine", "twenty oh nine"
        tail = number(m.group(7))
        century = 20 if m.group(5).lower() == "twenty" else 19
        if tail is None or (m.group(6) is None and tail < 10) or tail > 99:
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{century * 100 + tail}"
    tail = number(m.group(4)) if m.group(4) else 0  # "two thousand and twelve"
    if tail is None or tail > 99:
        return m.group(0)
    return f"{m.group(1)}{m.group(2)}{2000 + tail}"


def spell_out_dates(text: str) -> str:
    """`text` with dates in words rewritten in digits; all else untouched."""
    text = _DAY_OF_MONTH.sub(lambda m: f"{_ordinal(m.group(1))} {m.group(2)}", text)
    text = _MONTH_THE_DAY.sub(lambda m: f"{_ordinal(m.group(2))} {m.group(1)}", text)
    return _YEAR_AFTER.sub(_year, text)
