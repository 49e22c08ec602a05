"""The report's files: a workbook, the same tables as CSV, and four charts.

Thin over the figures and tables. matplotlib is imported here only, when charts are drawn,
so nothing else (intake above all) pays for it at start-up.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.report.figures import Figures
from bot.report.tables import Table


def slug(name: str) -> str:
    return "-".join(name.lower().replace("%", "pct").split())


def write_csvs(tables: Sequence[Table], out_dir: Path, stem: str) -> list[Path]:
    paths = []
    for t in tables:
        path = out_dir / f"{stem}-{slug(t.name)}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(t.columns)
            w.writerows(t.rows)
        paths.append(path)
    return paths


def write_workbook(tables: Sequence[Table], path: Path, title: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    for t in tables:
        ws = wb.create_sheet(t.name[:31])
        ws.append(list(t.columns))
        for row in t.rows:
            ws.append(list(row))
        for cell in ws[1]:
            cell.font = head_font
            cell.fill = head_fill
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.freeze_panes = "A2"
        for i, column in enumerate(t.columns, start=1):
            longest = max([len(str(column))] + [len(str(r[i - 1] or "")) for r in t.rows])
            ws.column_dimensions[get_column_letter(i)].width = min(60, max(10, longest + 2))
        if t.rows:
            ws.auto_filter.ref = ws.dimensions
    wb.properties.title = title
    wb.save(path)
    return path


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display
    import matplotlib.pyplot as plt

    return plt


def write_charts(f: Figures, out_dir: Path, stem: str) -> list[Path]:
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator  # counts: no 2.5 referrals on an axis

    paths = []

    def save(fig: Any, name: str) -> None:
        path = out_dir / f"{stem}-{name}.png"
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)
        paths.append(path)

    months = [t.month for t in f.trend]
    fig, ax = plt.subplots(figsize=(10, 5))
    x = range(len(months))
    ax.bar([i - 0.2 for i in x], [t.received for t in f.trend], 0.4, label="Received")
    ax.bar([i + 0.2 for i in x], [t.complete for t in f.trend], 0.4, label="Complete")
    ax.set_xticks(list(x), months, rotation=45, ha="right")
    ax.set_xlabel("Month received (London time)")
    ax.set_ylabel("Referrals")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Referrals and the two-hour KPI, 12 months to {f.month}")
    kpi = ax.twinx()
    kpi.plot(
        list(x),
        [t.within_pct for t in f.trend],
        color="black",
        marker="o",
        label="% with a list within 2 h",
    )
    kpi.axhline(
        f.kpi.target_pct, color="red", linestyle="--", label=f"Target {f.kpi.target_pct:g}%"
    )
    kpi.set_ylim(0, 105)
    kpi.set_ylabel("% of complete referrals with a list within 2 h")
    lines, labels = ax.get_legend_handles_labels()
    lines2, labels2 = kpi.get_legend_handles_labels()
    ax.legend(lines + lines2, labels + labels2, loc="lower left", fontsize="small")
    save(fig, "volume-kpi")

    fig, ax = plt.subplots(figsize=(8, 5))
    bins = list(f.kpi.distribution)
    ax.bar(bins, list(f.kpi.distribution.values()), color="#1F4E79")
    ax.set_xlabel("Minutes from complete to list")
    ax.set_ylabel("Lists sent")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Minutes to list, {f.month} (median {_or_na(f.kpi.median_minutes)})")
    ax.tick_params(axis="x", rotation=30)
    save(fig, "minutes-to-list")

    fig, ax = plt.subplots(figsize=(8, 5))
    counts = f.outcomes.counts()
    labels = [f.rules.word("status", s) if s != "open" else "Still open" for s in counts]
    ax.bar(labels, list(counts.values()), color=["#2E7D32", "#F9A825", "#C62828", "#607D8B"])
    ax.set_xlabel("Outcome")
    ax.set_ylabel("Referrals received in the month")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Outcomes of referrals received in {f.month}")
    save(fig, "outcomes")

    fig, ax = plt.subplots(figsize=(8, 5))
    regions = f.volume.by_region
    ax.barh(list(regions)[::-1], list(regions.values())[::-1], color="#1F4E79")
    ax.set_xlabel("Referrals")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("Region of the placing authority")
    ax.set_title(f"Referrals by region, {f.month}")
    save(fig, "regions")
    return paths


def _or_na(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g} min"
