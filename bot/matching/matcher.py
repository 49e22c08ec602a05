"""rank_homes: hard rules first, then a score, then reasons for the homes that made the list.

This runs for every home on every referral (the benchmark ranks 3,000 homes in a few
milliseconds), so the loop is written flat: request-level work is done once in
`rules.prepare`, the common checks are inlined, and the slower wording of details and
reasons is left to the homes that need it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from math import asin, cos, inf, radians, sin, sqrt
from operator import attrgetter
from zoneinfo import ZoneInfo

from bot.domain.model import BedVacancy, Home
from bot.matching import reasons as reason_words
from bot.matching.geo import EARTH_RADIUS_MILES
from bot.matching.labels import GENDER_ONLY
from bot.matching.rules import (
    AVOID_LAT_DEGREES,
    DECLINED_DETAIL,
    LA_AVOIDS_DETAIL,
    NO_REPORT,
    OFSTED_DETAIL,
    age_detail,
    avoided_area,
    cannot_manage_detail,
    fit_beds,
    prepare,
)
from bot.matching.scoring import score
from bot.matching.types import (
    EXCLUSION_REASONS,
    ExcludedHome,
    MatchRequest,
    MatchResult,
    RankedHome,
    VacancyReport,
)

__all__ = [
    "MatchRequest",
    "MatchResult",
    "RankedHome",
    "ExcludedHome",
    "VacancyReport",
    "rank_homes",
]

LONDON = ZoneInfo("Europe/London")

# (sort key, home, accepted, miles, age in hours, usable beds, reported at)
_Kept = tuple[
    tuple[bool, float, float, str, str],
    Home,
    bool,
    "float | None",
    float,
    tuple[BedVacancy, ...],
    datetime,
]

# Codes are unique and short: the cheapest total order, and timsort is linear on input
# that already comes in code order (as the store returns it).
_BY_CODE = attrgetter("home.code")


def rank_homes(
    request: MatchRequest,
    homes: Sequence[Home],
    vacancies: Mapping[str, VacancyReport],
    now: datetime,
) -> MatchResult:
    """Rank the homes that may take this child; every other home is excluded with one reason.

    Each excluded home carries the first reason of `EXCLUSION_REASONS` that applies. The
    output does not depend on the order of `homes`: ranked homes are sorted by acceptance,
    score, distance, name and code; excluded ones by reason precedence, then code.
    """
    ctx = prepare(request)
    today = now.astimezone(LONDON).date()
    origin = request.origin
    o_lat = o_cos = o_lon = 0.0
    if origin is not None:
        o_lat = radians(origin.latitude)
        o_cos = cos(o_lat)
        o_lon = origin.longitude
    risks = ctx.risks
    needs = ctx.needs
    n_risks = len(risks)
    n_needs = len(needs)
    accepted_codes = ctx.accepted
    declined = ctx.declined
    avoid_codes = ctx.avoid_codes
    areas = ctx.avoid_areas
    # Only homes inside the latitude band of some avoided area need the distance check.
    band_lo = min((a.latitude for a in areas), default=0.0) - AVOID_LAT_DEGREES
    band_hi = max((a.latitude for a in areas), default=0.0) + AVOID_LAT_DEGREES
    pt = ctx.placement_type
    welfare = pt == "welfare"
    justice = pt == "justice"
    gender = ctx.gender
    age = ctx.age
    get_report = vacancies.get

    buckets: dict[str, list[ExcludedHome]] = {reason: [] for reason in EXCLUSION_REASONS}
    declined_out = buckets["declined"].append
    avoided_out = buckets["avoided"].append
    ofsted_out = buckets["ofsted"].append
    type_out = buckets["placement_type"].append
    gender_out = buckets["gender"].append
    age_out = buckets["age"].append
    manage_out = buckets["cannot_manage"].append
    vacancy_out = buckets["no_vacancy"].append
    kept: list[_Kept] = []

    for home in homes:
        code = home.code
        if code in declined:
            declined_out(ExcludedHome(home, "declined", DECLINED_DETAIL))
            continue
        if code in avoid_codes:
            avoided_out(ExcludedHome(home, "avoided", LA_AVOIDS_DETAIL))
            continue
        if areas and band_lo <= home.latitude <= band_hi:
            detail = avoided_area(home, areas)
            if detail is not None:
                avoided_out(ExcludedHome(home, "avoided", detail))
                continue
        if home.ofsted == "Inadequate":
            ofsted_out(ExcludedHome(home, "ofsted", OFSTED_DETAIL))
            continue
        if welfare and home.welfare_beds <= 0:
            type_out(ExcludedHome(home, "placement_type", "takes no welfare placements"))
            continue
        if justice and home.justice_beds <= 0:
            type_out(ExcludedHome(home, "placement_type", "takes no justice placements"))
            continue
        genders = home.genders
        if gender is not None and genders != "mixed" and genders != gender:
            gender_out(
                ExcludedHome(home, "gender", f"takes {GENDER_ONLY.get(genders, genders)} only")
            )
            continue
        report = get_report(code)
        if report is None:
            beds, why, detail = NO_REPORT
        else:
            beds, why, detail = fit_beds(report, ctx)
        if why == "gender":
            gender_out(ExcludedHome(home, "gender", detail))
            continue
        if age is not None and (age < home.min_age or age > home.max_age):
            age_out(ExcludedHome(home, "age", age_detail(home, age)))
            continue
        if n_risks and not home.cannot_manage.isdisjoint(risks):
            manage_out(ExcludedHome(home, "cannot_manage", cannot_manage_detail(home, risks)))
            continue
        if report is None or why is not None:
            vacancy_out(ExcludedHome(home, "no_vacancy", detail))
            continue

        miles: float | None = None
        if origin is not None:
            p2 = radians(home.latitude)
            a = (
                sin((p2 - o_lat) / 2) ** 2
                + o_cos * cos(p2) * sin(radians(home.longitude - o_lon) / 2) ** 2
            )
            miles = 2 * EARTH_RADIUS_MILES * asin(min(1.0, sqrt(a)))
        reported_at = report.reported_at
        if reported_at.tzinfo is None:  # SQLite hands datetimes back naive; they are UTC
            reported_at = reported_at.replace(tzinfo=UTC)
        age_hours = (now - reported_at).total_seconds() / 3600.0
        accepted = code in accepted_codes
        value = score(
            accepted,
            age_hours,
            miles,
            len(needs & home.supports) / n_needs if n_needs else 1.0,
            home.ofsted,
            len(risks & home.manages) / n_risks if n_risks else 1.0,
        )
        key = (not accepted, -value, inf if miles is None else miles, home.name, code)
        kept.append((key, home, accepted, miles, age_hours, beds, reported_at))

    kept.sort(key=_first)
    words = reason_words.Wording(ctx, today)
    ranked = [
        RankedHome(
            home,
            rank,
            -key[1],
            miles,
            reported_at,
            *words.build(home, accepted, miles, age_hours, beds),
        )
        for rank, (key, home, accepted, miles, age_hours, beds, reported_at) in enumerate(kept, 1)
    ]

    excluded: list[ExcludedHome] = []
    for bucket in buckets.values():
        if len(bucket) > 1:
            bucket.sort(key=_BY_CODE)
        excluded += bucket
    return MatchResult(request.reference, now, ranked, excluded)


def _first(kept: _Kept) -> tuple[bool, float, float, str, str]:
    return kept[0]
