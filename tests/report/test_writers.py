"""The files open: the workbook read back with openpyxl, the CSVs match its sheets, the
charts are real PNG images."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from bot.harness import REPO
from bot.report.figures import compute_figures
from bot.report.tables import build_tables
from bot.services.report import write_files
from tests.report.test_figures import RULES, month_rows

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_workbook_csv_and_charts(tmp_path: Path) -> None:
    figures = compute_figures(month_rows(), RULES)
    files = write_files(figures, tmp_path, lambda _: None)
    tables = build_tables(figures)

    wb = load_workbook(tmp_path / "swcu-report-2026-10.xlsx")
    assert wb.sheetnames == [t.name for t in tables]
    assert "Summary" in wb.sheetnames and "Breaches" in wb.sheetnames
    summary = wb["Summary"]
    assert summary.freeze_panes == "A2" and summary["A1"].font.bold
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=2)}
    assert values["Month"] == "2026-10"
    assert values["Referrals received"] == 8
    assert values["% of complete referrals with a list in time"] == 57.1
    assert values["Breaches"] == 2
    breaches = wb["Breaches"]
    assert [c.value for c in breaches[1]][:2] == ["Reference", "Initials"]
    assert breaches["A2"].value == "SW-E" and breaches["A3"].value == "SW-F"
    trend = wb["Trend"]
    assert trend.max_row == 13 and trend["A13"].value == "2026-10"

    # Each CSV holds the same table as its sheet.
    placed_csv = tmp_path / "swcu-report-2026-10-placed.csv"
    with placed_csv.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    sheet = [
        [("" if v is None else str(v)) for v in r] for r in wb["Placed"].iter_rows(values_only=True)
    ]
    assert rows == sheet and rows[1][:3] == ["SW-A", "AA", "Harbour Point"]
    assert sum(p.suffix == ".csv" for p in files) == len(tables)

    charts = [p for p in files if p.suffix == ".png"]
    assert [p.name.removeprefix("swcu-report-2026-10-") for p in charts] == [
        "volume-kpi.png",
        "minutes-to-list.png",
        "outcomes.png",
        "regions.png",
    ]
    for path in charts:
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        with Image.open(path) as img:
            img.verify()
            assert img.size[0] >= 600 and img.size[1] >= 400


def test_matplotlib_is_not_imported_by_the_cli_or_the_report_service() -> None:
    code = (
        "import sys, bot.cli, bot.services.report, bot.commands.report; "
        "bot.cli.build_parser(); print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stderr
