"""What each `/swcu` subcommand, button and form does: one call of the service the CLI
uses, and its result laid out. Synchronous (the listeners run these in a thread); errors a
service raises come back as the reply's text, worded as the service worded them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.app import App
from bot.clock import london
from bot.services.errors import ServiceError
from bot.services.field_values import show_value
from bot.slack import blocks as ui
from bot.slack.commands import Command
from bot.slack.roles import may

log = logging.getLogger("swcu.slack")


@dataclass(frozen=True)
class Who:
    user_id: str
    roles: frozenset[str]

    @property
    def actor(self) -> str:
        return f"slack:{self.user_id}"


@dataclass
class Reply:
    text: str
    blocks: list[dict[str, Any]] | None = None
    view: dict[str, Any] | None = None  # a modal to open
    changed: list[str] = field(default_factory=list)  # references: refresh their cards


def guarded(fn: Callable[[], Reply]) -> Reply:
    """A service's refusal is the reply; anything else is logged, not shown."""
    try:
        return fn()
    except ServiceError as exc:
        return Reply(str(exc))
    except Exception:
        log.exception("slack operation failed")
        return Reply("Sorry, that went wrong on our side; it has been logged.")


def raced(fn: Callable[[], Reply]) -> Reply:
    """A keyed operation whose key a concurrent request (a second press of the same
    button) stored first fails on the key's unique index and is rolled back; asked again,
    the service answers with that request's result."""
    from sqlalchemy.exc import IntegrityError

    try:
        return fn()
    except IntegrityError:
        return fn()


def answer(app: App, cmd: Command, who: Who, *, now: datetime, key: str) -> Reply:
    handler = _COMMANDS[cmd.name]
    return guarded(lambda: raced(lambda: handler(app, cmd, who, now, key)))


