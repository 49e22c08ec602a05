"""Every figure of the October 2026 scenario (tests/report/scenario.py), worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bot.matching.geo import haversine_miles
from bot.report.figures import MonthRows, compute_figures, month_bounds, primary_reason
from bot.report.rows import BedReport, Breach, ReferralRow, ReportHome
from bot.report.rules import load_rules
from tests.report.scenario import (
    ALDER,
    BIRCH,
    HARBOUR,
    NOW,
    OCTOBER_SUMMARY,
    PORTSMOUTH,
    REFERRALS,
    VACANCIES,
    t,
)

RULES = load_rules()
F_REASONS = ("no_vacancy", "no_vacancy", "age")


def referral_rows() -> tuple[ReferralRow, ...]:
    out = []
    for ref, f in REFERRALS.items():
        data: dict[str, Any] = dict(f)
        authority = data.pop("authority", None)
        eligible = data.pop("eligible", None)
        home_area = data.pop("home_area", None)
        out.append(
            ReferralRow(
                reference=ref,
                initials=ref[-1] * 2,
                authority=authority[1] if authority else None,
                region=authority[2] if authority else None,
                outcome_reason=data.pop("reason", None),
                origin=PORTSMOUTH if home_area else None,
                eligible_home_codes=eligible,
                exclusion_reasons=F_REASONS if ref == "SW-F" else (),
                **data,
            )
        )
    return tuple(out)


def october_working_days() -> tuple[date, ...]:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(31)]
    return tuple(d for d in days if d.weekday() < 5)


def month_rows(now: datetime = NOW, breaches: tuple[Breach, ...] | None = None) -> MonthRows:
    homes = tuple(ReportHome(*h) for h in (HARBOUR, ALDER, BIRCH)) + (
        ReportHome("CED", "Cedar (closed)", 52.0, -1.0, active=False),
    )
    reports = tuple(BedReport(code, at, at, source, beds) for code, at, source, beds in VACANCIES)
    return MonthRows(
        2026, 10, now, referral_rows(), homes, reports, october_working_days(), breaches
    )


@pytest.fixture(scope="module")
def figures() -> Any:
    return compute_figures(month_rows(), RULES)


def test_month_runs_in_london_time() -> None:
    start, end = month_bounds(2026, 10)
    assert (start, end) == (t(9, 30, 23), t(11, 1, 0))  # BST at the start, GMT at the end
    assert (end - start) == timedelta(days=31, hours=1)  # the clocks went back


def test_volume(figures: Any) -> None:
    v = figures.volume
    # A (1 Oct 00:30 BST) and C (31 Oct 23:30 GMT) are October's; B and D are not.
    assert (v.received, v.complete, v.incomplete) == (8, 7, 1)
    assert v.by_authority == {"Hampshire": 3, "Kent": 2, "Lambeth": 1, "Leeds": 1, "Not given": 1}
    assert v.authority_regions["Kent"] == "South East"
    assert v.by_region == {
        "South East": 5,
        "London": 1,
        "Not given": 1,
        "Yorkshire and The Humber": 1,
    }
    assert v.by_gender == {"Female": 4, "Male": 2, "Non-binary": 1, "Not given": 1}
    assert v.by_age_band == {
        "Under 13": 1,
        "13-14": 2,
        "15": 2,
        "16": 1,
        "17 and over": 1,
        "Not given": 1,
    }
    assert v.by_placement_type == {"Welfare": 5, "Justice": 2, "Not given": 1}


def test_kpi(figures: Any) -> None:
    k = figures.kpi
    assert (k.complete, k.lists_sent, k.within) == (7, 5, 4)
    assert k.within_pct == round(100 * 4 / 7, 1) == 57.1
    assert k.target_pct == 85.0 and k.target_met is False
    assert k.median_minutes == 80.0  # of 30, 60, 80, 105, 210
    minutes = {x.reference: x.minutes for x in k.lists}
    # C: completed 23:50 on the month's last day, list after midnight; G: across the change
    # of clocks, 105 minutes though the wall clock moved 45.
    assert minutes == {
        "SW-A": 60.0,
        "SW-C": 80.0,
        "SW-E": 210.0,
        "SW-F": None,
        "SW-G": 105.0,
        "SW-I": None,
        "SW-J": 30.0,
    }
    assert k.distribution == {
        "0-30": 1,
        "30-60": 1,
        "60-90": 1,
        "90-120": 1,
        "120-180": 0,
        "180-240": 1,
        "240-480": 0,
        "over 480": 0,
    }
    assert k.awaiting == 1  # I: completed 23:00 on the 31st, two hours not up at month end


def test_breaches_are_derived_with_what_happened(figures: Any) -> None:
    got = [
        (b.reference, b.initials, b.minutes_to_list, b.what_happened) for b in figures.kpi.breaches
    ]
    assert got == [
        (
            "SW-E",
            "EE",
            210.0,
            "list sent 3 h 30 min after completion; withdrawn (Needs met in the community)",
        ),
        ("SW-F", "FF", None, "no list sent; not placed (No suitable home)"),
    ]


def test_stored_breaches_replace_the_derivation() -> None:
    stored = (Breach("SW-X", "XX", t(10, 3, 9), None, None, "recorded by an officer"),)
    got = compute_figures(month_rows(breaches=stored), RULES)
    assert got.kpi.breaches == stored


def test_before_the_month_ends_only_overdue_lists_are_breaches() -> None:
    # F was complete at 08:30 UTC on 20 Oct with no list: overdue from 10:30.
    late = compute_figures(month_rows(now=t(10, 20, 10, 31)), RULES)
    assert [b.reference for b in late.kpi.breaches] == ["SW-E", "SW-F"]
    on_time = compute_figures(month_rows(now=t(10, 20, 10, 29)), RULES)
    assert [b.reference for b in on_time.kpi.breaches] == ["SW-E"]
    assert on_time.vacancies.days == 20


def test_outcomes(figures: Any) -> None:
    o = figures.outcomes
    assert o.counts() == {"placed": 1, "withdrawn": 2, "not_placed": 1, "open": 4}
    (placed,) = o.placed
    expected = haversine_miles(PORTSMOUTH.latitude, PORTSMOUTH.longitude, *HARBOUR[2:])
    assert (placed.reference, placed.home_name) == ("SW-A", "Harbour Point")
    assert placed.miles == round(expected, 1) and 4 < placed.miles < 7
    assert o.mean_miles == o.median_miles == placed.miles
    # The same reason in other spacing and case counts once, under its first form.
    assert o.withdrawn_by_reason == {"Needs met in the community": 2}
    assert o.not_placed_by_reason == {"No suitable home": 1}
    assert [s.reference for s in o.still_open] == ["SW-H", "SW-G", "SW-I", "SW-C"]
    assert [(u.reference, u.region, u.reason) for u in o.unmet] == [
        ("SW-F", "London", "no_vacancy"),
        ("SW-I", "Yorkshire and The Humber", "unknown"),
    ]
    assert o.unmet_by_region == {"London": 1, "Yorkshire and The Humber": 1}
    assert o.unmet_by_reason == {"no_vacancy": 1, "unknown": 1}


def test_primary_reason() -> None:
    assert primary_reason(["age", "no_vacancy", "no_vacancy"]) == "no_vacancy"
    assert primary_reason(["no_vacancy", "age", "gender"]) == "gender"  # a tie: precedence
    assert primary_reason([]) == "unknown"


def test_vacancies(figures: Any) -> None:
    vac = figures.vacancies
    assert vac.days == 31
    beds = {b.home_code: b for b in vac.beds}
    assert set(beds) == {"HAR", "ALD", "BIR"}  # Cedar is closed and never reported
    # Alder: 2 welfare on days 1-14, 1 welfare on 15-31, 1 justice from the 20th.
    alder = beds["ALD"]
    assert (alder.days_known, alder.welfare, alder.justice, alder.any) == (
        31,
        round((14 * 2 + 17) / 31, 2),
        round(12 / 31, 2),
        0.0,
    )
    # Birch: first report on the 9th (3 either type), 2 after the placement on the 12th.
    birch = beds["BIR"]
    assert (birch.days_known, birch.any, birch.total) == (23, round((3 * 3 + 20 * 2) / 23, 2), 2.13)
    assert beds["HAR"].days_known == 0 and beds["HAR"].total == 0.0
    rates = {r.home_code: (r.working_days, r.days_reported, r.rate_pct) for r in vac.reporting}
    # Alder answered on 1, 2 and 15 Oct; Birch on the 9th (a placement is not a report).
    assert rates == {"ALD": (22, 3, 13.6), "BIR": (22, 1, 4.5), "HAR": (22, 0, 0.0)}
    assert vac.reporting_pct == round(100 * 4 / 66, 1)


def test_trend(figures: Any) -> None:
    trend = {m.month: m for m in figures.trend}
    assert list(trend) == [f"2025-{m:02d}" for m in (11, 12)] + [
        f"2026-{m:02d}" for m in range(1, 11)
    ]
    sept, october = trend["2026-09"], trend["2026-10"]
    assert (sept.received, sept.complete, sept.within, sept.within_pct) == (1, 1, 1, 100.0)
    assert (october.received, october.complete, october.within, october.within_pct) == (
        8,
        7,
        4,
        57.1,
    )
    assert trend["2026-01"].received == 0 and trend["2026-01"].within_pct is None


def test_summary_is_the_interface_object(figures: Any) -> None:
    assert figures.summary() == OCTOBER_SUMMARY
