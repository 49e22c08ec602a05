"""The matcher's inputs and outputs: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.model import BedVacancy, Home, Place

# Exclusion reason codes, in the precedence order used when a home breaks several rules:
# the first one that applies is the one reported. Rules about this referral's history and
# the LA's wishes come first (they hold whatever the vacancy position), then the home's
# standing (Ofsted), then what the home takes at all, then the child, then today's beds.
EXCLUSION_REASONS: tuple[str, ...] = (
    "declined",
    "avoided",
    "ofsted",
    "placement_type",
    "gender",
    "age",
    "cannot_manage",
    "no_vacancy",
)


@dataclass(frozen=True)
class VacancyReport:
    """The latest vacancy report of one home."""

    home_code: str
    beds: tuple[BedVacancy, ...]
    reported_at: datetime  # aware UTC
    source: str = "email"  # email | slack | phone | cli


@dataclass(frozen=True)
class MatchRequest:
    """What the matcher needs of a referral (the caller has geocoded the places)."""

    reference: str
    age: int | None  # whole years on the day needed
    gender: str | None  # female | male | non_binary | unknown
    placement_type: str | None  # welfare | justice
    needed_on: date  # London date the bed is needed
    risks: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    origin: Place | None = None  # the child's home area
    avoid_home_codes: frozenset[str] = frozenset()
    avoid_areas: tuple[Place, ...] = ()
    declined_home_codes: frozenset[str] = frozenset()
    accepted_home_codes: frozenset[str] = frozenset()  # consulted and can consider


# Ranked homes are built afresh for each call: slotted (not frozen) dataclasses are several
# times cheaper to construct.
@dataclass(slots=True)
class RankedHome:
    home: Home
    rank: int
    score: float  # 0-100, one decimal
    distance_miles: float | None
    vacancy_confirmed_at: datetime | None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Frozen: the matcher builds these once per homes list and vacancies (see prepared.py) and
# hands the same objects to every result they belong to.
@dataclass(frozen=True, slots=True)
class ExcludedHome:
    home: Home
    reason: str  # one of EXCLUSION_REASONS
    detail: str


@dataclass(slots=True)
class MatchResult:
    reference: str
    computed_at: datetime
    ranked: list[RankedHome]
    excluded: list[ExcludedHome]
