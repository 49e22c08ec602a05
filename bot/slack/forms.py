"""The modals behind *Edit*, `new`, *Consult homes* and *Mark placed*: built from a
service's result, and their submissions turned into one service call each."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.app import App
from bot.slack import blocks as ui
from bot.slack.operations import Reply, Who, _record, guarded, raced, ranked

State = dict[str, dict[str, dict[str, Any]]]  # view.state.values


def value_of(state: State, block_id: str) -> str | None:
    field = state.get(block_id, {}).get("value", {})
    if field.get("type") == "multi_static_select":
        return ",".join(o["value"] for o in field.get("selected_options") or [])
    if field.get("type") == "static_select":
        option = field.get("selected_option")
        return option["value"] if option else None
    value = field.get("value")
    return value.strip() if isinstance(value, str) and value.strip() else None


def edit_form(app: App, reference: str) -> Reply:
    return guarded(lambda: Reply("", view=ui.edit_modal(*_edit_values(app, reference))))


def _edit_values(app: App, reference: str) -> tuple[str, dict[str, str]]:
    record, values = _record(app, reference)
    return record.summary.reference, values


def edit_submitted(app: App, reference: str, state: State, who: Who, now: datetime) -> Reply:
    """Only the fields the officer changed go to the correction service."""
    from bot.services.referral_changes import correct_fields

    def run() -> Reply:
        _, before = _record(app, reference)
        changes = [
            (path, new)
            for path, old in before.items()
            if (new := value_of(state, path)) is not None and new != old
        ]
        if not changes:
            return Reply(f"{reference}: nothing changed")
        done = correct_fields(app, reference, changes, actor=who.actor, now=now)
        became = " — now complete, the clock runs" if done.became_complete else ""
        missing = f"; still missing: {', '.join(done.missing)}" if done.missing else ""
        return Reply(
            f"{done.reference}: corrected {', '.join(done.changed)}{became}{missing}",
            changed=[done.reference],
        )

    return guarded(run)


def new_submitted(app: App, state: State, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.referral_changes import build_details, create_referral

    def run() -> Reply:
        pairs = [(p, v) for p, _ in ui.NEW_FIELDS if (v := value_of(state, p)) is not None]
        details = build_details(app, pairs, now=now)
        done = create_referral(app, details, origin="slack", actor=who.actor, now=now, key=key)
        missing = f"; missing: {', '.join(done.missing)}" if done.missing else ""
        return Reply(f"{done.reference} created ({done.status}){missing}", changed=[done.reference])

    return guarded(lambda: raced(run))


def consult_form(app: App, reference: str, now: datetime) -> Reply:
    def run() -> Reply:
        data, _, _ = ranked(app, reference, now)
        homes = [(r["home_code"], r["home"]) for r in data["ranked"]]
        return Reply("", view=ui.consult_modal(data["reference"], homes))

    return guarded(run)


def consult_submitted(
    app: App, reference: str, state: State, who: Who, now: datetime, key: str
) -> Reply:
    from bot.slack.commands import Command
    from bot.slack.operations import answer

    codes = [c for c in (value_of(state, "homes") or "").split(",") if c and c != "-"]
    if not codes:
        return Reply("Choose at least one home to consult.")
    return answer(app, Command("consult", reference, homes=tuple(codes)), who, now=now, key=key)


def outcome_form(app: App, reference: str) -> Reply:
    def run() -> Reply:
        record, _ = _record(app, reference)
        homes = [(h.code, h.name) for h in app.homes.all()]
        return Reply("", view=ui.outcome_modal(record.summary.reference, homes))

    return guarded(run)


def outcome_submitted(
    app: App, reference: str, state: State, who: Who, now: datetime, key: str
) -> Reply:
    from bot.slack.commands import Command
    from bot.slack.operations import answer

    outcome = value_of(state, "outcome") or "placed"
    home = value_of(state, "home") if outcome == "placed" else None
    cmd = Command(
        "outcome", reference, outcome=outcome, home=home, reason=value_of(state, "reason")
    )
    return answer(app, cmd, who, now=now, key=key)
