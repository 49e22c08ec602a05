"""homes import|list, vacancy set|list."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.clock import london_words
from bot.commands.common import (
    CommandError,
    actor,
    deliver,
    existing_file,
    open_app,
    print_json,
)
from bot.notify.templates import plural
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
        "load", help="record reports from a CSV (home,beds,gender,placement_type), reported now"
    )
    v.add_argument("file", type=existing_file)
    v.set_defaults(handler=cmd_vacancy_load)
    v = vsub.add_parser(
        "list", help="every home: beds, age of the report, who has not reported today"
    )
    v.add_argument("--json", action="store_true")
    v.add_argument("--history", action="store_true", help="every report, not only the current")
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

    if args.file.is_dir():
        raise CommandError(f"{args.file} is a folder: give the homes CSV file")
    if not args.file.is_file():
        if args.if_present:
            return 0
        raise CommandError(f"no such file: {args.file}")
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(f"{args.file}: not UTF-8 text") from None
    app = open_app(settings)
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
    from bot.services.vacancies import record_vacancy

    if args.beds < 0:
        raise CommandError("--beds must be 0 or more")
    app = open_app(settings)
    try:
        now = app.clock()
        at = args.at or now
        beds = [BedVacancy(args.beds, args.gender, args.placement_type, args.available_from)]
        done = record_vacancy(
            app, args.home, beds, reported_at=at, source="phone", actor=actor(), now=now
        )
        deliver(app)
    finally:
        app.close()
    what = ", ".join(done.beds) or "no vacancies"
    print(f"{done.home}: {what} (reported {london_words(done.reported_at)})")
    for warning in done.warnings:
        print(f"warning: {warning}")
    if done.newly_eligible_for:
        print(
            f"officers told: {done.home} is now eligible for "
            f"{plural(len(done.newly_eligible_for), 'referral')} "
            f"({', '.join(done.newly_eligible_for)})"
        )
    return 0


def cmd_vacancy_load(args: argparse.Namespace, settings: Settings) -> int:
    """The demo's vacancies (config/demo-vacancies.csv), or a day's phoned reports at once."""
    import csv

    from bot.domain.model import BedVacancy
    from bot.services.vacancies import record_vacancy

    try:
        rows = list(csv.DictReader(args.file.read_text(encoding="utf-8-sig").splitlines()))
    except UnicodeDecodeError:
        raise CommandError(f"{args.file}: not UTF-8 text") from None
    app = open_app(settings)
    try:
        now = app.clock()
        for line, row in enumerate(rows, start=2):
            try:
                bed = BedVacancy(
                    int(row["beds"]),
                    (row.get("gender") or "any").strip(),
                    (row.get("placement_type") or "any").strip(),
                )
                if bed.gender not in ("female", "male", "any") or bed.placement_type not in (
                    "welfare",
                    "justice",
                    "any",
                ):
                    raise ValueError
            except (KeyError, TypeError, ValueError):
                raise CommandError(
                    f"{args.file}: line {line}: expected home,beds,gender,placement_type"
                ) from None
            done = record_vacancy(
                app, row["home"], [bed], reported_at=now, source="cli", actor=actor(), now=now
            )
            print(f"{done.home}: {', '.join(done.beds) or 'no vacancies'}")
        deliver(app)
    finally:
        app.close()
    print(f"{plural(len(rows), 'report')} recorded")
    return 0


def cmd_vacancy_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import london
    from bot.services.vacancies import bed_words, beds_from_json, list_vacancies

    app = open_app(settings)
    try:
        now = app.clock()
        today = london(now).date()
        homes = list_vacancies(app, history=args.history)
    finally:
        app.close()
    items: list[dict[str, Any]] = []
    for h in homes:
        r = h.current
        item: dict[str, Any] = {
            "home": h.home,
            "home_code": h.home_code,
            "total_available": sum(b.count for b in r.beds) if r else None,
            "beds": [bed_words(b, today) for b in r.beds] if r else [],
            "reported_at": r.reported_at.isoformat() if r else None,
            "age_hours": round((now - r.reported_at).total_seconds() / 3600, 1) if r else None,
            "reported_today": bool(r and london(r.reported_at).date() == today),
            "source": r.source if r else None,
        }
        if args.history:
            item["history"] = [
                {
                    "reported_at": v.reported_at.isoformat(),
                    "recorded_at": v.recorded_at.isoformat(),
                    "source": v.source,
                    "beds": [bed_words(b, today) for b in beds_from_json(v.beds_json)],
                }
                for v in h.history
            ]
        items.append(item)
    if args.json:
        print_json(items)
        return 0
    for i in items:
        if i["reported_at"] is None:
            print(f"{i['home_code']:<5} {i['home']:<22} no report yet")
            continue
        beds = ", ".join(i["beds"]) or "no vacancies"
        flag = "" if i["reported_today"] else "  (not reported today)"
        print(f"{i['home_code']:<5} {i['home']:<22} {beds:<40} {i['age_hours']}h ago{flag}")
        for past in i.get("history", []):
            print(
                f"        reported {past['reported_at'][:16]}, recorded "
                f"{past['recorded_at'][:16]}: {', '.join(past['beds']) or 'no vacancies'}"
            )
    missing = [i["home"] for i in items if not i["reported_today"]]
    print(
        f"{len(missing)} of {plural(len(items), 'home')} have not reported today"
        + (f": {', '.join(missing)}" if missing else "")
    )
    return 0
