"""Secretary of State approval said in a sentence that the sender's wrapping cut."""

from __future__ import annotations

from bot.intake.parsing.status import sos_approval, sos_in_text


def test_approval_granted_over_a_wrapped_line() -> None:
    text = "As she is eleven we wrote to the Secretary of State and\nthe approval came back today."
    assert sos_in_text(text) is None  # "came back" states no decision
    text = "As she is eleven we asked the Secretary of State, and\napproval was given on Monday."
    assert sos_in_text(text) == "granted"


def test_a_capitalised_next_line_is_another_sentence() -> None:
    assert sos_in_text("Secretary of State\nApproved homes list attached") is None


def test_approval_still_to_come_is_sought() -> None:
    assert sos_approval("hasn't been approved yet, request submitted") == "sought"
    assert sos_approval("Not yet agreed - DfE chasing") != "granted"  # kept as written
    assert sos_approval("Approved by DfE 02/03") == "granted"