def _help(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    return Reply("swcu commands", ui.help_blocks())


def _referrals(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.slack_board import open_cards

    cards = open_cards(app, now)
    return Reply(f"{len(cards)} open referrals", ui.referral_list(cards))


def _record(app: App, reference: str) -> tuple[Any, dict[str, str]]:
    from bot.services.referrals import show_referral

    record = show_referral(app, reference)
    return record, {p: show_value(v) for p, v in record.fields.items() if p != "needed_now"}


def _referral(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.slack_board import summary_card

    record, values = _record(app, cmd.reference or "")
    card = summary_card(record.summary, now)
    return Reply(card.reference, ui.referral_detail(card, values, record.warnings, True))


def _edit(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    record, values = _record(app, cmd.reference or "")
    return Reply("", view=ui.edit_modal(record.summary.reference, values))


def _new(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    return Reply("", view=ui.new_modal())


def ranked(app: App, reference: str, now: datetime) -> tuple[dict[str, Any], str, list[Any]]:
    """The ranked list (fees included: the layout drops them for whoever may not see them)
    and the referral's status, which decides the buttons."""
    from bot.matching.render import match_to_json
    from bot.services.matching import match
    from bot.services.referrals import show_referral

    result = match(app, reference, now=now)
    status = show_referral(app, reference).summary.status
    return match_to_json(result, show_fees=True), status, result.ranked


def _match(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    data, status, _ = ranked(app, cmd.reference or "", now)
    fees = may(who.roles, "fees")
    return Reply(f"Ranked homes for {data['reference']}", ui.ranked_list(data, status, fees))


def _send(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.matching import send_list

    sent = send_list(app, cmd.reference or "", actor=who.actor, key=key, now=now)
    when = ui.when_words(sent.sent_at)
    first = " (already done: nothing sent again)" if sent.repeated else ""
    return Reply(
        f"{sent.reference}: list sent to the social worker at {when}{first}: "
        + ", ".join(sent.homes),
        changed=[sent.reference],
    )


def _consult(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.consultations import consult

    done = consult(app, cmd.reference or "", list(cmd.homes), actor=who.actor, key=key, now=now)
    parts = [f"{done.reference}: consulted {', '.join(done.consulted) or 'no new home'}"]
    parts += done.warnings
    if done.repeated:
        parts.append("(already done: nothing sent again)")
    return Reply("\n".join(parts), changed=[done.reference])


def _assign(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.referrals import assign

    before = assign(app, cmd.reference or "", cmd.person or "", actor=who.actor, now=now)
    was = f" (was {before})" if before and before != cmd.person else ""
    return Reply(f"{cmd.reference} assigned to {cmd.person}{was}", changed=[cmd.reference or ""])


def _outcome(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.outcomes import record_outcome

    done = record_outcome(
        app,
        cmd.reference or "",
        cmd.outcome or "",
        home=cmd.home,
        reason=cmd.reason,
        actor=who.actor,
        key=key,
        now=now,
    )
    at = f" at {done.home}" if done.home else ""
    first = " (already recorded)" if done.repeated else ""
    return Reply(
        f"{done.reference}: {done.outcome.replace('_', ' ')}{at}{first}",
        changed=[done.reference],
    )


def _vacancies(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.services.vacancies import bed_words, list_vacancies

    today = london(now).date()
    fees = {h.code: h.weekly_fee_gbp for h in app.homes.all()}
    rows = []
    for h in list_vacancies(app):
        report = h.current
        beds = (
            ", ".join(bed_words(b, today) for b in report.beds) or "no beds"
            if report
            else "no report"
        )
        fresh = report is not None and london(report.reported_at).date() == today
        rows.append((h.home, beds, fresh, fees.get(h.home_code)))
    return Reply("Vacancies", ui.vacancy_lines(rows, may(who.roles, "fees")))


def _vacancy(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.intake.parsing.vacancy import read_vacancy
    from bot.services.homes import find_home
    from bot.services.vacancies import record_vacancy

    home = find_home(app.homes.all(), cmd.home or "")
    reading = read_vacancy(cmd.beds_text or "", now, home)
    if not reading.details.confident:
        doubt = "; ".join(reading.warnings) or "the beds could not be read"
        return Reply(f"Not recorded: {doubt}. Try `/swcu vacancy HOME 2 female from Monday`.")
    done = record_vacancy(
        app,
        home.code,
        reading.details.beds,
        reported_at=now,
        source="slack",
        actor=who.actor,
        now=now,
    )
    beds = ", ".join(done.beds) or "no beds"
    lines = [f"{done.home}: {beds} recorded"] + done.warnings
    if done.newly_eligible_for:
        lines.append("now eligible for " + ", ".join(done.newly_eligible_for))
    return Reply("\n".join(lines), changed=list(done.newly_eligible_for))


def _oncall(app: App, cmd: Command, who: Who, now: datetime, key: str) -> Reply:
    from bot.clock import london_words
    from bot.services.oncall import on_call, on_call_next

    if not app.settings.oncall.people:  # no rota: those with the on-call role in Slack
        people = sorted(app.settings.slack.on_call)
        if not people:
            return Reply("No on-call rota is configured.")
        return Reply("On call: " + ", ".join(f"<@{p}>" for p in people))
    lines = []
    shifts = (("Now", on_call(app.settings, now)), ("Next", on_call_next(app.settings, now)))
    for label, on in shifts:
        person = on.person
        if person is None:
            name = "nobody"
        else:
            name = f"<@{person.slack}>" if person.slack else person.name
        until = f" until {london_words(on.until)}" if on.until else ""
        lines.append(f"{label}: {name}{until}")
    return Reply("\n".join(lines))


_COMMANDS: dict[str, Callable[[App, Command, Who, datetime, str], Reply]] = {
    "help": _help,
    "referrals": _referrals,
    "referral": _referral,
    "edit": _edit,
    "new": _new,
    "match": _match,
    "send": _send,
    "consult": _consult,
    "assign": _assign,
    "outcome": _outcome,
    "vacancies": _vacancies,
    "vacancy": _vacancy,
    "oncall": _oncall,
}
