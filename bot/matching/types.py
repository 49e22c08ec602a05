"""The matcher's inputs and outputs: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.model import BedVacancy, Home, Place
from bot.matching.policy import DEFAULT_POLICY, RankingPolicy

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
    # "granted" | "sought" | the words as written | None (not noted); read for under-13s
    secretary_of_state_approval: str | None = None


# Ranked homes are built afresh for each call: slotted (not frozen) dataclasses are several
# times cheaper to construct.
@dataclass(slots=True)
class RankedHome:
    home: Home
    rank: int
    # For tools, not people: the share (0-100, one decimal) of the other ranked homes that
    # this one is ranked above on the policy's factors (the name does not count).
    score: float
    distance_miles: float | None
    vacancy_confirmed_at: datetime | None
    reasons: list[str] = field(default_factory=list)  # facts about the home, for this child
    warnings: list[str] = field(default_factory=list)
    # "ranked above X: …" / "ranked below Y: …": what put the home between its neighbours
    comparisons: list[str] = field(default_factory=list)
    # The factor that put it below the home just above it ("name" if nothing else did);
    # None for the first home.
    decided_by: str | None = None


# Frozen: the matcher builds these once per homes list and vacancies (see prepared.py) and
# hands the same objects to every result they belong to.
@dataclass(frozen=True, slots=True)
class ExcludedHome:
    home: Home
    reason: str  # one of EXCLUSION_REASONS
    detail: str
    # Excluded only because the home has not reported in the policy's recent window (or
    # ever): shown to people as one line for all such homes, kept one by one in the JSON.
    not_reported: bool = False


@dataclass(slots=True)
class MatchResult:
    reference: str
    computed_at: datetime
    ranked: list[RankedHome]
    excluded: list[ExcludedHome]
    policy: RankingPolicy = DEFAULT_POLICY
