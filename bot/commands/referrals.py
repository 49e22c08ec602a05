"""referrals, match, send, consult, outcome."""

from __future__ import annotations

import argparse
from datetime import datetime
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
from bot.notify.templates import plural
from bot.settings import Settings


def register(sub: Any) -> None:
    from bot.domain.vocabulary import REFERRAL_STATUSES

    p = sub.add_parser("referrals", help="list referrals with the time left on the clock")
    p.add_argument("--status", choices=REFERRAL_STATUSES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_referrals)

    p = sub.add_parser("match", help="the ranked list of homes for a referral")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--show-fees",
        action="store_true",
        help="include homes' weekly fees (confidential: for the unit only)",
    )
    p.set_defaults(handler=cmd_match)

    p = sub.add_parser("send", help="send the social worker the list and stop the clock")
    p.add_argument("reference")
    p.add_argument(
        "--homes", help="comma-separated homes (names or codes) instead of the top of the list"
    )
    p.add_argument("--note", help="a line from the officer to include")
    p.add_argument(
        "--again", action="store_true", help="send the list again although it was sent before"
    )
    add_key_option(p)
    p.set_defaults(handler=cmd_send)

    p = sub.add_parser(
        "consult", help="ask homes whether they can consider the child (anonymised profile)"
    )
    p.add_argument("reference")
    p.add_argument("homes", nargs="+", help="home names or codes")
    p.add_argument(
        "--force", action="store_true", help="consult a home the matching excludes (audited)"
    )
    add_key_option(p)
    p.set_defaults(handler=cmd_consult)

    p = sub.add_parser("answer", help="record a consulted home's answer given by phone")
    p.add_argument("reference")
    p.add_argument("home", help="home name or code")
    p.add_argument("answer", choices=("accept", "decline"))
    p.add_argument("--reason")
    p.set_defaults(handler=cmd_answer)

    p = sub.add_parser("assign", help="who is working the referral")
    p.add_argument("reference")
    p.add_argument("officer")
    p.set_defaults(handler=cmd_assign)

    p = sub.add_parser("outcome", help="record how a referral ended")
    p.add_argument("reference")
    p.add_argument("outcome", choices=("placed", "withdrawn", "not_placed"))
    p.add_argument("--home", help="the home (with placed)")
    p.add_argument("--reason")
    add_key_option(p)
    p.set_defaults(handler=cmd_outcome)


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def cmd_referrals(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.referrals import list_referrals

    app = open_app(settings)
    try:
        now = app.clock()
        rows = list_referrals(app, status=args.status)
    finally:
        app.close()
    if args.json:
        print_json(
            [
                {
                    "reference": r.reference,
                    "status": r.status,
                    "placing_authority": r.placing_authority,
                    "initials": r.initials,
                    "received_at": _iso(r.received_at),
                    "completed_at": _iso(r.completed_at),
                    "due_at": _iso(r.due_at),
                    "list_sent_at": _iso(r.list_sent_at),
                    "message_id": r.message_id,
                    "assigned_to": r.assigned_to,
                    "possible_duplicates": r.possible_duplicates,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        clock = clock_words(r.status, r.due_at, r.missing, now)
        dup = (
            f"  (possible duplicate of {', '.join(r.possible_duplicates)})"
            if (r.possible_duplicates)
            else ""
        )
        print(
            f"{r.reference}  {r.status:<10} {r.initials or '--':<4} "
            f"{r.placing_authority or '?':<24} {clock}{dup}".rstrip()
        )
    print(plural(len(rows), "referral"))
    return 0


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    from bot.matching.render import match_to_json
    from bot.services.matching import match

    app = open_app(settings)
    try:
        result = match(app, args.reference, now=app.clock())
    finally:
        app.close()
    data = match_to_json(result, show_fees=args.show_fees)
    if args.json:
        print_json(data)
        return 0
    print(
        f"{data['reference']}: {plural(len(data['ranked']), 'home')} ranked, "
        f"{len(data['excluded'])} excluded"
    )
    for r in data["ranked"]:
        fee = f"  £{r['weekly_fee_gbp']}/week" if args.show_fees else ""
        print(f"{r['rank']:>3}. {r['home']} ({r['score']}){fee}")
        for reason in r["reasons"]:
            print(f"       - {reason}")
        for warning in r["warnings"]:
            print(f"       ! {warning}")
    for e in data["excluded"]:
        print(f"  x  {e['home']}: {e['detail']}")
    return 0


def cmd_send(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.matching import send_list

    homes = [h for h in (args.homes or "").split(",") if h.strip()] or None
    app = open_app(settings)
    try:
        sent = send_list(
            app,
            args.reference,
            homes,
            actor=actor(),
            key=key_of(args, "send"),
            now=app.clock(),
            note=args.note,
            again=args.again,
        )
        deliver(app)
    finally:
        app.close()
    again = " (already sent with this key: not sent again)" if sent.repeated else ""
    print(f"{sent.reference}: list sent ({', '.join(sent.homes)}){again}")
    return 0


def cmd_consult(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.consultations import consult

    app = open_app(settings)
    try:
        done = consult(
            app,
            args.reference,
            args.homes,
            actor=actor(),
            key=key_of(args, "consult"),
            now=app.clock(),
            force=args.force,
        )
        deliver(app)
    finally:
        app.close()
    for warning in done.warnings:
        print(f"warning: {warning}")
    asked = ", ".join(done.consulted) or "no home"
    print(f"{done.reference}: consulted {asked}")
    return 0


def cmd_answer(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.consultations import record_answer_by_hand

    app = open_app(settings)
    try:
        home = record_answer_by_hand(
            app,
            args.reference,
            args.home,
            args.answer,
            reason=args.reason,
            actor=actor(),
            now=app.clock(),
        )
    finally:
        app.close()
    print(f"{args.reference.strip().upper()}: {home} {args.answer}s")
    return 0


def cmd_outcome(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.outcomes import record_outcome

    if args.outcome == "placed" and not args.home:
        raise CommandError("placed needs --home")
    app = open_app(settings)
    try:
        done = record_outcome(
            app,
            args.reference,
            args.outcome,
            home=args.home,
            reason=args.reason,
            actor=actor(),
            key=key_of(args, "outcome"),
            now=app.clock(),
        )
    finally:
        app.close()
    at = f" at {done.home}" if done.home else ""
    print(f"{done.reference}: {done.outcome}{at}")
    return 0


def cmd_assign(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.referrals import assign

    app = open_app(settings)
    try:
        before = assign(app, args.reference, args.officer, actor=actor(), now=app.clock())
    finally:
        app.close()
    was = f" (was {before})" if before and before != args.officer.strip() else ""
    print(f"{args.reference.strip().upper()}: assigned to {' '.join(args.officer.split())}{was}")
    return 0
