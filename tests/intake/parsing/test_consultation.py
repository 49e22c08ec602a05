from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.intake.parsing.consultation import ConsultationAnswer, parse_consultation_reply


@pytest.mark.parametrize(
    "text",
    [
        "yes, can consider",
        "Yes",
        "We can consider this young person.",
        "Happy to consider",
        "Hi,\n\nWe would be happy to consider her.\n\nKind regards\nJo",
        "No problem, we can consider",
        "We are able to offer a bed",
    ],
)
def test_accept(text):
    assert parse_consultation_reply(text) == ConsultationAnswer("accept", None)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("decline \u2014 peer mix", "peer mix"),
        ("Decline - peer mix", "peer mix"),
        ("Unable to offer", None),
        ("not able to consider due to current group dynamics", "current group dynamics"),
        ("No, sorry", None),
        ("Hi Sam,\n\nNo, sorry.\n\nThanks", None),
        (
            "We would like to decline this referral as we have two young people with CCE concerns.",
            "we have two young people with CCE concerns",
        ),
        (
            "Unfortunately we are unable to consider this referral. "
            "The risk profile would not fit our current group.\n\nRegards",
            "The risk profile would not fit our current group",
        ),
        (
            "No, sorry - too many girls with CSE risk at the moment",
            "too many girls with CSE risk at the moment",
        ),
    ],
)
def test_decline_with_reason(text, reason):
    assert parse_consultation_reply(text) == ConsultationAnswer("decline", reason)


def test_quoted_history_is_ignored():
    text = (
        "Sorry, we cannot offer a bed due to staffing.\n\n"
        "-----Original Message-----\nFrom: SWCU\nSent: today\n\nCan you consider? yes, can consider"
    )
    assert parse_consultation_reply(text) == ConsultationAnswer("decline", "staffing")
    assert parse_consultation_reply("> we can consider\nNo, sorry") == ConsultationAnswer(
        "decline", None
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "Can you send the risk assessment?",
        "We need more information before we can consider",
        "Will discuss with the manager and come back to you",
        "Could you consider sending the care plan?",
    ],
)
def test_unclear(text):
    assert parse_consultation_reply(text) is None


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_never_raises(text):
    parse_consultation_reply(text)
