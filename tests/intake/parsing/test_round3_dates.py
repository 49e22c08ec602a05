"""Relative days and dates written out in words."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.clock import LONDON
from bot.intake.parsing import prose
from bot.intake.parsing.date_words import spell_out_dates
from bot.intake.parsing.dates import parse_dob, parse_when

TUE = datetime(2026, 12, 1, 14, 50, tzinfo=UTC)  # a Tuesday, GMT


def test_the_first_relative_day_named_wins_over_a_later_tomorrow() -> None:
    # A hearing line run on into the bed line must keep the hearing's own day.
    when, _ = parse_when("heard on Thursday at 11.00 in chambers. Bed needed tomorrow", TUE)
    assert when is not None and when.at == datetime(2026, 12, 3, 11, 0, tzinfo=LONDON)


def test_tomorrow_before_a_weekday_is_still_tomorrow() -> None:
    when, _ = parse_when("tomorrow 9am, then review on Monday", TUE)
    assert when is not None and when.at == datetime(2026, 12, 2, 9, 0, tzinfo=LONDON)


def test_this_and_next_weekday_from_a_tuesday() -> None:
    this_fri, _ = parse_when("this Friday", TUE)
    next_tue, _ = parse_when("next Tuesday", TUE)
    assert this_fri is not None and this_fri.at is not None
    assert next_tue is not None and next_tue.at is not None
    assert this_fri.at.date().isoformat() == "2026-12-04"
    assert next_tue.at.date().isoformat() == "2026-12-08"


@pytest.mark.parametrize(("words", "digits"), [
    ("the third of June 2013", "3 June 2013"),
    ("the twenty-ninth of October two thousand and ten", "29 October 2010"),
    ("November the eleventh, twenty eleven", "11 November, 2011"),
    ("first day of July twenty oh nine", "1 July 2009"),
])
def test_dates_in_words_become_digits(words: str, digits: str) -> None:
    assert spell_out_dates(words) == digits


@pytest.mark.parametrize("text", [
    "the second time she went missing",
    "on 4 May twenty minutes after the call",
    "first thing on Monday",
])
def test_words_that_are_not_dates_are_untouched(text: str) -> None:
    assert spell_out_dates(text) == text


def test_a_birth_date_in_words() -> None:
    dob, warning = parse_dob("the seventh of August twenty thirteen", TUE.date())
    assert warning is None and dob is not None and dob.isoformat() == "2013-08-07"


def test_a_hearing_in_words_when_the_matter_returns() -> None:
    text = "The case returns on the fifteenth of December at half past ten."
    assert prose.court_date(prose.sentences(text), TUE) == datetime(
        2026, 12, 15, 10, 30, tzinfo=LONDON
    )
