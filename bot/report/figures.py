"""The monthly report's figures: a pure function of the month's rows.

No database, no clock, no settings: `compute_figures(rows, rules)` is all there is, so the
CLI and the scheduler share it and the tests check it on rows they build by hand.
A referral belongs to the month in which it was received, London time.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.clock import LONDON
from bot.domain.model import Place
from bot.matching.types import EXCLUSION_REASONS
from bot.reference.places import miles_between
from bot.report.kpi import Kpi, derive_breaches, kpi_figures
from bot.report.rows import MonthRows, ReferralRow, ReportHome
from bot.report.rules import ReportRules
from bot.report.vacancies import Vacancies, vacancy_figures

OPEN = ("incomplete", "complete", "list_sent")
TREND_MONTHS = 12


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, by the London calendar, in UTC (so
    that differences are real time, not wall-clock time)."""
    start = datetime(year, month, 1, tzinfo=LONDON)
    end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LONDON)
    return start.astimezone(UTC), end.astimezone(UTC)


def months_back(year: int, month: int, n: int) -> list[tuple[int, int]]:
    """The n months ending with (year, month), oldest first."""
    index = year * 12 + month - 1
    return [divmod(i, 12) for i in range(index - n + 1, index + 1)]


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=i) for i in range((following - first).days)]


def received_in(r: ReferralRow, year: int, month: int) -> bool:
    local = r.received_at.astimezone(LONDON)
    return (local.year, local.month) == (year, month)


@dataclass(frozen=True)
class Volume:
    received: int
    complete: int
    incomplete: int
    by_authority: dict[str, int]
    authority_regions: dict[str, str]
    by_region: dict[str, int]
    by_gender: dict[str, int]
    by_age_band: dict[str, int]
    by_placement_type: dict[str, int]


@dataclass(frozen=True)
class Placement:
    reference: str
    initials: str | None
    home_code: str
    home_name: str
    miles: float | None  # from the child's home area, straight line
    placed_at: datetime | None


@dataclass(frozen=True)
class Closure:
    reference: str
    initials: str | None
    reason: str
    closed_at: datetime | None


@dataclass(frozen=True)
class StillOpen:
    reference: str
    initials: str | None
    status: str


@dataclass(frozen=True)
class Unmet:
    reference: str
    initials: str | None
    region: str
    reason: str  # a matcher exclusion code, or "unknown"


@dataclass(frozen=True)
class Outcomes:
    placed: tuple[Placement, ...]
    withdrawn: tuple[Closure, ...]
    not_placed: tuple[Closure, ...]
    still_open: tuple[StillOpen, ...]
    withdrawn_by_reason: dict[str, int]
    not_placed_by_reason: dict[str, int]
    mean_miles: float | None
    median_miles: float | None
    unmet: tuple[Unmet, ...]
    unmet_by_region: dict[str, int]
    unmet_by_reason: dict[str, int]

    def counts(self) -> dict[str, int]:
        return {
            "placed": len(self.placed),
            "withdrawn": len(self.withdrawn),
            "not_placed": len(self.not_placed),
            "open": len(self.still_open),
        }


@dataclass(frozen=True)
class TrendMonth:
    month: str  # YYYY-MM
    received: int
    complete: int
    within: int
    within_pct: float | None


@dataclass(frozen=True)
class Figures:
    month: str
    generated_at: datetime
    rules: ReportRules
    volume: Volume
    kpi: Kpi
    outcomes: Outcomes
    vacancies: Vacancies
    trend: tuple[TrendMonth, ...]

    def summary(self) -> dict[str, Any]:
        """The interface's `swcu report --json` object, less `files`."""
        return {
            "month": self.month,
            "referrals": self.volume.received,
            "complete": self.volume.complete,
            "lists_sent": self.kpi.lists_sent,
            "lists_within_2h": self.kpi.within,
            "lists_within_2h_pct": self.kpi.within_pct,
            "median_minutes_to_list": self.kpi.median_minutes,
            "outcomes": self.outcomes.counts(),
            "by_authority": dict(self.volume.by_authority),
        }


def compute_figures(rows: MonthRows, rules: ReportRules) -> Figures:
    start, end = month_bounds(rows.year, rows.month)
    cutoff = min(end, rows.now)
    month = [r for r in rows.referrals if received_in(r, rows.year, rows.month)]
    homes = {h.code: h for h in rows.homes}
    names = {h.code: h.name for h in rows.homes}
    breaches = rows.breaches
    if breaches is None:
        breaches = derive_breaches(month, cutoff, rules, names)
    return Figures(
        month=f"{rows.year:04d}-{rows.month:02d}",
        generated_at=rows.now,
        rules=rules,
        volume=volume_figures(month, rules),
        kpi=kpi_figures(month, breaches, cutoff, rules),
        outcomes=outcome_figures(month, homes, rules),
        vacancies=vacancy_figures(
            month_days(rows.year, rows.month),
            rows.working_days,
            rows.now,
            rows.homes,
            rows.vacancies,
        ),
        trend=trend_figures(rows.referrals, rows.year, rows.month, cutoff, rules),
    )


def _tally(values: Iterable[str], order: Sequence[str] = ()) -> dict[str, int]:
    """Counts, in the given order first, then largest first, then by name."""
    counts = Counter(values)
    first = [k for k in order if k in counts]
    rest = sorted((k for k in counts if k not in first), key=lambda k: (-counts[k], k))
    return {k: counts[k] for k in (*first, *rest)}


