"""Hard rules: whether a home can be offered to this child at all.

Gender decision. A girl is excluded from boys-only homes and beds, a boy from girls-only
ones. A child recorded as `non_binary` or `unknown` (or with no gender) is never excluded on
gender alone: which home suits them is a conversation, not a rule. Such a child keeps
single-sex homes and gendered beds on the list, with a warning that the officer must check
with the home.

Vacancy decision. Only beds of the child's placement type (or "any") count. Among those, a
bed for the other gender only is reported as `gender` ("the only vacant bed is for girls");
a suitable bed that frees up after the day needed is `no_vacancy` with the date it becomes
free. A home whose only problem is a later bed is therefore `no_vacancy` even if a bed for
the other gender is free today: the later bed is what the officer can act on.

Everything here runs once per home per referral, so request-level work is done once in
`RequestContext` and per-home work avoids allocations on the common paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from math import asin, cos, radians, sin, sqrt

from bot.clock import LONDON
from bot.domain.model import BedVacancy, Home
from bot.matching.geo import EARTH_RADIUS_MILES
from bot.matching.labels import GENDER_ONLY, risk_words
from bot.matching.types import MatchRequest, VacancyReport

# "Within 10 miles of an area to avoid" is measured from the area's edge. We hold a place as
# a point (a town's centre), so its edge is taken to lie AREA_EXTENT_MILES out: a home 10.6
# miles from Southampton's centre is well within 10 miles of Southampton.
AREA_EXTENT_MILES = 3.0
AVOID_MILES = 10.0
AVOID_RADIUS_MILES = AVOID_MILES + AREA_EXTENT_MILES
# One degree of latitude is ~69 miles anywhere: a cheap filter before the real distance.
AVOID_LAT_DEGREES = AVOID_RADIUS_MILES / 69.0 + 0.01


@dataclass(frozen=True)
class AvoidArea:
    name: str
    latitude: float
    longitude: float
    lat_rad: float
    cos_lat: float


@dataclass(frozen=True)
class RequestContext:
    """The request, reduced once to what the per-home checks read."""

    request: MatchRequest
    placement_type: str | None
    gender: str | None  # "female" | "male" when gender rules apply, else None
    gender_open: bool  # non-binary, unknown or not given: warn, don't exclude
    age: int | None
    risks: frozenset[str]
    needs: frozenset[str]
    avoid_codes: frozenset[str]
    declined: frozenset[str]
    accepted: frozenset[str]
    avoid_areas: tuple[AvoidArea, ...]
    needed_on: date
    bed_types: frozenset[str]  # bed placement types this child can use
    bed_genders: frozenset[str]  # bed genders this child can use


_ALL_TYPES = frozenset({"welfare", "justice", "any"})
_ALL_GENDERS = frozenset({"female", "male", "any"})


def prepare(request: MatchRequest) -> RequestContext:
    gender = request.gender if request.gender in ("female", "male") else None
    areas = tuple(
        AvoidArea(a.name, a.latitude, a.longitude, radians(a.latitude), cos(radians(a.latitude)))
        for a in request.avoid_areas
    )
    return RequestContext(
        request=request,
        placement_type=request.placement_type,
        gender=gender,
        gender_open=gender is None,
        age=request.age,
        risks=request.risks,
        needs=request.needs,
        avoid_codes=request.avoid_home_codes,
        declined=request.declined_home_codes,
        accepted=request.accepted_home_codes,
        avoid_areas=areas,
        needed_on=request.needed_on,
        bed_types=(
            frozenset({request.placement_type, "any"}) if request.placement_type else _ALL_TYPES
        ),
        bed_genders=frozenset({gender, "any"}) if gender else _ALL_GENDERS,
    )


def avoided_area(home: Home, areas: tuple[AvoidArea, ...]) -> str | None:
    """The detail for the first avoided area within 10 miles (of its edge) of the home."""
    for area in areas:
        if abs(home.latitude - area.latitude) > AVOID_LAT_DEGREES:
            continue
        p2 = radians(home.latitude)
        a = (
            sin((p2 - area.lat_rad) / 2) ** 2
            + area.cos_lat * cos(p2) * sin(radians(home.longitude - area.longitude) / 2) ** 2
        )
        miles = 2 * EARTH_RADIUS_MILES * asin(min(1.0, sqrt(a)))
        if miles <= AVOID_RADIUS_MILES:
            return (
                f"within {AVOID_RADIUS_MILES:g} miles of the centre of {area.name} "
                f"({miles:.1f} miles): the area plus {AVOID_MILES:g} miles, which the local "
                "authority asked to avoid"
            )
    return None


DECLINED_DETAIL = "has declined this referral"
LA_AVOIDS_DETAIL = "the local authority asked to avoid this home"
OFSTED_DETAIL = "Ofsted: Inadequate"
# Said so that "never reported" and "reported none" cannot be misheard for each other.
NEVER_REPORTED_DETAIL = "has never reported its vacancies"


@lru_cache(maxsize=2048)  # the same report times come back for every referral
def time_words(at: datetime) -> str:
    """'09:10 on Mon 23 Nov', London time: true whenever the words are read."""
    local = at.astimezone(LONDON)
    return f"{local:%H:%M} on {local:%a} {local.day} {local:%b}"


def silent_since_detail(at: datetime) -> str:
    return f"has not reported a vacancy since {time_words(at)}"


def age_detail(home: Home, age: int) -> str:
    return f"takes ages {home.min_age} to {home.max_age}; the child is {age}"


def cannot_manage_detail(home: Home, risks: frozenset[str]) -> str:
    return "cannot manage " + risk_words(home.cannot_manage & risks)


# (usable beds, exclusion reason or None, detail)
BedFit = tuple[tuple[BedVacancy, ...], str | None, str]


def fit_beds(report: VacancyReport, ctx: RequestContext, at: datetime) -> BedFit:
    """The beds of a report this child could have on the day needed, or why there are none.

    The reason is "gender" (only beds for the other gender) or "no_vacancy"; the detail of a
    "no_vacancy" says when the home reported it (`at`, the report's time made aware).
    """
    types_ok = ctx.bed_types
    genders_ok = ctx.bed_genders
    needed_on = ctx.needed_on
    usable: list[BedVacancy] = []
    typed = suitable = 0
    for b in report.beds:
        if b.count <= 0 or b.placement_type not in types_ok:
            continue
        typed += 1
        if b.gender not in genders_ok:
            continue
        suitable += 1
        if b.available_from is None or b.available_from <= needed_on:
            usable.append(b)
    if usable:
        return tuple(usable), None, ""
    pt = ctx.placement_type
    g = ctx.gender
    if not typed:
        if any(b.count > 0 for b in report.beds):
            return (), "no_vacancy", f"reported no {pt} vacancy at {time_words(at)}"
        return (), "no_vacancy", f"reported no vacancy at {time_words(at)}"
    if not suitable:
        others = [
            b
            for b in report.beds
            if b.count > 0 and (pt is None or b.placement_type in (pt, "any"))
        ]
        total = sum(b.count for b in others)
        other = GENDER_ONLY.get(others[0].gender, others[0].gender)
        if total == 1:
            return (), "gender", f"the only vacant bed is for {other}"
        return (), "gender", f"the vacant beds are for {other} only"
    first = min(
        b.available_from
        for b in report.beds
        if b.count > 0
        and b.available_from is not None
        and (pt is None or b.placement_type in (pt, "any"))
        and (g is None or b.gender in (g, "any"))
    )
    return (
        (),
        "no_vacancy",
        f"no suitable bed until {first:%a} {first.day} {first:%b %Y} "
        f"(reported at {time_words(at)})",
    )
