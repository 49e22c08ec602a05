"""referral REF [--json] [--set FIELD=VALUE…], referral new …: one referral, put right."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.commands.common import (
    CommandError,
    actor,
    add_key_option,
    clock_words,
    deliver,
    key_of,
    open_app,
    print_json,
)
from bot.settings import Settings

# `referral new` flags: option -> field path.
NEW_FLAGS: dict[str, str] = {
    "authority": "placing_authority",
    "sw_name": "social_worker.name",
    "sw_email": "social_worker.email",
    "sw_phone": "social_worker.phone",
    "initials": "child.initials",
    "dob": "child.date_of_birth",
    "age": "child.age",
    "gender": "child.gender",
    "ethnicity": "child.ethnicity",
    "home_area": "home_area",
    "legal_status": "legal_status",
    "court_date": "court_date",
    "needed_by": "needed_by",
    "sos": "secretary_of_state_approval",
    "risks": "risks",
    "needs": "needs",
    "avoid_homes": "avoid_homes",
    "avoid_areas": "avoid_areas",
    "notes": "notes",
}


def register(sub: Any) -> None:
    p = sub.add_parser(
        "referral",
        help="one referral (fields and where each came from, warnings, clock, history); "
        "--set corrects fields; 'referral new' keys in one taken by phone",
    )
    p.add_argument("reference", help="SWCU-YYYY-NNNN, or 'new'")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--set",
        dest="assignments",
        nargs="+",
        metavar="FIELD=VALUE",
        help="correct fields: child.date_of_birth=2012-05-09 legal_status='interim s25' "
        "risks=cse,absconding",
    )
    new = p.add_argument_group("new referral (with 'new')")
    for flag, path in NEW_FLAGS.items():
        new.add_argument(f"--{flag.replace('_', '-')}", dest=flag, metavar="TEXT", help=path)
    new.add_argument("--file", type=Path, help="a JSON file in the `referral` shape")
    new.add_argument("--origin", choices=("phone", "cli"), default="phone")
    add_key_option(new)
    p.set_defaults(handler=cmd_referral)


def cmd_referral(args: argparse.Namespace, settings: Settings) -> int:
    given_new = [f for f in NEW_FLAGS if getattr(args, f) is not None] or (
        ["file"] if args.file else []
    )
    if args.reference.strip().lower() == "new":
        return _new(args, settings)
    if given_new:
        raise CommandError(f"--{given_new[0].replace('_', '-')} is for 'swcu referral new'")
    if args.assignments:
        return _set(args, settings)
    return _show(args, settings)


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london
    from bot.services.field_values import show_value
    from bot.services.referrals import show_referral

    app = open_app(settings)
    try:
        now = app.clock()
        record = show_referral(app, args.reference)
    finally:
        app.close()
    s = record.summary
    if args.json:
        print_json(
            {
                "reference": s.reference,
                "status": s.status,
                "origin": s.origin,
                "assigned_to": s.assigned_to,
                "received_at": s.received_at,
                "completed_at": s.completed_at,
                "due_at": s.due_at,
                "list_sent_at": s.list_sent_at,
                "missing": s.missing,
                "possible_duplicates": s.possible_duplicates,
                "fields": {p: _jsonable(v) for p, v in record.fields.items()},
                "sources": record.sources,
                "warnings": record.warnings,
                "history": [
                    {"at": h.at, "actor": h.actor, "what": h.what, "detail": h.detail}
                    for h in record.history
                ],
            }
        )
        return 0
    print(f"{s.reference}  {s.status}  {clock_words(s.status, s.due_at, s.missing, now)}".rstrip())
    print(f"  came by {s.origin}; assigned to {s.assigned_to or 'nobody'}")
    for path, value in record.fields.items():
        if path == "needed_now":
            continue
        if path == "needed_by" and record.fields["needed_now"]:
            value = "now"
        source = record.sources.get(path, "")
        print(f"  {path:<30} {show_value(value):<34} {source}".rstrip())
    for w in record.warnings:
        print(f"warning: {w}")
    print("history:")
    for h in record.history:
        print(f"  {london(h.at):%Y-%m-%d %H:%M}  {h.what:<20} {h.detail}  ({h.actor})")
    return 0


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _set(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.referral_changes import correct_fields, parse_assignments

    changes = parse_assignments(args.assignments)
    app = open_app(settings)
    try:
        done = correct_fields(app, args.reference, changes, actor=actor(), now=app.clock())
        deliver(app)
    finally:
        app.close()
    _print_change(done)
    return 0


def _new(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.referral_changes import build_details, create_referral, pairs_from_json

    pairs = [
        (path, getattr(args, flag))
        for flag, path in NEW_FLAGS.items()
        if getattr(args, flag) is not None
    ]
    if args.file is not None:
        if pairs:
            raise CommandError("give the referral as flags or as --file, not both")
        try:
            pairs = pairs_from_json(json.loads(args.file.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise CommandError(f"{args.file}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if not pairs:
        raise CommandError("a new referral needs its details (flags, or --file)")
    app = open_app(settings)
    try:
        now = app.clock()
        details = build_details(app, pairs, now=now)
        done = create_referral(
            app, details, origin=args.origin, actor=actor(), now=now, key=key_of(args, "new")
        )
        deliver(app)
    finally:
        app.close()
    _print_change(done)
    return 0


def _print_change(done: Any) -> None:
    from bot.clock import london_words

    for path, value in done.changed.items():
        print(f"  {path} = {value}")
    state = done.status
    if done.became_complete and done.due_at:
        state += f": the clock runs, due {london_words(done.due_at)}"
    elif done.missing:
        state += f": missing {', '.join(done.missing)}"
    print(f"{done.reference}: {state}")
    for ref in done.possible_duplicates:
        print(
            f"warning: possibly the same child as {ref} "
            "(same authority, initials and date of birth)"
        )
    if done.repeated:
        print("(already done with this key: nothing done again)")
