"""Hearing dates in sentences: hard-wrapped prose, the date before the hearing word, and
the tail of a wrapped sentence that looks like a label."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import LONDON
from bot.intake.parsing import prose
from bot.intake.parsing.labels import split_label

SENT = datetime(2026, 6, 8, 10, 0, tzinfo=UTC)  # a Monday


def _court(text: str) -> datetime | None:
    return prose.court_date(prose.sentences(text), SENT)


def test_a_sentence_wrapped_before_a_capital_stays_one_sentence() -> None:
    text = (
        "We made the application last week and it is due to be heard by the bench at the\n"
        "Newport Road Family Court on Thursday 11 June at 10am."
    )
    assert len(prose.sentences(text)) == 1


def test_a_wrapped_line_ending_on_a_preposition_joins_the_next() -> None:
    text = "The matter will be heard on\nWednesday 10 June at 2pm."
    assert _court(text) == datetime(2026, 6, 10, 14, 0, tzinfo=LONDON)


def test_label_lines_and_bullets_still_start_afresh() -> None:
    text = (
        "Placing authority: Anytown Borough Council and its neighbours in the region\n"
        "Gender: female\n"
        "• a list item that runs on well past the usual wrapping width of the text\n"
        "• Another item"
    )
    assert len(prose.sentences(text)) == 4


def test_will_be_heard_is_a_hearing() -> None:
    assert _court("The application will be heard at the county court on 12/06 at 11am.") == (
        datetime(2026, 6, 12, 11, 0, tzinfo=LONDON)
    )


def test_a_date_before_the_hearing_word_in_the_same_sentence() -> None:
    text = "We go back before the judge on 19th June at 9.45am for the final hearing."
    assert _court(text) == datetime(2026, 6, 19, 9, 45, tzinfo=LONDON)


def test_a_return_date_is_a_hearing() -> None:
    assert _court("Interim order made; return date 22/06/2026 15:00") == datetime(
        2026, 6, 22, 15, 0, tzinfo=LONDON
    )


def test_a_welsh_hearing_word() -> None:
    assert _court("Mae'r gwrandawiad ar 16/06/2026 am 2pm.") == datetime(
        2026, 6, 16, 14, 0, tzinfo=LONDON
    )


def test_the_lower_case_tail_of_a_wrapped_sentence_is_not_a_label() -> None:
    assert split_label("final hearing.") is None
    assert split_label("Hearing") is not None


def test_a_bed_the_same_day_as_the_hearing_is_on_the_hearing_day() -> None:
    text = (
        "The application is listed for Friday 12 June at 10am. If it is granted we would "
        "need a secure bed the same day, by 4pm."
    )
    parts = prose.sentences(text)
    hearing = prose.court_date(parts, SENT)
    when = prose.needed(parts, SENT, hearing)
    assert when is not None and when.at == datetime(2026, 6, 12, 16, 0, tzinfo=LONDON)
    assert not when.now


def test_same_day_without_a_hearing_is_still_now() -> None:
    when = prose.needed(prose.sentences("We need a bed the same day please."), SENT)
    assert when is not None and when.now