def volume_figures(month: Sequence[ReferralRow], rules: ReportRules) -> Volume:
    complete = sum(r.completed_at is not None for r in month)
    regions: dict[str, str] = {}
    for r in month:
        regions.setdefault(r.authority or rules.not_given, r.region or rules.not_given)
    band_order = [label for _, _, label in rules.age_bands]
    return Volume(
        received=len(month),
        complete=complete,
        incomplete=len(month) - complete,
        by_authority=_tally(r.authority or rules.not_given for r in month),
        authority_regions=regions,
        by_region=_tally(r.region or rules.not_given for r in month),
        by_gender=_tally(
            (rules.word("gender", r.gender) for r in month),
            [rules.word("gender", g) for g in ("female", "male", "non_binary", "unknown")],
        ),
        by_age_band=_tally((rules.age_band(r.age) for r in month), band_order),
        by_placement_type=_tally(
            (rules.word("placement_type", r.placement_type) for r in month),
            [rules.word("placement_type", t) for t in ("welfare", "justice")],
        ),
    )


def reason_text(reason: str | None, rules: ReportRules) -> str:
    text = " ".join((reason or "").split())
    return text[:1].upper() + text[1:] if text else rules.not_given


def _by_reason(closures: Sequence[Closure]) -> dict[str, int]:
    # Free text: the same reason written in another case counts once, under its first form.
    first: dict[str, str] = {}
    for c in closures:
        first.setdefault(c.reason.lower(), c.reason)
    return _tally(first[c.reason.lower()] for c in closures)


def primary_reason(reasons: Sequence[str]) -> str:
    """The reason that ruled out most homes; ties go to the matcher's precedence."""
    if not reasons:
        return "unknown"
    counts = Counter(reasons)
    rank = {code: i for i, code in enumerate(EXCLUSION_REASONS)}
    return min(counts, key=lambda c: (-counts[c], rank.get(c, len(rank)), c))


def outcome_figures(
    month: Sequence[ReferralRow], homes: dict[str, ReportHome], rules: ReportRules
) -> Outcomes:
    ordered = sorted(month, key=lambda r: (r.received_at, r.reference))
    placed = []
    for r in ordered:
        if r.status != "placed":
            continue
        home = homes.get(r.placed_home_code or "")
        distance = None
        if home is not None and r.origin is not None:
            to = Place(home.name, home.latitude, home.longitude)
            distance = round(miles_between(r.origin, to), 1)
        code = r.placed_home_code or ""
        name = home.name if home else (code or rules.not_given)
        placed.append(Placement(r.reference, r.initials, code, name, distance, r.closed_at))
    closures = {
        status: tuple(
            Closure(r.reference, r.initials, reason_text(r.outcome_reason, rules), r.closed_at)
            for r in ordered
            if r.status == status
        )
        for status in ("withdrawn", "not_placed")
    }
    still_open = tuple(
        StillOpen(r.reference, r.initials, r.status) for r in ordered if r.status in OPEN
    )
    unmet = tuple(
        Unmet(
            r.reference,
            r.initials,
            r.region or rules.not_given,
            primary_reason(r.exclusion_reasons),
        )
        for r in ordered
        if r.eligible_home_codes == () and r.status != "placed"
    )
    miles = [p.miles for p in placed if p.miles is not None]
    return Outcomes(
        placed=tuple(placed),
        withdrawn=closures["withdrawn"],
        not_placed=closures["not_placed"],
        still_open=still_open,
        withdrawn_by_reason=_by_reason(closures["withdrawn"]),
        not_placed_by_reason=_by_reason(closures["not_placed"]),
        mean_miles=round(statistics.fmean(miles), 1) if miles else None,
        median_miles=round(statistics.median(miles), 1) if miles else None,
        unmet=unmet,
        unmet_by_region=_tally(u.region for u in unmet),
        unmet_by_reason=_tally((u.reason for u in unmet), [*EXCLUSION_REASONS, "unknown"]),
    )


def trend_figures(
    referrals: Sequence[ReferralRow],
    year: int,
    month: int,
    cutoff: datetime,
    rules: ReportRules,
) -> tuple[TrendMonth, ...]:
    out = []
    for y, m0 in months_back(year, month, TREND_MONTHS):
        rows = [r for r in referrals if received_in(r, y, m0 + 1)]
        _, end = month_bounds(y, m0 + 1)
        kpi = kpi_figures(rows, (), min(end, cutoff), rules)
        out.append(
            TrendMonth(f"{y:04d}-{m0 + 1:02d}", len(rows), kpi.complete, kpi.within, kpi.within_pct)
        )
    return tuple(out)


def with_stored_breaches(
    rows: MonthRows, stored: dict[str, datetime], rules: ReportRules
) -> MonthRows:
    """The month's rows with the breaches the two-hour guard recorded (reference → the
    completion time it saw) in place of the derived ones for those referrals; referrals
    it did not record (the scheduler was not running) are still derived. A recorded
    breach stands even if the referral was later corrected and completed again."""
    from dataclasses import replace

    start, end = month_bounds(rows.year, rows.month)
    cutoff = min(end, rows.now)
    month = [r for r in rows.referrals if received_in(r, rows.year, rows.month)]
    names = {h.code: h.name for h in rows.homes}
    derived = {b.reference: b for b in derive_breaches(month, cutoff, rules, names)}
    allowed = timedelta(minutes=rules.list_within_minutes, seconds=1)
    for r in month:
        seen = stored.get(r.reference)
        if seen is None:
            continue
        again = derive_breaches(
            [replace(r, completed_at=seen)], max(cutoff, seen + allowed), rules, names
        )
        if again:
            derived[r.reference] = again[0]
    breaches = tuple(sorted(derived.values(), key=lambda b: (b.completed_at, b.reference)))
    return replace(rows, breaches=breaches)
