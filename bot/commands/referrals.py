"""referrals, match, send, consult, outcome."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from bot.commands.common import CommandError, open_app, reference
from bot.settings import Settings


def register(sub: Any) -> None:
    from bot.domain.vocabulary import REFERRAL_STATUSES

    p = sub.add_parser("referrals", help="list referrals with the time left on the clock")
    p.add_argument("--status", choices=REFERRAL_STATUSES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_referrals)

    p = sub.add_parser("match", help="the ranked list of homes for a referral")
    p.add_argument("reference", type=reference)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--show-fees",
        action="store_true",
        help="include homes' weekly fees (confidential: for the unit only)",
    )
    p.set_defaults(handler=cmd_match)

    p = sub.add_parser("send", help="send the social worker the list and stop the clock")
    p.add_argument("reference", type=reference)
    p.add_argument(
        "--homes", help="comma-separated homes (names or codes) instead of the top of the list"
    )
    p.add_argument("--note", help="a line from the officer to include")
    p.set_defaults(handler=cmd_send)

    p = sub.add_parser(
        "consult", help="ask homes whether they can consider the child (anonymised profile)"
    )
    p.add_argument("reference", type=reference)
    p.add_argument("homes", nargs="+", help="home names or codes")
    p.set_defaults(handler=cmd_consult)

    p = sub.add_parser("outcome", help="record how a referral ended")
    p.add_argument("reference", type=reference)
    p.add_argument("outcome", choices=("placed", "withdrawn", "not_placed"))
    p.add_argument("--home", help="the home (with placed)")
    p.add_argument("--reason")
    p.set_defaults(handler=cmd_outcome)


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def cmd_referrals(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london_words
    from bot.store.models import Referral

    app = open_app(settings)
    now = app.clock()
    try:
        with app.db.session() as s:
            q = select(Referral).order_by(col(Referral.received_at).desc(), col(Referral.id).desc())
            if args.status:
                q = q.where(Referral.status == args.status)
            rows = s.exec(q).all()
    finally:
        app.close()
    items = [
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
        }
        for r in rows
    ]
    if args.json:
        print(json.dumps(items, indent=2))
        return 0
    for r in rows:
        clock = ""
        if r.status == "complete" and r.due_at:
            minutes = int((r.due_at - now).total_seconds() // 60)
            clock = (
                f"{minutes} min left (due {london_words(r.due_at)})"
                if minutes >= 0
                else f"OVERDUE by {-minutes} min"
            )
        elif r.status == "incomplete":
            clock = f"waiting for: {r.missing.replace(';', ', ')}"
        print(
            f"{r.reference}  {r.status:<10} {r.initials or '--':<4} "
            f"{r.placing_authority or '?':<24} {clock}"
        )
    print(f"{len(rows)} referral{'s' if len(rows) != 1 else ''}")
    return 0


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    from bot.matching.render import match_to_json
    from bot.services.matching import compute, find_referral

    app = open_app(settings)
    try:
        with app.db.session() as s:
            result = compute(app, s, find_referral(s, args.reference))
    finally:
        app.close()
    data = match_to_json(result, show_fees=args.show_fees)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(
        f"{data['reference']}: {len(data['ranked'])} homes ranked, {len(data['excluded'])} excluded"
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
    from bot.commands.intake import _deliver
    from bot.services.matching import send_list

    homes = None
    if args.homes is not None:
        homes = [h.strip() for h in args.homes.split(",") if h.strip()]
        if not homes:  # not "the default list": the officer meant to name some
            raise CommandError("--homes names no homes")
    app = open_app(settings)
    try:
        names = send_list(app, args.reference, homes, note=args.note)
        _deliver(app)
    finally:
        app.close()
    print(f"{args.reference.upper()}: list sent ({', '.join(names)})")
    return 0


def cmd_consult(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.intake import _deliver
    from bot.services.consultations import consult

    app = open_app(settings)
    try:
        names = consult(app, args.reference, args.homes)
        _deliver(app)
    finally:
        app.close()
    print(f"{args.reference.upper()}: consulted {', '.join(names)}")
    return 0


def cmd_outcome(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.outcomes import record_outcome

    app = open_app(settings)
    try:
        ref = record_outcome(app, args.reference, args.outcome, home=args.home, reason=args.reason)
    finally:
        app.close()
    print(f"{ref}: {args.outcome}")
    return 0
