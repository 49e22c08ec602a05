"""schedule preview|list, oncall, ack: the scheduler seen from the command line."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from bot.commands.common import CommandError
from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("schedule", help="what the scheduler will send, and when")
    which = p.add_subparsers(dest="schedule_command", metavar="preview|list")
    which.required = True
    pre = which.add_parser("preview", help="the notices due in a window of days")
    pre.add_argument("--from", dest="start", required=True, type=_day, help="YYYY-MM-DD")
    pre.add_argument("--days", type=int, default=7, help="how many days (default 7)")
    pre.add_argument("--json", action="store_true", help='[{"job", "at", "to"}, …]')
    pre.set_defaults(handler=cmd_preview)
    ls = which.add_parser("list", help="the next run of each job")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)

    oc = sub.add_parser("oncall", help="who is on call now, and next")
    oc.add_argument("--json", action="store_true")
    oc.set_defaults(handler=cmd_oncall)

    ack = sub.add_parser("ack", help="acknowledge an on-call alert (no further escalation)")
    ack.add_argument("alert", help="the alert's number, as in its message")
    ack.set_defaults(handler=cmd_ack)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {value!r}") from None


def _row(occ: Any) -> dict[str, str]:
    from bot.clock import london

    return {"job": occ.job, "at": london(occ.due).isoformat(), "to": ", ".join(occ.to),
            "target": occ.target}


def cmd_preview(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import utcnow
    from bot.commands.common import print_json
    from bot.services.schedule import preview
    from bot.store.db import Database

    if not 1 <= args.days <= 3660:
        raise CommandError("--days must be between 1 and 3660")
    # The database alone, not the whole app: a preview reads a few tables, quickly.
    db = Database(settings.database_url)
    try:
        occurrences = preview(db, settings, args.start, args.days, utcnow())
    finally:
        db.dispose()
    rows = [_row(o) for o in occurrences]
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['at'][:16].replace('T', ' ')}  {r['job']:<24} {r['target']:<24} {r['to']}")
    if not rows:
        print("nothing due in that window")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london_words, utcnow
    from bot.commands.common import open_app, print_json
    from bot.services.schedule import upcoming

    app = open_app(settings)
    try:
        nxt = upcoming(app.db, settings, utcnow())
    finally:
        app.close()
    if args.json:
        print_json({job: _row(o) if o else None for job, o in nxt.items()})
        return 0
    for job, occ in nxt.items():
        print(f"{job:<24} {london_words(occ.due) if occ else 'not in the next 45 days'}")
    return 0


def _who(on: Any) -> dict[str, Any]:
    p = on.person
    return {"person": p.name if p else None, "since": on.since, "until": on.until,
            "reach": [c for c in ("slack", "phone", "email") if p and getattr(p, c)]}


def cmd_oncall(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london_words, utcnow
    from bot.commands.common import print_json
    from bot.services.oncall import on_call, on_call_next

    now = utcnow()
    rota = settings.oncall
    now_on, next_on = on_call(settings, now), on_call_next(settings, now)
    if args.json:
        print_json({"now": _who(now_on), "next": _who(next_on)})
        return 0
    if not rota.people:
        print("no on-call rota is set (oncall.people in the settings file)")
        return 0

    def words(on: Any, label: str) -> str:
        name = on.person.name if on.person else "nobody"
        until = f" until {london_words(on.until)}" if on.until else ""
        since = f" from {london_words(on.since)}" if on.since and label == "next" else ""
        return f"{label}: {name}{since}{until}"

    print(words(now_on, "now"))
    if next_on.person is not None or now_on.until:
        print(words(next_on, "next"))
    return 0


def cmd_ack(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london_words
    from bot.commands.common import actor, open_app
    from bot.services.alerts import acknowledge_alert

    app = open_app(settings)
    try:
        done = acknowledge_alert(app, args.alert, actor=actor(), now=app.clock())
    finally:
        app.close()
    when = london_words(done.acknowledged_at)
    if done.already:
        print(f"alert {done.alert_id} ({done.reference}) was already acknowledged by "
              f"{done.acknowledged_by} at {when}")
    else:
        print(f"alert {done.alert_id} ({done.reference}) acknowledged at {when}; "
              "no further escalation")
    return 0
