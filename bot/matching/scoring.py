"""The ranking score, 0-100, for homes that passed every hard rule.

Weights, in the priority order of spec/domain.md ("roughly in this order"):

- consulted and can consider: 50, all or nothing. The other parts add up to at most 50,
  and the sort puts accepting homes first anyway, so they always lead the list.
- vacancy freshness: 20. Confirmed within 24 h: 20 falling to 16; older: 10 falling to 0
  at 7 days, so a report that turns stale loses at least 6 points at once.
- distance: 15 at the child's home area, falling linearly to 0 at 250 miles (home area
  unknown: 0 for every home, so it does not decide anything).
- needs supported: 8 x the share of the child's needs the home supports (no needs: 8).
- Ofsted: Outstanding 5, Good 3.5, Requires improvement 1, anything else 2.
- risks the home says it manages: 2 x the share of the child's risks in `manages` (none: 2).

A fresh report is outranked by a stale one only when the stale home is 100+ miles closer;
needs and Ofsted (13 points together) tip the balance between homes at similar distances.
"""

from __future__ import annotations

from typing import Final

ACCEPTED_POINTS: Final = 50.0
FRESH_MAX: Final = 20.0
FRESH_MIN: Final = 16.0
STALE_MAX: Final = 10.0
STALE_ZERO_HOURS: Final = 168.0
DISTANCE_POINTS: Final = 15.0
DISTANCE_ZERO_MILES: Final = 250.0
NEEDS_POINTS: Final = 8.0
OFSTED_POINTS: Final[dict[str, float]] = {
    "Outstanding": 5.0,
    "Good": 3.5,
    "Requires improvement": 1.0,
}
OFSTED_UNKNOWN: Final = 2.0
RISKS_POINTS: Final = 2.0


def freshness_points(age_hours: float) -> float:
    if age_hours <= 0:
        return FRESH_MAX
    if age_hours <= 24.0:
        return FRESH_MAX - (FRESH_MAX - FRESH_MIN) * age_hours / 24.0
    if age_hours >= STALE_ZERO_HOURS:
        return 0.0
    return STALE_MAX * (STALE_ZERO_HOURS - age_hours) / (STALE_ZERO_HOURS - 24.0)


def distance_points(miles: float | None) -> float:
    if miles is None or miles >= DISTANCE_ZERO_MILES:
        return 0.0
    return DISTANCE_POINTS * (1.0 - miles / DISTANCE_ZERO_MILES)


def score(
    accepted: bool,
    age_hours: float,
    miles: float | None,
    needs_share: float,
    ofsted: str,
    risks_share: float,
) -> float:
    # Called once per surviving home: the two helpers above are inlined on purpose.
    if age_hours <= 24.0:
        fresh = FRESH_MAX - (FRESH_MAX - FRESH_MIN) * max(0.0, age_hours) / 24.0
    elif age_hours >= STALE_ZERO_HOURS:
        fresh = 0.0
    else:
        fresh = STALE_MAX * (STALE_ZERO_HOURS - age_hours) / (STALE_ZERO_HOURS - 24.0)
    if miles is None or miles >= DISTANCE_ZERO_MILES:
        near = 0.0
    else:
        near = DISTANCE_POINTS * (1.0 - miles / DISTANCE_ZERO_MILES)
    total = (
        (ACCEPTED_POINTS if accepted else 0.0)
        + fresh
        + near
        + NEEDS_POINTS * needs_share
        + OFSTED_POINTS.get(ofsted, OFSTED_UNKNOWN)
        + RISKS_POINTS * risks_share
    )
    return round(total, 1)
