"""Initials after "the young person is", and approval said as "came through"/"in place"."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import LONDON
from bot.intake.parsing import prose
from bot.intake.parsing.status import sos_approval, sos_in_text


def test_initials_after_the_noun_and_is() -> None:
    parts = prose.sentences("The child is MW and she is fifteen.")
    assert prose.initials(parts) == "MW"


def test_an_abbreviation_after_is_is_not_initials() -> None:
    parts = prose.sentences("The young person is OK for now at her aunt's.")
    assert prose.initials(parts) is None


def test_approval_that_came_through_is_granted() -> None:
    text = "We asked the Secretary of State and approval came through on Tuesday."
    assert sos_in_text(text) == "granted"
    assert sos_approval("DfE approval in place") == "granted"


def test_approval_not_yet_through_is_not_granted() -> None:
    assert sos_approval("SoS approval requested, hasn't come through yet") == "sought"


def test_a_past_hearing_then_the_next_one() -> None:
    sent = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)
    text = "Interim order made in court on Thursday 19/11, back in court 03/12/2026 at 2pm"
    assert prose.court_date(prose.sentences(text), sent) == datetime(
        2026, 12, 3, 14, 0, tzinfo=LONDON
    )
