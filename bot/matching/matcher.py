"""rank_homes: hard rules first, then the ranking policy's order, then reasons in words.

This runs for every referral against every home (the benchmark ranks 3,000 homes in a few
milliseconds). Everything that does not depend on the referral is worked out once per homes
list and vacancies mapping (see `prepared`): which homes Ofsted, placement type and gender
rule out, and which beds each home could offer. Per referral, only the declined and avoided
homes, age, risks, the order and the words are left; the wording (and the sentences comparing
neighbours, see `compare`) is built only for the homes that made the list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from math import asin, cos, radians, sin, sqrt
from operator import attrgetter, itemgetter

from bot.clock import LONDON
from bot.domain.model import BedVacancy, Home
from bot.matching import reasons as reason_words
from bot.matching.compare import Comparer, Standing, decider, positions
from bot.matching.geo import EARTH_RADIUS_MILES
from bot.matching.policy import (
    DEFAULT_POLICY,
    FACTORS,
    NAME,
    OFSTED_ORDER,
    OFSTED_OTHER,
    RankingPolicy,
)
from bot.matching.prepared import HomeFacts, HomeTable, Pool, home_table, mask
from bot.matching.rules import (
    AVOID_LAT_DEGREES,
    DECLINED_DETAIL,
    LA_AVOIDS_DETAIL,
    RequestContext,
    avoided_area,
    prepare,
)
from bot.matching.types import (
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


# (sort key, standing, home facts, accepted, recent, age in hours, usable beds, reported at)
_Kept = tuple[
    tuple[object, ...],
    Standing,
    HomeFacts,
    bool,
    bool,
    float,
    tuple[BedVacancy, ...],
    datetime,
]


def rank_homes(
    request: MatchRequest,
    homes: Sequence[Home],
    vacancies: Mapping[str, VacancyReport],
    now: datetime,
    policy: RankingPolicy = DEFAULT_POLICY,
) -> MatchResult:
    """Rank the homes that may take this child; every other home is excluded with one reason.

    Each excluded home carries the first reason of `EXCLUSION_REASONS` that applies. The
    output does not depend on the order of `homes`: ranked homes are sorted by the policy's
    factors in its order, then name and code; excluded ones by reason precedence, then code.

    Work that does not depend on the referral is cached by the identity of `homes` and
    `vacancies` (see `prepared`), so pass the same objects again while they are current, and
    never mutate them (nor the reports' beds) once handed over: make a new list or mapping.
    Excluded homes are frozen and may be shared between results.
    """
    ctx = prepare(request)
    table = home_table(homes)
    screen = table.screen(ctx)
    pool = screen.pool(vacancies, ctx)

    declined, avoided = _declined_and_avoided(table, ctx)
    removed = {f.index for f in declined}
    removed.update(f.index for f, _ in avoided)

    age = ctx.age
    risks = ctx.risks
    risk_mask = mask(table.bits, risks)
    age_out: list[ExcludedHome] = []
    manage_out: list[ExcludedHome] = []
    vacancy_out: list[ExcludedHome] = []
    survivors: list[tuple[HomeFacts, tuple[BedVacancy, ...], datetime]] = []
    # Reports from before this are too old to count: homes with no bed in them are listed
    # as not having reported.
    cutoff = now - timedelta(hours=policy.recent_vacancy_hours)
    # The one loop over (most of) the homes per referral: keep it flat.
    for facts, beds, reported_at, no_vacancy, silent in pool.open:
        if removed and facts.index in removed:
            continue
        if age is not None and (age < facts.min_age or age > facts.max_age):
            age_out.append(facts.age_excluded(age))
            continue
        cannot = risk_mask & facts.cannot
        if cannot:
            manage_out.append(facts.cannot_manage_excluded(cannot, risks))
            continue
        if no_vacancy is not None:
            if silent is not None and reported_at < cutoff:
                vacancy_out.append(silent)
            else:
                vacancy_out.append(no_vacancy)
            continue
        survivors.append((facts, beds, reported_at))

    excluded = [ExcludedHome(f.home, "declined", DECLINED_DETAIL) for f in declined]
    excluded += [ExcludedHome(f.home, "avoided", detail) for f, detail in avoided]
    excluded += screen.ofsted.without(removed)
    excluded += screen.placement_type.without(removed)
    excluded += pool.gender.without(removed)
    excluded += age_out
    excluded += manage_out
    excluded += vacancy_out
    ranked = _rank(survivors, ctx, table, pool, risk_mask, now, policy)
    return MatchResult(request.reference, now, ranked, excluded, policy)


def _declined_and_avoided(
    table: HomeTable, ctx: RequestContext
) -> tuple[list[HomeFacts], list[tuple[HomeFacts, str]]]:
    """The homes that declined, then those the LA asked to avoid (by name or by area), each
    in code order. These rules come first, so these homes are left out of every later one."""
    by_index = attrgetter("index")
    declined = sorted(table.with_codes(ctx.declined), key=by_index)
    seen = {f.index for f in declined}
    avoided = [(f, LA_AVOIDS_DETAIL) for f in table.with_codes(ctx.avoid_codes)]
    avoided = [(f, d) for f, d in avoided if f.index not in seen]
    seen.update(f.index for f, _ in avoided)
    areas = ctx.avoid_areas
    if areas:
        # Only homes inside the latitude band of some avoided area need the distance check.
        low = min(a.latitude for a in areas) - AVOID_LAT_DEGREES
        high = max(a.latitude for a in areas) + AVOID_LAT_DEGREES
        for f in table.between_latitudes(low, high):
            if f.index not in seen:
                detail = avoided_area(f.home, areas)
                if detail is not None:
                    avoided.append((f, detail))
    avoided.sort(key=_first_index)
    return declined, avoided


def _first_index(item: tuple[HomeFacts, str]) -> int:
    return item[0].index


def _rank(
    survivors: list[tuple[HomeFacts, tuple[BedVacancy, ...], datetime]],
    ctx: RequestContext,
    table: HomeTable,
    pool: Pool,
    risk_mask: int,
    now: datetime,
    policy: RankingPolicy,
) -> list[RankedHome]:
    """Order the homes that passed every rule by the policy, and put their reasons in words."""
    origin = ctx.request.origin
    o_lat = o_cos = o_lon = 0.0
    if origin is not None:
        o_lat = radians(origin.latitude)
        o_cos = cos(o_lat)
        o_lon = origin.longitude
    need_mask = mask(table.bits, ctx.needs)
    accepted_codes = ctx.accepted
    order = positions(policy.order)
    pick = _picker(order)
    recent_hours = policy.recent_vacancy_hours
    band = policy.distance_band_miles
    ofsted_rank = OFSTED_ORDER.get
    kept: list[_Kept] = []
    for facts, beds, reported_at in survivors:
        home = facts.home
        miles: float | None = None
        whole: int | None = None
        distance: float = 0  # an unknown distance is the same for every home
        if origin is not None:
            a = (
                sin((facts.lat_rad - o_lat) / 2) ** 2
                + o_cos * facts.cos_lat * sin(radians(facts.longitude - o_lon) / 2) ** 2
            )
            miles = 2 * EARTH_RADIUS_MILES * asin(min(1.0, sqrt(a)))
            whole = round(miles)
            # policy.band, inlined: bands of the whole miles shown (1-25 and 0, 26-50, …)
            distance = ((whole - 1 if whole > 0 else 0) // band) if band else miles
        age_hours = (now - reported_at).total_seconds() / 3600.0
        accepted = facts.code in accepted_codes
        recent = age_hours <= recent_hours
        # Lower is better, in the order of policy.FACTORS (see compare.Standing).
        values = (
            0 if accepted else 1,
            0 if recent else 1,
            distance,
            -(need_mask & facts.supports).bit_count(),
            -(risk_mask & facts.manages).bit_count(),
            ofsted_rank(home.ofsted, OFSTED_OTHER),
        )
        standing = Standing(home, miles, whole, values)
        key = (pick(values), home.name, facts.code)
        kept.append((key, standing, facts, accepted, recent, age_hours, beds, reported_at))

    kept.sort(key=_first)
    today = now.astimezone(LONDON).date()
    words = reason_words.Wording(ctx, today, risk_mask, need_mask, table.bits)
    bed_words = pool.bed_words
    ranked = [
        RankedHome(
            facts.home,
            rank,
            0.0,
            standing.miles,
            reported_at,
            *words.build(
                facts,
                accepted,
                standing.miles,
                age_hours,
                recent,
                reported_at,
                beds,
                bed_words(facts, beds, today),
            ),
        )
        for rank, (_, standing, facts, accepted, recent, age_hours, beds, reported_at) in enumerate(
            kept, 1
        )
    ]
    _compare(ranked, [k[1] for k in kept], Comparer(policy, order, ctx.needs, ctx.risks))
    return ranked


def _picker(order: tuple[int, ...]) -> Callable[[tuple[float, ...]], object]:
    """The policy's factors out of a values tuple, in the policy's order, as one comparable
    value (a tuple, or the single value when there is one factor)."""
    if not order:
        return _nothing
    return itemgetter(*order)


def _nothing(values: tuple[float, ...]) -> object:
    return ()


def _compare(ranked: list[RankedHome], standings: list[Standing], comparer: Comparer) -> None:
    """Scores, deciding factors and the sentences comparing neighbours, in place."""
    n = len(ranked)
    order = comparer.order
    decided: list[int | None] = [None] * n
    for i in range(1, n):
        upper = standings[i - 1]
        lower = standings[i]
        d = decided[i] = decider(upper, lower, order)
        ranked[i].decided_by = NAME if d is None else FACTORS[d]
        above, below = comparer.pair(upper, lower, d)
        ranked[i - 1].comparisons.append(above)
        ranked[i].comparisons.append(below)
    # The score: the share of the other homes ranked strictly below this one's group of
    # equals (homes with no factor between them, only the name).
    if n == 1:
        ranked[0].score = 100.0
        return
    end = n
    for i in range(n - 1, -1, -1):
        ranked[i].score = round(100.0 * (n - end) / (n - 1), 1)
        if decided[i] is not None:
            end = i


def _first(kept: _Kept) -> tuple[object, ...]:
    return kept[0]
