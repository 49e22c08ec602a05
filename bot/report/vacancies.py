"""Vacancy figures: average daily available beds, and how often each home answers the
daily check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.clock import LONDON, london
from bot.report.rows import BedReport, ReportHome

PLACEMENT_TYPES = ("welfare", "justice", "any")
# Beds a placement took off a report are our own bookkeeping, not a home's answer.
NOT_A_HOMES_REPORT = frozenset({"placement"})


@dataclass(frozen=True)
class HomeBeds:
    home_code: str
    name: str
    days_known: int  # days of the month with a vacancy position
    welfare: float  # average available beds a day, over the days known
    justice: float
    any: float  # beds for either placement type

    @property
    def total(self) -> float:
        return round(self.welfare + self.justice + self.any, 2)


@dataclass(frozen=True)
class HomeReporting:
    home_code: str
    name: str
    working_days: int
    days_reported: int
    rate_pct: float | None


@dataclass(frozen=True)
class Vacancies:
    days: int  # days of the month counted (up to the report's time)
    beds: tuple[HomeBeds, ...]
    reporting: tuple[HomeReporting, ...]
    reporting_pct: float | None  # all homes together


def _day_end(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=LONDON)


def vacancy_figures(
    days: Sequence[date],
    working_days: Sequence[date],
    now: datetime,
    homes: Sequence[ReportHome],
    reports: Sequence[BedReport],
) -> Vacancies:
    """`days`: the London days of the month; only those begun by `now` count. A home's
    position on a day is its newest-recorded report by the end of that day (or `now`)."""
    counted = [d for d in days if datetime.combine(d, time(0), tzinfo=LONDON) <= now]
    begun = set(counted)
    working = [d for d in working_days if d in begun]
    by_home: dict[str, list[BedReport]] = defaultdict(list)
    for r in reports:
        by_home[r.home_code].append(r)
    with_reports = set(by_home)
    shown = [h for h in homes if h.active or h.code in with_reports]
    beds_out, rates = [], []
    for home in sorted(shown, key=lambda h: h.name):
        history = sorted(by_home.get(home.code, []), key=lambda r: r.recorded_at)
        totals = dict.fromkeys(PLACEMENT_TYPES, 0)
        known = 0
        i, current = 0, None
        for d in counted:
            end = min(_day_end(d), now)
            while i < len(history) and history[i].recorded_at <= end:
                current = history[i]
                i += 1
            if current is None:
                continue
            known += 1
            for bed in current.beds:
                if bed.available_from is None or bed.available_from <= d:
                    kind = bed.placement_type if bed.placement_type in totals else "any"
                    totals[kind] += bed.count
        beds_out.append(
            HomeBeds(
                home.code,
                home.name,
                known,
                *(round(totals[k] / known, 2) if known else 0.0 for k in PLACEMENT_TYPES),
            )
        )
        reported_days = {
            london(r.reported_at).date() for r in history if r.source not in NOT_A_HOMES_REPORT
        }
        n = sum(d in reported_days for d in working)
        rates.append(
            HomeReporting(
                home.code,
                home.name,
                len(working),
                n,
                round(100 * n / len(working), 1) if working else None,
            )
        )
    all_days = sum(r.working_days for r in rates)
    return Vacancies(
        days=len(counted),
        beds=tuple(beds_out),
        reporting=tuple(rates),
        reporting_pct=round(100 * sum(r.days_reported for r in rates) / all_days, 1)
        if all_days
        else None,
    )
