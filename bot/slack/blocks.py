"""Block Kit layouts of swcu's replies and forms: pure functions of the services' plain
results. Replies built here are ephemeral (only the asker sees them), so they may carry a
child's details for officers; fees appear only when the caller says the asker may see them.
The board's own layouts (cards, App Home, alerts) are in bot/notify/slack_blocks.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.clock import london_words
from bot.notify.slack_blocks import (
    CONSULT,
    EDIT,
    MARK_PLACED,
    SEND_LIST,
    Block,
    BoardCard,
    button,
    card_line,
    text,
)
from bot.slack.commands import USAGE

# Modal callback ids.
EDIT_VIEW = "edit_referral_view"
NEW_VIEW = "new_referral_view"
CONSULT_VIEW = "consult_view"
OUTCOME_VIEW = "outcome_view"

# Fields of the new-referral form, as the service reads them; the edit form shows them all.
NEW_FIELDS = (
    ("placing_authority", "Placing authority"),
    ("social_worker.name", "Social worker"),
    ("social_worker.email", "Social worker's email"),
    ("social_worker.phone", "Social worker's phone"),
    ("child.initials", "Child's initials"),
    ("child.date_of_birth", "Date of birth"),
    ("child.gender", "Gender"),
    ("legal_status", "Legal status"),
    ("needed_by", "Needed by"),
    ("risks", "Risks"),
    ("needs", "Needs"),
    ("home_area", "Home area"),
    ("notes", "Notes"),
)


def section(s: str) -> Block:
    return {"type": "section", "text": text(s[:2900])}


def help_blocks() -> list[Block]:
    lines = "\n".join(f"• `{u}`" for u in USAGE.values())
    return [section(f"*swcu* — what you can ask:\n{lines}")]


def referral_list(cards: Sequence[BoardCard], limit: int = 40) -> list[Block]:
    if not cards:
        return [section("No open referrals.")]
    blocks = [section(f"*{len(cards)} open referrals*, most urgent first")]
    blocks += [section(card_line(c)) for c in cards[:limit]]
    if len(cards) > limit:
        blocks.append({"type": "context", "elements": [text(f"…and {len(cards) - limit} more")]})
    return blocks


def referral_detail(
    card: BoardCard, fields: dict[str, str], warnings: Sequence[str], details: bool
) -> list[Block]:
    """`fields`: path -> value in words. Without `details` (a viewer) only the card."""
    blocks = [section(card_line(card))]
    if details:
        shown = "\n".join(f"*{p}*: {v}" for p, v in fields.items() if v != "-")
        blocks.append(section(shown or "no details recorded"))
    if warnings:
        blocks.append(section("\n".join(f":warning: {w}" for w in warnings)))
    return blocks


def ranked_list(data: dict[str, Any], status: str, show_fees: bool, limit: int = 10) -> list[Block]:
    """`data`: the ranked list as match_to_json gives it."""
    ref = data["reference"]
    blocks = [section(f"*Ranked homes for {ref}*: {len(data['ranked'])} eligible")]
    for r in data["ranked"][:limit]:
        miles = "" if r["distance_miles"] is None else f", {r['distance_miles']} miles"
        fee = f", £{r['weekly_fee_gbp']}/week" if show_fees and r.get("weekly_fee_gbp") else ""
        lines = [f"*{r['rank']}. {r['home']}*{miles}{fee}"]
        lines += [f"  • {reason}" for reason in r["reasons"]]
        lines += [f"  :warning: {w}" for w in r["warnings"]]
        blocks.append(section("\n".join(lines)))
    if data["excluded"]:
        excluded = "; ".join(f"{e['home']}: {e['detail']}" for e in data["excluded"][:15])
        blocks.append({"type": "context", "elements": [text(f"Excluded — {excluded}"[:2900])]})
    buttons = []
    if status == "complete":
        buttons.append(button("Send list to LA", SEND_LIST, ref, "primary"))
    if status in ("complete", "list_sent"):
        buttons += [
            button("Consult homes", CONSULT, ref),
            button("Edit", EDIT, ref),
            button("Mark placed", MARK_PLACED, ref),
        ]
    if buttons:
        blocks.append({"type": "actions", "block_id": f"list:{ref}", "elements": buttons})
    return blocks


def vacancy_lines(
    rows: Sequence[tuple[str, str, bool, int | None]], show_fees: bool
) -> list[Block]:
    """rows: (home, beds in words, reported today, weekly fee)."""
    lines = []
    for home, beds, today, fee in rows:
        mark = "" if today else " _(not reported today)_"
        money = f" · £{fee}/week" if show_fees and fee else ""
        lines.append(f"• *{home}*: {beds}{mark}{money}")
    return [section("*Vacancies*\n" + "\n".join(lines) if lines else "No homes.")]


def _input(block_id: str, label: str, initial: str | None, multiline: bool = False) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
    # Slack refuses an initial value over 3000 characters; left empty, the field counts as
    # unchanged rather than being cut short on saving.
    if initial and len(initial) <= 3000:
        element["initial_value"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _modal(callback: str, title: str, blocks: list[Block], metadata: str, submit: str) -> Block:
    return {
        "type": "modal",
        "callback_id": callback,
        "private_metadata": metadata,
        "title": {"type": "plain_text", "text": title[:24]},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def edit_modal(reference: str, values: dict[str, str]) -> Block:
    """The record, prefilled (`values`: path -> value in words); only what is changed is
    sent to the correction service."""
    blocks = [
        _input(path, path, None if value == "-" else value, path == "notes")
        for path, value in values.items()
    ]
    return _modal(EDIT_VIEW, f"Edit {reference}", blocks, reference, "Save")


def new_modal() -> Block:
    blocks = [_input(path, label, None, path == "notes") for path, label in NEW_FIELDS]
    return _modal(NEW_VIEW, "New referral", blocks, "", "Create")


def _options(names: Sequence[tuple[str, str]]) -> list[Block]:
    return [
        {"text": {"type": "plain_text", "text": label[:75]}, "value": value}
        for value, label in names[:100]
    ]


def consult_modal(reference: str, homes: Sequence[tuple[str, str]]) -> Block:
    """homes: (code, name) of the ranked homes, best first."""
    select = {
        "type": "input",
        "block_id": "homes",
        "label": {"type": "plain_text", "text": "Homes to consult"},
        "element": {
            "type": "multi_static_select",
            "action_id": "value",
            "options": _options(homes) or _options([("-", "no eligible home")]),
        },
    }
    return _modal(CONSULT_VIEW, f"Consult {reference}", [select], reference, "Consult")


def outcome_modal(reference: str, homes: Sequence[tuple[str, str]]) -> Block:
    outcome: Block = {
        "type": "input",
        "block_id": "outcome",
        "label": {"type": "plain_text", "text": "Outcome"},
        "element": {
            "type": "static_select",
            "action_id": "value",
            "initial_option": _options([("placed", "placed")])[0],
            "options": _options(
                [("placed", "placed"), ("withdrawn", "withdrawn"), ("not_placed", "not placed")]
            ),
        },
    }
    home: Block = {
        "type": "input",
        "block_id": "home",
        "optional": True,
        "label": {"type": "plain_text", "text": "Home (when placed)"},
        "element": {"type": "static_select", "action_id": "value", "options": _options(homes)},
    }
    blocks = [outcome, home, _input("reason", "Reason", None)]
    return _modal(OUTCOME_VIEW, f"Outcome {reference}", blocks, reference, "Record")


def when_words(dt: datetime | None) -> str:
    return london_words(dt) if dt else "-"
