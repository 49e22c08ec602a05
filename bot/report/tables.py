"""The figures laid out as tables: one sheet of the workbook and one CSV file each.

Children appear by reference and initials only; no table has a fee.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.clock import london
from bot.report.figures import Figures

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    name: str  # sheet name (at most 31 characters) and CSV file suffix
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def when(dt: datetime | None) -> str | None:
    return None if dt is None else f"{london(dt):%Y-%m-%d %H:%M}"


def _counts(name: str, heading: str, counts: Mapping[str, int]) -> Table:
    total = sum(counts.values())
    rows = [(k, v, round(100 * v / total, 1) if total else None) for k, v in counts.items()]
    return Table(
        name, (heading, "Referrals", "%"), (*rows, ("Total", total, 100.0 if total else None))
    )


def build_tables(f: Figures) -> list[Table]:
    v, k, o, vac, rules = f.volume, f.kpi, f.outcomes, f.vacancies, f.rules
    pct = "n/a" if k.within_pct is None else k.within_pct
    summary = Table(
        "Summary",
        ("Figure", "Value"),
        (
            ("Month", f.month),
            ("Referrals received", v.received),
            ("Complete", v.complete),
            ("Incomplete", v.incomplete),
            ("Lists sent", k.lists_sent),
            (f"Lists within {rules.list_within_minutes} minutes", k.within),
            ("% of complete referrals with a list in time", pct),
            ("Target %", k.target_pct),
            ("Target met", None if k.target_met is None else ("yes" if k.target_met else "no")),
            ("Median minutes to list", k.median_minutes),
            ("Breaches", len(k.breaches)),
            ("Complete, list not yet due", k.awaiting),
            ("Placed", len(o.placed)),
            ("Withdrawn", len(o.withdrawn)),
            ("Not placed", len(o.not_placed)),
            ("Still open", len(o.still_open)),
            ("No home eligible (unmet demand)", len(o.unmet)),
            ("Mean miles from home (placed)", o.mean_miles),
            ("Median miles from home (placed)", o.median_miles),
            ("Homes' daily check reporting rate %", vac.reporting_pct),
            ("Generated", when(f.generated_at)),
        ),
    )
    return [
        summary,
        Table(
            "By authority",
            ("Placing authority", "Region", "Referrals"),
            tuple((a, v.authority_regions.get(a), n) for a, n in v.by_authority.items()),
        ),
        _counts("By region", "Region", v.by_region),
        _counts("By gender", "Gender", v.by_gender),
        _counts("By age band", "Age band", v.by_age_band),
        _counts("Welfare and justice", "Placement type", v.by_placement_type),
        Table(
            "Minutes to list",
            ("Reference", "Initials", "Complete", "List sent", "Minutes", "In time"),
            tuple(
                (
                    t.reference,
                    t.initials,
                    when(t.completed_at),
                    when(t.list_sent_at),
                    t.minutes,
                    "yes" if t.within else "no",
                )
                for t in k.lists
            ),
        ),
        Table(
            "Minutes distribution",
            ("Minutes to list", "Lists"),
            tuple(k.distribution.items()),
        ),
        Table(
            "Breaches",
            ("Reference", "Initials", "Complete", "List sent", "Minutes", "What happened"),
            tuple(
                (
                    b.reference,
                    b.initials,
                    when(b.completed_at),
                    when(b.list_sent_at),
                    b.minutes_to_list,
                    b.what_happened,
                )
                for b in k.breaches
            ),
        ),
        _counts(
            "Outcomes",
            "Outcome",
            {rules.word("status", s): n for s, n in o.counts().items() if s != "open"}
            | {"Still open": len(o.still_open)},
        ),
        Table(
            "Placed",
            ("Reference", "Initials", "Home", "Miles from home", "Placed"),
            tuple(
                (p.reference, p.initials, p.home_name, p.miles, when(p.placed_at)) for p in o.placed
            ),
        ),
        Table(
            "Withdrawn",
            ("Reference", "Initials", "Reason", "Closed"),
            tuple((c.reference, c.initials, c.reason, when(c.closed_at)) for c in o.withdrawn),
        ),
        _counts("Withdrawn reasons", "Reason", o.withdrawn_by_reason),
        Table(
            "Not placed",
            ("Reference", "Initials", "Reason", "Closed"),
            tuple((c.reference, c.initials, c.reason, when(c.closed_at)) for c in o.not_placed),
        ),
        Table(
            "Still open",
            ("Reference", "Initials", "Status"),
            tuple((s.reference, s.initials, rules.word("status", s.status)) for s in o.still_open),
        ),
        Table(
            "Unmet demand",
            ("Reference", "Initials", "Region", "Why no home was eligible"),
            tuple(
                (u.reference, u.initials, u.region, rules.word("exclusion", u.reason))
                for u in o.unmet
            ),
        ),
        _counts("Unmet by region", "Region", o.unmet_by_region),
        _counts(
            "Unmet by reason",
            "Why no home was eligible",
            {rules.word("exclusion", r): n for r, n in o.unmet_by_reason.items()},
        ),
        Table(
            "Vacancies",
            ("Home", "Days known", "Welfare beds", "Justice beds", "Either type", "Total"),
            tuple((b.name, b.days_known, b.welfare, b.justice, b.any, b.total) for b in vac.beds),
        ),
        Table(
            "Reporting rate",
            ("Home", "Working days", "Days reported", "Rate %"),
            tuple((r.name, r.working_days, r.days_reported, r.rate_pct) for r in vac.reporting),
        ),
        Table(
            "Trend",
            ("Month", "Received", "Complete", "Lists in time", "% in time", "Target %"),
            tuple(
                (t.month, t.received, t.complete, t.within, t.within_pct, k.target_pct)
                for t in f.trend
            ),
        ),
    ]
