"""Relative days and dates written out in words."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import LONDON
from bot.intake.parsing.dates import parse_when

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
