"""Replies to alert texts, as rules: what is an ACK and what it names, numbers in one form,
and which alerts a reply acknowledges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.sms_reply import (
    AckReply,
    TextedAlert,
    choose_alerts,
    normalise_number,
    parse_ack,
    people_with_number,
)

T = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ACK", AckReply()),
        ("ack", AckReply()),
        ("  Ack.  ", AckReply()),
        ("ACK!!", AckReply()),
        ("ACK, on it", AckReply()),
        ("ACK on it, back at 22:30", AckReply()),  # numbers in prose name nothing
        ("ACK 12", AckReply(alerts=(12,))),
        ("ack12", AckReply(alerts=(12,))),
        ("ACK #12, 13", AckReply(alerts=(12, 13))),
        ("ACK 12,13 and 12", AckReply(alerts=(12, 13))),
        ("ACK alert 7.", AckReply(alerts=(7,))),
        ("ACK swcu-2026-0042 on my way", AckReply(references=("SWCU-2026-0042",))),
        ("ACK 3 SWCU-2026-0042", AckReply(alerts=(3,), references=("SWCU-2026-0042",))),
    ],
)
def test_an_ack_and_what_it_names(text: str, expected: AckReply) -> None:
    assert parse_ack(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "OK", "Acknowledged", "ACKed", "Who is this?",
                                  "STOP", "yes ACK", "NACK", "Ack’d"])
def test_anything_else_is_not_an_ack(text: str) -> None:
    assert parse_ack(text) is None


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("07700 900001", "+447700900001"),
        ("07700900001", "+447700900001"),
        ("447700900001", "+447700900001"),
        ("+447700900001", "+447700900001"),
        ("+44 (0)7700 900001", "+447700900001"),
        ("0044 7700 900001", "+447700900001"),
        ("07700-900-001", "+447700900001"),
        ("+1 415 555 0100", "+14155550100"),
        ("12345", None),
        ("7700900001", None),  # no trunk prefix, no country: not comparable
        ("", None),
        ("not a number", None),
    ],
)
def test_numbers_are_compared_in_one_form(written: str, normal: str | None) -> None:
    assert normalise_number(written) == normal


def test_the_people_with_the_senders_number() -> None:
    people = {"ann": "07700 900001", "bob": None, "cat": "+447700900003",
              "dan": "07700900003"}
    assert people_with_number(people, "447700900001") == ("ann",)
    assert people_with_number(people, "+44 7700 900003") == ("cat", "dan")  # a shared phone
    assert people_with_number(people, "07700900009") == ()
    assert people_with_number(people, "garbage") == ()


def texted(alert_id: int, minutes: float, reference: str = "SWCU-2026-0042",
           acknowledged: bool = False) -> TextedAlert:
    return TextedAlert(alert_id, reference, T + timedelta(minutes=minutes), acknowledged)


def test_a_bare_ack_answers_every_open_alert_texted_before_it_in_the_window() -> None:
    alerts = [
        texted(1, -13 * 60),  # before the window: the chain ran long ago
        texted(2, -30),
        texted(3, -20, acknowledged=True),
        texted(4, -5, "SWCU-2026-0043"),
        texted(5, +1),  # texted after the reply: not what it answered
    ]
    assert choose_alerts(AckReply(), alerts, T) == [2, 4]


def test_a_named_alert_or_reference_picks_only_those_texted_to_that_number() -> None:
    alerts = [texted(2, -30), texted(4, -5, "SWCU-2026-0043"),
              texted(6, -60, "SWCU-2026-0040", acknowledged=True), texted(7, +2)]
    assert choose_alerts(AckReply(alerts=(4,)), alerts, T) == [4]
    assert choose_alerts(AckReply(references=("SWCU-2026-0042",)), alerts, T) == [2]
    assert choose_alerts(AckReply(alerts=(6,)), alerts, T) == [6]  # again: harmless
    assert choose_alerts(AckReply(alerts=(99,)), alerts, T) == []  # not texted to them
    assert choose_alerts(AckReply(alerts=(7,)), alerts, T) == []  # texted after the reply


def test_an_alert_texted_twice_is_chosen_once() -> None:
    alerts = [texted(2, -30), texted(2, -15)]  # to the same phone at two stages
    assert choose_alerts(AckReply(), alerts, T) == [2]
