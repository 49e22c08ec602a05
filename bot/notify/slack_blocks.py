"""Block Kit layouts of what swcu posts unasked: a referral's card on the officers' board,
the App Home board, an alert. Pure functions of plain data; channel-safe by construction
(reference, initials, authority, status and times in words only — never a date of birth,
a risk or a fee).

Buttons carry the reference as their value; the action ids are the ones `bot/slack`
listens for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Block = dict[str, Any]

# Action ids shared by these layouts and the listeners in bot/slack.
SHOW_LIST = "show_list"
SEND_LIST = "send_list"
CONSULT = "consult_homes"
EDIT = "edit_referral"
MARK_PLACED = "mark_placed"
ACKNOWLEDGE = "alert_ack"

STAGE_WORDS = {
    "waiting": ":hourglass_flowing_sand: waiting for details",
    "on_time": ":large_green_circle: clock running",
    "due_soon": ":large_orange_circle: due within 30 minutes",
    "breached": ":red_circle: two-hour clock breached",
    "sent": ":white_check_mark: list sent",
    "closed": ":black_circle: closed",
}


@dataclass(frozen=True)
class BoardCard:
    """A referral as the channel may see it."""

    reference: str
    initials: str
    authority: str
    status: str
    stage: str  # a key of STAGE_WORDS
    due_words: str | None = None  # "Mon 23 Nov 2026, 12:30" (London)
    assigned_to: str | None = None
    missing: int = 0  # how many details are still missing
    outcome_words: str | None = None


@dataclass(frozen=True)
class HomeBoard:
    """The App Home: open referrals (cards, most urgent first) and homes silent today."""

    cards: list[BoardCard] = field(default_factory=list)
    not_reported: list[str] = field(default_factory=list)  # home names
    as_of_words: str = ""


def text(s: str) -> Block:
    return {"type": "mrkdwn", "text": s}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    b: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label},
        "action_id": action_id,
        "value": value,
    }
    if style:
        b["style"] = style
    return b


def card_line(card: BoardCard) -> str:
    head = f"*{card.reference}* ({card.initials or '--'}) · {card.authority or 'authority unknown'}"
    clock = STAGE_WORDS.get(card.stage, card.stage)
    if card.due_words and card.stage in ("on_time", "due_soon", "breached"):
        clock += f", due {card.due_words}"
    if card.stage == "waiting" and card.missing:
        clock += f" ({card.missing} missing)"
    if card.outcome_words:
        clock += f" · {card.outcome_words}"
    return f"{head}\n{card.status.replace('_', ' ')} · {clock}"


def card_buttons(card: BoardCard) -> list[Block]:
    ref = card.reference
    if card.status == "incomplete":
        return [button("Edit", EDIT, ref)]
    if card.status not in ("complete", "list_sent"):
        return []
    out = [button("Show list", SHOW_LIST, ref)]
    if card.status == "complete":
        out.append(button("Send list to LA", SEND_LIST, ref, "primary"))
    out += [
        button("Consult homes", CONSULT, ref),
        button("Edit", EDIT, ref),
        button("Mark placed", MARK_PLACED, ref),
    ]
    return out


def card_blocks(card: BoardCard) -> list[Block]:
    blocks: list[Block] = [{"type": "section", "text": text(card_line(card))}]
    who = f"assigned to {card.assigned_to}" if card.assigned_to else "not assigned"
    blocks.append({"type": "context", "elements": [text(who)]})
    buttons = card_buttons(card)
    if buttons:
        blocks.append(
            {"type": "actions", "block_id": f"card:{card.reference}", "elements": buttons}
        )
    return blocks


def card_fallback(card: BoardCard) -> str:
    """The notification text of a card (shown where blocks are not)."""
    return f"{card.reference} ({card.initials or '--'}): {card.status.replace('_', ' ')}"


def home_view(board: HomeBoard) -> Block:
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Open referrals"}},
    ]
    if not board.cards:
        blocks.append({"type": "section", "text": text("No open referrals.")})
    for card in board.cards[:40]:  # a view holds 100 blocks
        blocks.append({"type": "section", "text": text(card_line(card))})
        who = f"assigned to {card.assigned_to}" if card.assigned_to else "not assigned"
        blocks.append({"type": "context", "elements": [text(who)]})
    if len(board.cards) > 40:
        blocks.append({"type": "context", "elements": [text(f"…and {len(board.cards) - 40} more")]})
    blocks.append({"type": "divider"})
    blocks.append({"type": "header", "text": {"type": "plain_text", "text": "Vacancies today"}})
    silent = ", ".join(board.not_reported) if board.not_reported else "every home has reported"
    blocks.append({"type": "section", "text": text(f"*Not reported today:* {silent}")})
    if board.as_of_words:
        blocks.append({"type": "context", "elements": [text(f"as of {board.as_of_words}")]})
    return {"type": "home", "blocks": blocks}


def not_permitted_view() -> Block:
    return {
        "type": "home",
        "blocks": [{"type": "section", "text": text("You are not permitted to use swcu.")}],
    }


def alert_blocks(alert_id: str, message: str) -> list[Block]:
    """An alert with its Acknowledge button (the scheduler's alerts use this layout)."""
    return [
        {"type": "section", "text": text(f":rotating_light: {message}")},
        {
            "type": "actions",
            "block_id": f"alert:{alert_id}",
            "elements": [button("Acknowledge", ACKNOWLEDGE, alert_id, "danger")],
        },
    ]
