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
