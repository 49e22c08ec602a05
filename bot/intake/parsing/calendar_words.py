"""The names people write for months and days, in full and cut short, to their numbers.

Every reader of dates here (referral fields, vacancy replies, dates in words) builds on
these; they live apart from the date reader so that its helpers can share them.
"""

from __future__ import annotations

from collections.abc import Iterable

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tues", "tue"),
            ("wednesday", "wed"),
            ("thursday", "thurs", "thur", "thu"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}


def names_pattern(names: Iterable[str]) -> str:
    """A regex alternation of the names, longest first so that "sept" wins over "sep"."""
    return "|".join(sorted(names, key=len, reverse=True))


MONTH_NAMES = names_pattern(MONTHS)
WEEKDAY_NAMES = names_pattern(WEEKDAYS)
FULL_WEEKDAY_NAMES = names_pattern(n for n in WEEKDAYS if n.endswith("day"))
