"""An answer still to come ("TBC", "to follow") is not an answer, and nothing is invented
from it: not "none known" for a list, not "now" for when the bed is needed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.intake.parsing import ParseContext, parse_message
from bot.intake.parsing.dates import parse_when
from bot.intake.parsing.vocab import risks, says_not_given

SENT = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        ("to follow - the planning meeting is this afternoon", None),
        ("TBC (awaiting the police's report)", None),
        ("hard to say yet", None),  # words we do not know: not read, never "none"
        ("none known at this stage", []),
        ("None identified - no previous involvement", []),
        ("nil so far", []),
        ("none, though she has self-harmed before", ["self_harm"]),
        ("TBC, but CSE is strongly suspected", ["cse"]),
    ],
)
def test_a_list_says_none_only_when_it_says_so(value: str, codes: list[str] | None) -> None:
    assert risks(value)[0] == codes


@pytest.mark.parametrize(
    "value", ["TBC - I will let you know", "to be confirmed; court first", "Awaiting (panel)"]
)
def test_a_single_answer_still_to_come(value: str) -> None:
    assert says_not_given(value)


@pytest.mark.parametrize("value", ["Friday, TBC", "by 5pm today", "Tomorrow 10:00"])
def test_an_answer_that_only_mentions_tbc_later_is_an_answer(value: str) -> None:
    assert not says_not_given(value)


@pytest.mark.parametrize("text", ["he can stay where he is for now", "she is settled just now"])
def test_for_now_is_not_immediately(text: str) -> None:
    when, _ = parse_when(text, SENT)
    assert when is None or not when.now


def test_a_form_with_answers_to_come_is_missing_them(ctx: ParseContext) -> None:
    raw = (
        b"From: Dana Lowe <dana.lowe@hants-cs.test>\r\nTo: referrals@swcu.test\r\n"
        b"Subject: Secure referral\r\nDate: Wed, 18 Nov 2026 10:00:00 +0000\r\n"
        b"Message-ID: <tbc-1@hants-cs.test>\r\n\r\n"
        b"Placing authority: Hampshire\r\nInitials: P.N.\r\nDOB: 02/02/2011\r\n"
        b"Gender: Male\r\nLegal status: s25 interim order\r\n"
        b"Bed needed: TBC - his carers can keep him for now, I will confirm\r\n"
        b"Risks: to follow after today's strategy meeting, but see below\r\n"
    )
    parsed = parse_message(raw, ctx)
    assert parsed.referral is not None
    assert parsed.referral.needed_by is None and not parsed.referral.needed_now
    assert parsed.referral.risks is None
    assert {"needed_by", "risks"} <= set(parsed.missing)
