"""When a bed is free, as homes write it (Monday 23 Nov 2026 is "today")."""

from __future__ import annotations

from datetime import date

import pytest

from bot.intake.parsing.availability import find_dates

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("free from tuesday", date(2026, 11, 24)),
        ("from thurs 26th", date(2026, 11, 26)),
        ("from 1st dec", date(2026, 12, 1)),
        ("from sept 3rd", date(2027, 9, 3)),  # no year: the next one not long past
        ("from 24/11", date(2026, 11, 24)),
        ("day after tomorrow", date(2026, 11, 25)),
        ("from 20/11", None),  # before the reply was sent: free now
        ("available now", None),
    ],
)
def test_the_date_a_bed_is_free_from(text: str, expected: date | None) -> None:
    assert [m.date for m in find_dates(text, TODAY)] == [expected]


def test_a_short_weekday_alone_is_not_taken_for_a_date() -> None:
    # "thur" beside a day of the month is read; alone it could be anything.
    assert find_dates("from thur", TODAY) == []


def test_a_weekday_that_disagrees_with_its_date_is_marked() -> None:
    [mention] = find_dates("from monday 1st", TODAY)  # the 1st of December is a Tuesday
    assert mention.date == date(2026, 12, 1) and not mention.consistent


def test_several_dates_come_first_to_last_with_where_they_stand() -> None:
    text = "one bed from 1st dec and one from tomorrow"
    found = find_dates(text, TODAY)
    assert [m.date for m in found] == [date(2026, 12, 1), date(2026, 11, 24)]
    assert [text[m.start : m.end] for m in found] == ["1st dec", "tomorrow"]
