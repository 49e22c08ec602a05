"""The report read from a real database (SQLite, and PostgreSQL when configured): the same
October as tests/report/test_figures.py, the regions joined from the authorities, unmet
demand explained by the matcher, the working days from England's bank holidays."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.app import App
from bot.matching.geo import haversine_miles
from bot.services.report import (
    ReportError,
    england_working_days,
    parse_month,
    previous_month,
    produce_report,
)
from bot.settings import Settings
from tests.report.scenario import FEE, HARBOUR, NOW, OCTOBER_SUMMARY
from tests.report.seed import seed_scenario
from tests.support.clock import FakeClock


@pytest.fixture
def report_app(settings: Settings) -> Iterator[App]:
    application = App(settings, clock=FakeClock(NOW))
    with application.db.session() as s:
        seed_scenario(s)
    yield application
    application.close()


def test_report_from_the_database(report_app: App, tmp_path: Path) -> None:
    steps: list[str] = []
    result = produce_report(
        report_app.db,
        "2026-10",
        tmp_path / "out",
        NOW,
        gazetteer=report_app.gazetteer,
        progress=steps.append,
    )
    f = result.figures
    assert f.summary() == OCTOBER_SUMMARY
    # Regions come from the authorities table, by code.
    assert f.volume.by_region["South East"] == 5 and f.volume.by_region["London"] == 1
    assert [b.reference for b in f.kpi.breaches] == ["SW-E", "SW-F"]
    # Distance from the child's home area (located by the gazetteer) to the home.
    origin = report_app.gazetteer.locate("Portsmouth")
    assert origin is not None
    expected = haversine_miles(origin.latitude, origin.longitude, *HARBOUR[2:])
    assert f.outcomes.placed[0].miles == round(expected, 1)
    # F (female, 14, closed 22 Oct): Harbour had no report, Alder takes boys only, Birch
    # takes 16-17: one home each, so the matcher's precedence names gender. I (17) would
    # fit Birch now: the reason is no longer known.
    assert [(u.reference, u.reason) for u in f.outcomes.unmet] == [
        ("SW-F", "gender"),
        ("SW-I", "unknown"),
    ]
    rates = {r.home_code: (r.working_days, r.days_reported) for r in f.vacancies.reporting}
    assert rates == {"ALD": (22, 3), "BIR": (22, 1), "HAR": (22, 0)}
    assert f.trend[-2].received == 1  # September: B only
    assert steps[0] == "reading the month's rows" and "drawing the charts" in steps

    names = {p.name for p in result.files}
    assert {"swcu-report-2026-10.xlsx", "swcu-report-2026-10-breaches.csv"} <= names
    assert sum(n.endswith(".png") for n in names) == 4
    # No fee anywhere in the files.
    fee = re.compile(rf"(?<![\d.]){FEE}(?!\d)")
    for path in result.files:
        if path.suffix == ".csv":
            assert not fee.search(path.read_text(encoding="utf-8")), path.name
    wb = load_workbook(tmp_path / "out" / "swcu-report-2026-10.xlsx", read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            assert not any(fee.search(str(v)) for v in row if v is not None), ws.title
    breaches = list(csv.reader((tmp_path / "out" / "swcu-report-2026-10-breaches.csv").open()))
    assert [r[0] for r in breaches[1:]] == ["SW-E", "SW-F"]
    assert breaches[1][2] == "2026-10-10 11:00"  # London time (BST)


def test_months_and_directories_refused(report_app: App, tmp_path: Path) -> None:
    for bad in ("2026-13", "2026-1", "October", "2026-10-01"):
        with pytest.raises(ReportError, match="YYYY-MM"):
            parse_month(bad)
    with pytest.raises(ReportError, match="not begun"):
        produce_report(report_app.db, "2026-12", tmp_path, NOW)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(ReportError, match="cannot create"):
        produce_report(report_app.db, "2026-10", blocker / "out", NOW)


def test_working_days_leave_out_weekends_and_bank_holidays() -> None:
    december = [date(2026, 12, d) for d in range(1, 32)]
    days = england_working_days(december)
    # Christmas is a Friday; Boxing Day a Saturday, so its holiday is Monday the 28th.
    assert date(2026, 12, 25) not in days and date(2026, 12, 28) not in days
    assert date(2026, 12, 24) in days and date(2026, 12, 29) in days
    assert len(days) == 23 - 2


def test_previous_month_is_read_in_london() -> None:
    from datetime import UTC, datetime

    assert previous_month(datetime(2026, 11, 1, 0, 30, tzinfo=UTC)) == "2026-10"
    # 31 Oct 23:30 UTC is still October in London (GMT): the month before is September.
    assert previous_month(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)) == "2026-09"
    # 31 Mar 23:30 UTC is 1 April 00:30 BST.
    assert previous_month(datetime(2027, 3, 31, 23, 30, tzinfo=UTC)) == "2027-03"
    assert previous_month(datetime(2027, 1, 5, tzinfo=UTC)) == "2026-12"
