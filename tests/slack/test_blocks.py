"""Layouts are pure: what a card, a list, a form shows, for whom."""

from __future__ import annotations

import json

import pytest

from bot.notify.slack_blocks import (
    ACKNOWLEDGE,
    SEND_LIST,
    BoardCard,
    HomeBoard,
    alert_blocks,
    card_blocks,
    home_view,
)
from bot.notify.slack_post import assert_channel_safe
from bot.slack.blocks import edit_modal, ranked_list, vacancy_lines


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


CARD = BoardCard(
    "SWCU-2026-0042", "AK", "Hampshire", "complete", "due_soon", "Mon 23 Nov 2026, 12:30"
)


def actions(blocks: list[dict]) -> list[str]:
    return [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize(
    "status, expected",
    [
        ("incomplete", ["edit_referral"]),
        ("complete", ["show_list", "send_list", "consult_homes", "edit_referral", "mark_placed"]),
        ("list_sent", ["show_list", "consult_homes", "edit_referral", "mark_placed"]),
        ("placed", []),
    ],
)
def test_a_card_offers_what_its_status_allows(status: str, expected: list[str]) -> None:
    card = BoardCard("SWCU-2026-0042", "AK", "Hampshire", status, "on_time")
    assert actions(card_blocks(card)) == expected


def test_cards_and_the_home_board_are_channel_safe() -> None:
    blocks = card_blocks(CARD)
    text = dump(blocks)
    assert "SWCU-2026-0042" in text and "(AK)" in text and "due within 30 minutes" in text
    assert_channel_safe(text)
    view = home_view(HomeBoard([CARD], ["Oak Lodge"]))
    assert_channel_safe(dump(view))
    assert "Oak Lodge" in dump(view)


def test_an_alert_carries_its_acknowledge_button() -> None:
    blocks = alert_blocks("alert-7", "SWCU-2026-0042 breached")
    assert actions(blocks) == [ACKNOWLEDGE]
    assert blocks[1]["elements"][0]["value"] == "alert-7"


DATA = {
    "reference": "SWCU-2026-0042",
    "ranked": [
        {
            "rank": 1,
            "home": "Harbour Point",
            "distance_miles": 12.3,
            "reasons": ["manages CSE"],
            "warnings": ["vacancy 3 days old"],
            "weekly_fee_gbp": 6500,
        }
    ],
    "excluded": [{"home": "Moorside", "detail": "boys only"}],
}


def test_the_ranked_list_shows_fees_only_when_asked() -> None:
    officer = dump(ranked_list(DATA, "complete", show_fees=False))
    assert "Harbour Point" in officer and "12.3 miles" in officer and "manages CSE" in officer
    assert "6500" not in officer and SEND_LIST in officer
    assert "£6500/week" in dump(ranked_list(DATA, "complete", show_fees=True))
    assert SEND_LIST not in dump(ranked_list(DATA, "list_sent", show_fees=False))


def test_vacancies_show_fees_only_when_asked() -> None:
    rows = [("Oak Lodge", "2 beds now", False, 6100)]
    assert "6100" not in dump(vacancy_lines(rows, show_fees=False))
    assert "not reported today" in dump(vacancy_lines(rows, show_fees=False))
    assert "£6100/week" in dump(vacancy_lines(rows, show_fees=True))


def test_the_edit_form_is_prefilled_and_leaves_unknowns_empty() -> None:
    view = edit_modal("SWCU-2026-0042", {"child.initials": "AK", "legal_status": "-"})
    initial = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]}
    assert initial == {"child.initials": "AK", "legal_status": None}
    assert view["private_metadata"] == "SWCU-2026-0042"
