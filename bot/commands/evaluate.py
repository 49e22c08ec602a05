"""eval parse: the parser measured against a folder of hand-written cases."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bot.commands.common import CommandError, parse_app
from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="measure the parser against expected results")
    esub = p.add_subparsers(dest="what", metavar="WHAT")
    esub.required = True
    e = esub.add_parser("parse", help="score every NAME.eml against its NAME.expected.json")
    e.add_argument("folder", type=Path, help="a folder of cases")
    e.add_argument("--json", action="store_true", help="print one JSON report")
    e.set_defaults(handler=cmd_eval_parse)


def parser_for_eval(settings: Settings) -> Any:
    """parse(raw) -> the `swcu parse --json` object, with the demo homes when none are stored."""
    from bot.intake.parsing import parsed_to_json
    from bot.services.intake import IntakeService

    app = parse_app(settings)
    service = IntakeService(app)
    homes = app.homes.all() or demo_homes()

    def parse(raw: bytes) -> dict[str, Any]:
        return parsed_to_json(service.parse(raw, homes))

    return app, parse


def demo_homes() -> list[Any]:
    """config/demo-homes.csv through the product's own import (the corpus names these)."""
    from bot.store.homes import parse_homes_csv, to_home
    from bot.store.models import HomeRow

    text = (Path(__file__).resolve().parents[2] / "config" / "demo-homes.csv").read_text()
    return [to_home(HomeRow(**row)) for row in parse_homes_csv(text)]  # type: ignore[arg-type]


def cmd_eval_parse(args: argparse.Namespace, settings: Settings) -> int:
    from bot.evaluation.corpus import CorpusError, evaluate, read_cases

    try:
        cases = read_cases(args.folder)
    except CorpusError as exc:
        raise CommandError(str(exc)) from None
    app, parse = parser_for_eval(settings)
    try:
        report = evaluate(cases, parse)
    finally:
        app.close()
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return 0
    s = report["summary"]
    print(f"{'field':40} {'right':>6} {'wrong':>6} {'missing':>8} {'invented':>9}")
    for path, c in report["per_field"].items():
        print(f"{path:40} {c['right']:6} {c['wrong']:6} {c['missing']:8} {c['invented']:9}")
    if report["differences"]:
        print()
    for d in report["differences"]:
        print(
            f"{d['case']}: {d['field']} {d['outcome']}: expected {_show(d['expected'])}, "
            f"got {_show(d['got'])}"
        )
    print()
    print(
        f"{s['cases']} cases ({s['cases_exact']} exact), {s['fields']} fields: "
        f"{s['right_pct']}% right, {s['wrong']} wrong, {s['missing']} missing, "
        f"{s['invented']} invented"
    )
    return 0


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
