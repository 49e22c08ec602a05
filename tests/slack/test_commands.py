"""`/swcu` text → what was asked, without Slack."""

from __future__ import annotations

import pytest

from bot.slack.commands import USAGE, Command, Usage, parse_command


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Command("help")),
        ("help", Command("help")),
        ("  REFERRALS ", Command("referrals")),
        ("list", Command("referrals")),
        ("referral swcu-2026-0042", Command("referral", "SWCU-2026-0042")),
        ("edit SWCU-2026-0042", Command("edit", "SWCU-2026-0042")),
        ("new", Command("new")),
        ("match SWCU-2026-7", Command("match", "SWCU-2026-7")),
        ("send SWCU-2026-0042", Command("send", "SWCU-2026-0042")),
        (
            "consult SWCU-2026-0042 HAR SEV",
            Command("consult", "SWCU-2026-0042", homes=("HAR", "SEV")),
        ),
        (
            "consult SWCU-2026-0042 Harbour Point, Severn Lodge",
            Command("consult", "SWCU-2026-0042", homes=("Harbour Point", "Severn Lodge")),
        ),
        (
            'consult SWCU-2026-0042 "Harbour Point" SEV',
            Command("consult", "SWCU-2026-0042", homes=("Harbour Point", "SEV")),
        ),
        (
            "assign SWCU-2026-0042 <@U123|sam>",
            Command("assign", "SWCU-2026-0042", person="<@U123>"),
        ),
        (
            "assign SWCU-2026-0042 Sam Jones",
            Command("assign", "SWCU-2026-0042", person="Sam Jones"),
        ),
        (
            "outcome SWCU-2026-0042 placed Harbour Point",
            Command("outcome", "SWCU-2026-0042", outcome="placed", home="Harbour Point"),
        ),
        (
            "outcome SWCU-2026-0042 withdrawn family placement found",
            Command(
                "outcome", "SWCU-2026-0042", outcome="withdrawn", reason="family placement found"
            ),
        ),
        (
            "outcome SWCU-2026-0042 not-placed",
            Command("outcome", "SWCU-2026-0042", outcome="not_placed"),
        ),
        ("vacancies", Command("vacancies")),
        (
            "vacancy Harbour Point 2 female from Monday",
            Command("vacancy", home="Harbour Point", beds_text="2 female beds from Monday"),
        ),
        (
            "vacancy HAR 1 male justice bed",
            Command("vacancy", home="HAR", beds_text="1 male justice bed"),
        ),
        ("vacancy HAR no beds", Command("vacancy", home="HAR", beds_text="no beds")),
        ("oncall", Command("oncall")),
        ("on-call", Command("oncall")),
    ],
)
def test_commands_are_read(text: str, expected: Command) -> None:
    assert parse_command(text) == expected


@pytest.mark.parametrize(
    "text, usage_of",
    [
        ("frobnicate", None),
        ("referral", "referral"),
        ("referral 42", "referral"),
        ("send SWCU-2026-0042 now please", "send"),
        ("consult SWCU-2026-0042", "consult"),
        ('consult SWCU-2026-0042 "Harbour Point', "consult"),
        ("assign SWCU-2026-0042", "assign"),
        ("outcome SWCU-2026-0042", "outcome"),
        ("outcome SWCU-2026-0042 placed", "outcome"),
        ("outcome SWCU-2026-0042 withdrawn", "outcome"),
        ("outcome SWCU-2026-0042 exploded", "outcome"),
        ("vacancy", "vacancy"),
        ("vacancy 2 female", "vacancy"),
        ("vacancy Harbour Point", "vacancy"),
        ("referrals open", "referrals"),
    ],
)
def test_malformed_input_gets_a_usage_line(text: str, usage_of: str | None) -> None:
    got = parse_command(text)
    assert isinstance(got, Usage)
    if usage_of is None:
        assert "/swcu help" in got.message
    else:
        assert got.message == f"Usage: `{USAGE[usage_of]}`"
