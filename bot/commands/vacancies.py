"""homes import|list, vacancy set|list."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.commands.common import CommandError, open_app
from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("homes", help="the homes table")
    hsub = p.add_subparsers(dest="action", metavar="ACTION")
    hsub.required = True
    h = hsub.add_parser("import", help="import or update homes from the unit's CSV")
    h.add_argument("file", type=Path)
    h.add_argument("--if-present", action="store_true", help="do nothing if FILE is missing")
    h.set_defaults(handler=cmd_homes_import)
    h = hsub.add_parser("list", help="list homes")
    h.add_argument("--json", action="store_true")
    h.set_defaults(handler=cmd_homes_list)

    p = sub.add_parser("vacancy", help="vacancy reports")
    vsub = p.add_subparsers(dest="action", metavar="ACTION")
    vsub.required = True
    v = vsub.add_parser("set", help="record a vacancy report by hand (e.g. phoned in)")
    v.add_argument("home", help="home name (fuzzy) or code")
    v.add_argument("--beds", type=int, required=True)
    v.add_argument("--gender", choices=("female", "male", "any"), default="any")
    v.add_argument(
        "--type", dest="placement_type", choices=("welfare", "justice", "any"), default="any"
    )
    v.add_argument("--from", dest="available_from", type=_date, help="YYYY-MM-DD")
    v.add_argument(
        "--at",
        type=_datetime,
        help="when the home reported it "
        "(YYYY-MM-DDTHH:MM, London time unless an offset is given; default now)",
    )
    v.set_defaults(handler=cmd_vacancy_set)
    v = vsub.add_parser(
        "list", help="every home: beds, age of the report, who has not reported today"
    )
    v.add_argument("--json", action="store_true")
    v.set_defaults(handler=cmd_vacancy_list)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from None


def _datetime(value: str) -> datetime:
    from bot.clock import LONDON

    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date-time (YYYY-MM-DDTHH:MM): {value}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=LONDON)


def cmd_homes_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.homes import import_homes

    if not args.file.is_file():
        if args.if_present:
            return 0
        raise CommandError(f"no such file: {args.file}")
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{args.file}: not UTF-8 text") from None
    app = open_app(settings, create=True)
    try:
        with app.db.session() as s:
            report = import_homes(s, text)
    finally:
        app.close()
    for line in report.lines():
        print(line)
    return 0


def cmd_homes_list(args: argparse.Namespace, settings: Settings) -> int:
    app = open_app(settings)
    try:
        homes = app.homes.all()
    finally:
        app.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "code": h.code,
                        "name": h.name,
                        "town": h.town,
                        "genders": h.genders,
                        "welfare_beds": h.welfare_beds,
                        "justice_beds": h.justice_beds,
                        "ofsted": h.ofsted,
                    }
                    for h in homes
                ],
                indent=2,
            )
        )
        return 0
    for h in homes:
        print(
            f"{h.code:<5} {h.name:<22} {h.town:<18} {h.genders:<7} "
            f"welfare {h.welfare_beds:>2}  justice {h.justice_beds:>2}  {h.ofsted}"
        )
    return 0


def cmd_vacancy_set(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.model import BedVacancy
    from bot.services import matching
    from bot.services.vacancies import add_report, bed_words
    from bot.store.models import HomeRow

    if args.beds < 0:
        raise CommandError("--beds must be 0 or more")
    app = open_app(settings)
    try:
        home = _find_home(app, args.home)
        now = app.clock()
        at = args.at or now
        if at > now:
            raise CommandError("--at is in the future")
        beds = (
            [BedVacancy(args.beds, args.gender, args.placement_type, args.available_from)]
            if args.beds
            else []
        )
        with app.db.session() as s:
            row = s.exec(select(HomeRow).where(HomeRow.code == home.code)).one()
            add_report(
                s, row, beds, reported_at=at, recorded_at=now, source="phone", reported_by="cli"
            )
        told = matching.rematch_open(app, home.code)
        from bot.commands.intake import _deliver

        _deliver(app)
    finally:
        app.close()
    from bot.clock import london

    what = ", ".join(bed_words(b, london(now).date()) for b in beds) or "no vacancies"
    print(f"{home.name}: {what} (reported {at.isoformat(timespec='minutes')})")
    if told:
        print(f"officers told of a new eligible home for {', '.join(told)}")
    return 0


def _find_home(app: Any, text: str) -> Any:
    from rapidfuzz import fuzz, process

    homes = app.homes.all()
    for h in homes:
        if text.strip().lower() in (h.code.lower(), h.name.lower()):
            return h
    scored = process.extract(
        text, {h.code: h.name for h in homes}, scorer=fuzz.WRatio, limit=2, score_cutoff=80
    )
    if not scored:
        raise CommandError(f"no home matches {text!r}")
    if len(scored) > 1 and scored[0][1] - scored[1][1] < 5:
        raise CommandError(f"{text!r} could be {scored[0][0]} or {scored[1][0]}: use the code")
    return next(h for h in homes if h.code == scored[0][2])


def cmd_vacancy_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london
    from bot.services.vacancies import bed_words, latest_reports

    app = open_app(settings)
    try:
        now = app.clock()
        today = london(now).date()
        with app.db.session() as s:
            reports = latest_reports(s)
        homes = app.homes.all()
    finally:
        app.close()
    items: list[dict[str, Any]] = []
    for h in homes:
        r = reports.get(h.code)
        items.append(
            {
                "home": h.name,
                "home_code": h.code,
                "total_available": sum(b.count for b in r.beds) if r else None,
                "beds": [bed_words(b, today) for b in r.beds] if r else [],
                "reported_at": r.reported_at.isoformat() if r else None,
                "age_hours": round((now - r.reported_at).total_seconds() / 3600, 1) if r else None,
                "reported_today": bool(r and london(r.reported_at).date() == today),
                "source": r.source if r else None,
            }
        )
    if args.json:
        print(json.dumps(items, indent=2))
        return 0
    for i in items:
        if i["reported_at"] is None:
            print(f"{i['home_code']:<5} {i['home']:<22} no report yet")
            continue
        beds = ", ".join(i["beds"]) or "no vacancies"
        flag = "" if i["reported_today"] else "  (not reported today)"
        print(f"{i['home_code']:<5} {i['home']:<22} {beds:<40} {i['age_hours']}h ago{flag}")
    missing = [i["home"] for i in items if not i["reported_today"]]
    print(
        f"{len(missing)} of {len(items)} homes have not reported today"
        + (f": {', '.join(missing)}" if missing else "")
    )
    return 0
