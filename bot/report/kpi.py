"""The two-hour KPI: minutes from complete to list, and the breaches.

There is no stored breach record yet, so a breach is derived from a referral's times
(`derive_breaches`); `MonthRows.breaches` takes stored records instead once they exist.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.report.rows import Breach, ReferralRow
from bot.report.rules import ReportRules


@dataclass(frozen=True)
class ListTime:
    reference: str
    initials: str | None
    completed_at: datetime
    list_sent_at: datetime | None
    minutes: float | None  # None: no list sent
    within: bool


@dataclass(frozen=True)
class Kpi:
    complete: int
    lists_sent: int
    within: int
    within_pct: float | None  # of complete referrals; None when there were none
    target_pct: float
    target_met: bool | None
    median_minutes: float | None
    distribution: dict[str, int]  # minutes bin -> lists sent
    awaiting: int  # complete, no list, and the two hours had not run out at the cut-off
    lists: tuple[ListTime, ...]
    breaches: tuple[Breach, ...]


def minutes_between(start: datetime, end: datetime) -> float:
    # A list recorded before the latest completion (a referral completed again) counts as
    # at once, not as negative time.
    return max(0.0, (end - start) / timedelta(minutes=1))


def duration_words(minutes: float) -> str:
    whole = int(round(minutes))
    hours, mins = divmod(whole, 60)
    if hours == 0:
        return f"{mins} min"
    return f"{hours} h {mins} min" if mins else f"{hours} h"


def derive_breaches(
    referrals: Sequence[ReferralRow],
    cutoff: datetime,
    rules: ReportRules,
    home_names: Mapping[str, str],
) -> tuple[Breach, ...]:
    """A complete referral whose list was sent more than the allowed time after completion,
    or not sent at all when completion was more than the allowed time before `cutoff` (the
    end of the month, or the report's time if sooner)."""
    allowed = timedelta(minutes=rules.list_within_minutes)
    out = []
    for r in referrals:
        if r.completed_at is None:
            continue
        if r.list_sent_at is not None:
            minutes = minutes_between(r.completed_at, r.list_sent_at)
            if minutes <= rules.list_within_minutes:
                continue
            what = f"list sent {duration_words(minutes)} after completion"
        elif r.completed_at + allowed < cutoff:
            minutes = None
            what = "no list sent"
        else:
            continue
        out.append(
            Breach(
                reference=r.reference,
                initials=r.initials,
                completed_at=r.completed_at,
                list_sent_at=r.list_sent_at,
                minutes_to_list=None if minutes is None else round(minutes, 1),
                what_happened=f"{what}; {_since(r, rules, home_names)}",
            )
        )
    return tuple(sorted(out, key=lambda b: (b.completed_at, b.reference)))


def _since(r: ReferralRow, rules: ReportRules, home_names: Mapping[str, str]) -> str:
    if r.status == "placed":
        home = home_names.get(r.placed_home_code or "", r.placed_home_code or "")
        return f"placed at {home}" if home else "placed"
    if r.status in ("withdrawn", "not_placed"):
        word = rules.word("status", r.status).lower()
        return f"{word} ({r.outcome_reason})" if r.outcome_reason else word
    return "still open"


def kpi_figures(
    referrals: Sequence[ReferralRow],
    breaches: Sequence[Breach],
    cutoff: datetime,
    rules: ReportRules,
) -> Kpi:
    allowed = timedelta(minutes=rules.list_within_minutes)
    complete = [r for r in referrals if r.completed_at is not None]
    lists: list[ListTime] = []
    awaiting = 0
    for r in complete:
        assert r.completed_at is not None
        minutes = (
            None if r.list_sent_at is None else minutes_between(r.completed_at, r.list_sent_at)
        )
        within = minutes is not None and minutes <= rules.list_within_minutes
        if minutes is None and r.completed_at + allowed >= cutoff:
            awaiting += 1
        lists.append(
            ListTime(
                r.reference,
                r.initials,
                r.completed_at,
                r.list_sent_at,
                None if minutes is None else round(minutes, 1),
                within,
            )
        )
    sent = [t.minutes for t in lists if t.minutes is not None]
    in_time = sum(t.within for t in lists)
    pct = round(100 * in_time / len(complete), 1) if complete else None
    distribution = dict.fromkeys(rules.bin_labels(), 0)
    for m in sent:
        distribution[rules.minutes_bin(m)] += 1
    return Kpi(
        complete=len(complete),
        lists_sent=len(sent),
        within=in_time,
        within_pct=pct,
        target_pct=rules.target_pct,
        target_met=None if pct is None else pct >= rules.target_pct,
        median_minutes=round(statistics.median(sent), 1) if sent else None,
        distribution=distribution,
        awaiting=awaiting,
        lists=tuple(sorted(lists, key=lambda t: (t.completed_at, t.reference))),
        breaches=tuple(breaches),
    )
