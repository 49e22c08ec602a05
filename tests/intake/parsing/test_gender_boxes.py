"""Gender answered with tick boxes, or after the initials on one line."""

from __future__ import annotations

import pytest

from bot.intake.parsing import ParseContext, parse_message

from .test_prose import email


def _gender(body: str, ctx: ParseContext) -> tuple[str | None, str]:
    msg = parse_message(email("Initials: P.Q.\nRisks: CCE\n" + body), ctx)
    assert msg.referral is not None
    return msg.referral.child.gender, " ".join(msg.warnings)


@pytest.mark.parametrize(
    "line, code",
    [
        ("Gender: ☐ Female ☒ Male ☐ Non-binary", "male"),
        ("Gender: ☐ Male  ☐ Female  ☒ Non-binary", "non_binary"),
        ("Sex: Male [ ]  Female [x]", "female"),
        ("Gender: (x) F  ( ) M  ( ) Other", "female"),
    ],
)
def test_the_ticked_box_is_the_gender(fake_ctx: ParseContext, line: str, code: str) -> None:
    assert _gender(line + "\n", fake_ctx)[0] == code


def test_no_box_ticked_reads_no_gender_and_says_so(fake_ctx: ParseContext) -> None:
    gender, warnings = _gender("Gender: ☐ Female ☐ Male ☐ Non-binary\n", fake_ctx)
    assert gender is None and "no box ticked" in warnings


def test_two_boxes_ticked_read_no_gender(fake_ctx: ParseContext) -> None:
    gender, warnings = _gender("Gender: [x] Female [x] Male\n", fake_ctx)
    assert gender is None and "more than one box" in warnings


def test_a_gender_between_slashes_after_the_initials(fake_ctx: ParseContext) -> None:
    msg = parse_message(email("YP: T.N. / F / dob 02/05/2012\nRisks: CSE\n"), fake_ctx)
    assert msg.referral is not None
    assert (msg.referral.child.initials, msg.referral.child.gender) == ("TN", "female")
