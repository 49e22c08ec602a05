"""bench intake|match|e2e|parse|report|hostile|schedule."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from bot.commands.common import CommandError
from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("bench", help="performance figures (printed; never a pass/fail)")
    p.add_argument(
        "which",
        choices=("intake", "match", "e2e", "parse", "report", "hostile", "schedule", "slack"),
    )
    p.add_argument("--messages", type=int, default=400, help="intake/e2e: messages to send")
    p.add_argument("--clients", type=int, default=8, help="intake: concurrent SMTP clients")
    p.add_argument("--homes", type=int, default=3000, help="match: synthetic homes")
    p.add_argument(
        "--referrals",
        type=int,
        default=200,
        help="match: referrals to rank for; slack: open referrals",
    )
    p.add_argument(
        "--postgres",
        action="store_true",
        help="use SWCU_TEST_DATABASE_URL's "
        "server (a fresh database) instead of a fresh SQLite file",
    )
    p.add_argument(
        "--dir",
        action="append",
        default=[],
        help="parse: a folder of .eml files (repeatable; default the samples and corpus)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object of figures")
    p.set_defaults(handler=cmd_bench)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from bot import bench

    for name in ("messages", "clients", "homes", "referrals"):
        if getattr(args, name) <= 0:
            raise CommandError(f"--{name} must be positive")
    if args.postgres:
        url = os.environ.get("SWCU_TEST_DATABASE_URL")
        if not url:
            raise CommandError("--postgres needs SWCU_TEST_DATABASE_URL")
        from bot.harness import fresh_postgres

        with fresh_postgres(url) as db_url:
            figures = _run(bench, args, db_url)
    else:
        figures = _run(bench, args, None)
    if args.json:
        print(json.dumps(figures))
    else:
        for k, v in figures.items():
            print(f"{k}: {v}")
    return 0


def _run(bench: Any, args: argparse.Namespace, url: str | None) -> dict[str, Any]:
    if args.which == "parse":
        return dict(bench.bench_parse(_parse_folders(args.dir)))
    if args.which == "intake":
        return dict(bench.bench_intake(args.messages, args.clients, url))
    if args.which == "e2e":
        return dict(bench.bench_e2e(min(args.messages, 100), url))
    if args.which == "report":
        from bot.bench_report import bench_report

        return bench_report(url)
    if args.which == "hostile":
        from bot.bench_hostile import bench_hostile

        return bench_hostile(url)
    if args.which == "schedule":
        from bot.bench_schedule import bench_schedule

        return bench_schedule(url)
    if args.which == "slack":
        from bot.bench_slack import bench_slack

        return bench_slack(open_referrals=args.referrals, database_url=url)
    return dict(bench.bench_match(args.homes, args.referrals, url))


def _parse_folders(given: list[str]) -> list[Path]:
    from bot.harness import REPO

    if given:
        folders = [Path(d) for d in given]
        for folder in folders:
            if not folder.is_dir():
                raise CommandError(f"--dir {folder}: not a folder")
        return folders
    fixtures = REPO / "tests" / "fixtures"
    candidates = [fixtures / "samples", *sorted((fixtures / "corpus").glob("*"))]
    return [c for c in candidates if c.is_dir()]
