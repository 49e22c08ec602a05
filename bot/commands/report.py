"""report --month YYYY-MM --out DIR [--json]."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from bot.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("report", help="the monthly data report (workbook, CSV files, charts)")
    p.add_argument("--month", required=True, help="YYYY-MM: referrals received that month")
    p.add_argument("--out", required=True, type=Path, help="directory for the files")
    p.add_argument("--json", action="store_true", help="print the summary figures as JSON")
    p.set_defaults(handler=cmd_report)


class Progress:
    """Steps on stderr: at once on a terminal, otherwise only once the run has taken over
    a second (a scheduler's log is not cluttered by a quick run)."""

    def __init__(self, stream: TextIO | None = None, after_s: float = 1.0) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.started = time.monotonic()
        self.after_s = after_s
        self.tty = self.stream.isatty()

    def __call__(self, step: str) -> None:
        elapsed = time.monotonic() - self.started
        if self.tty or elapsed > self.after_s:
            print(f"report: {step} ({elapsed:.1f} s)", file=self.stream, flush=True)


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.common import open_app, print_json
    from bot.services.report import parse_month, produce_report

    parse_month(args.month)  # a bad month is refused before the database is opened
    app = open_app(settings)
    try:
        result = produce_report(
            app.db,
            args.month,
            args.out,
            app.clock(),
            gazetteer=app.gazetteer,
            progress=Progress(),
        )
    finally:
        app.close()
    files = [str(p) for p in result.files]
    if args.json:
        print_json({**result.figures.summary(), "files": files})
        return 0
    s = result.figures.summary()
    pct = "n/a" if s["lists_within_2h_pct"] is None else f"{s['lists_within_2h_pct']}%"
    print(
        f"{s['month']}: {s['referrals']} referrals, {s['complete']} complete, "
        f"{s['lists_within_2h']} lists within 2 h ({pct}); {len(files)} files in {args.out}"
    )
    return 0
