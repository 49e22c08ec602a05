"""A request written as a sentence is not a label waiting for the lines below it."""

from __future__ import annotations

from bot.intake.parsing.labels import read_form


def test_request_sentence_does_not_take_the_signature_as_its_value() -> None:
    pairs = read_form(["Avoid Luton please.", "", "Jo Bloggs SW", "07700 900000"]).pairs
    assert all(p.field not in ("avoid", "avoid_areas") for p in pairs)
