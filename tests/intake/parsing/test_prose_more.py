"""Prose readings: an age after "she's"; a writer's wish is not when a bed is needed."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.intake.parsing import prose

SENT = datetime(2026, 4, 7, 9, 30, tzinfo=UTC)


def test_age_after_a_contracted_pronoun() -> None:
    assert prose.age(prose.sentences("Hello. He's sixteen, and lives with his nan.")) == 16


def test_wanted_to_tell_you_now_is_not_a_bed_needed_now() -> None:
    parts = prose.sentences("Just an early heads up. I wanted to let you know about him now.")
    assert prose.needed(parts, SENT) is None


def test_a_bed_wanted_tonight_is_still_read() -> None:
    parts = prose.sentences("A secure bed is wanted tonight if possible.")
    assert prose.needed(parts, SENT) is not None


def test_a_bare_hour_after_at_is_a_time() -> None:
    from bot.intake.parsing.dates import parse_when

    when, _ = parse_when("court on Thursday at 11, Leeds", SENT)
    assert when is not None and when.at is not None and when.at.hour == 11
    when, _ = parse_when("listed Thursday at 2", SENT)
    assert when is not None and when.at is not None and when.at.hour == 14


def test_a_number_that_goes_on_is_not_an_hour() -> None:
    from bot.intake.parsing.dates import parse_when

    when, _ = parse_when("Thursday at 12 Station Road", SENT)
    assert when is not None and when.at is not None and when.at.hour == 0


def test_initials_before_the_particulars_in_a_terse_note() -> None:
    assert prose.initials(prose.sentences("Out of hours.\nKT - female - 14\nneeds a bed")) == "KT"
    assert prose.initials(prose.sentences("a bed for AB dob 1/2/2011 please")) == "AB"
    assert prose.initials(prose.sentences("RM (15) male, at the station")) == "RM"


def test_the_dotted_dob_label_is_not_initials_and_its_date_is_read() -> None:
    parts = prose.sentences("PQ, D.O.B. 03/04/2011, boy")
    assert prose.initials(parts) == "PQ"
    text = prose.date_of_birth_text(parts)
    assert text is not None and "03/04/2011" in text


def test_a_word_in_capitals_before_particulars_is_not_initials() -> None:
    assert prose.initials(prose.sentences("EDT - male worker on shift")) is None
