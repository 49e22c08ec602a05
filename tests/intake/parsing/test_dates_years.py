"""Years of dates written without one, and numbers after a date that are its time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.intake.parsing.dates import parse_dob, parse_when

SENT = datetime(2026, 10, 30, 17, 15, tzinfo=UTC)  # a Friday evening


def _day(text: str) -> tuple[date, int, int]:
    when, warning = parse_when(text, SENT)
    assert warning is None and when is not None and when.at is not None
    return when.at.date(), when.at.hour, when.at.minute


def test_a_time_after_a_comma_is_not_a_two_digit_year() -> None:
    assert _day("Sunday 1 November, 09:30") == (date(2026, 11, 1), 9, 30)


def test_a_twenty_four_hour_time_is_not_a_year() -> None:
    assert _day("2 Nov 1530hrs") == (date(2026, 11, 2), 15, 30)
    assert _day("Nov 2nd, 0800hrs") == (date(2026, 11, 2), 8, 0)


def test_an_hour_before_noon_is_not_a_year() -> None:
    assert _day("31 October 12 noon") == (date(2026, 10, 31), 12, 0)


def test_a_day_without_a_year_is_its_next_coming() -> None:
    assert _day("3rd Jan at 10am") == (date(2027, 1, 3), 10, 0)
    assert _day("Jan 3rd, 10am") == (date(2027, 1, 3), 10, 0)


def test_years_written_in_full_or_as_an_export_stay() -> None:
    assert _day("5 November 2026 at 2pm") == (date(2026, 11, 5), 14, 0)
    assert _day("05-Nov-26") == (date(2026, 11, 5), 0, 0)


def test_a_birth_date_keeps_its_two_digit_year() -> None:
    assert parse_dob("4 March 12", date(2026, 10, 30)) == (date(2012, 3, 4), None)


def test_a_bed_label_says_when_it_is_needed_with_the_month_first() -> None:
    from bot.intake.parsing.labels import split_label

    found = split_label("Bed - if granted we'd move her on the Tuesday, Nov 3rd, by 10am")
    assert found is not None and found[0] == "needed_by"
    assert _day(found[2]) == (date(2026, 11, 3), 10, 0)
