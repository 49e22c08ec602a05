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
