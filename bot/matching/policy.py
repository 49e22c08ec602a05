"""The ranking policy: which factors order the homes that passed every hard rule, and how.

Homes are compared factor by factor, in the policy's order; the first factor on which two
homes differ decides which comes first, and the home's name (then its code) settles a full
tie, so the order is stable. The defaults follow spec/domain.md: a home that has said it
can consider the child, then a vacancy confirmed within 24 hours, then distance (in bands of
25 miles: distances in one band count as equal), then the child's needs supported, then the
Ofsted rating. The unit changes the order and the numbers in the settings (`[ranking]`).

This is plain data: the matcher takes a policy as an argument and never reads the settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# The factors a policy may name, with what each prefers:
# consulted       the home has said it can consider this child (consultation answer)
# recent_vacancy  its vacancy report is at most `recent_vacancy_hours` old
# distance        nearer, by bands of `distance_band_miles` whole miles
# needs           supports more of the child's needs
# risks           says it manages more of the child's risks (not in the default order)
# ofsted          a better rating: Outstanding, Good, any other, Requires improvement
FACTORS: Final[tuple[str, ...]] = (
    "consulted",
    "recent_vacancy",
    "distance",
    "needs",
    "risks",
    "ofsted",
)
# Always the last word, whatever the order: two homes equal on every factor are listed by
# name, then code.
NAME: Final = "name"
DEFAULT_ORDER: Final[tuple[str, ...]] = (
    "consulted",
    "recent_vacancy",
    "distance",
    "needs",
    "ofsted",
)

# Lower is better. "Not yet inspected" (and anything else) sits between Good and
# Requires improvement: no judgement is better than a judgement that it must improve.
OFSTED_ORDER: Final[dict[str, int]] = {
    "Outstanding": 0,
    "Good": 1,
    "Requires improvement": 3,
}
OFSTED_OTHER: Final = 2


class PolicyError(ValueError):
    """A policy value is wrong; `field` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class RankingPolicy:
    order: tuple[str, ...] = DEFAULT_ORDER
    distance_band_miles: int = 25  # 0: every mile counts (no bands)
    recent_vacancy_hours: int = 24  # older reports are ranked, with a warning

    def __post_init__(self) -> None:
        if isinstance(self.order, list):
            object.__setattr__(self, "order", tuple(self.order))
        _check(self)
        # "name" may be written last for readability; it is last anyway.
        object.__setattr__(self, "order", tuple(f for f in self.order if f != NAME))

    def band(self, miles: float | None) -> float:
        """The distance as the ranking compares it: the band of the whole miles shown to
        people (1-25 and 0 are band 0, 26-50 band 1, …), or the exact miles without bands.
        An unknown distance counts as band 0 for every home, so it decides nothing."""
        if miles is None:
            return 0
        band = self.distance_band_miles
        if band == 0:
            return miles
        return max(0, round(miles) - 1) // band

    def band_words(self, miles: float) -> str:
        """The band a distance falls in, in words: "within 25 miles", "26 to 50 miles away"."""
        band = self.distance_band_miles
        index = int(self.band(miles))
        if index == 0:
            return f"within {band} miles"
        return f"{index * band + 1} to {(index + 1) * band} miles away"


def _check(policy: RankingPolicy) -> None:
    """Raise PolicyError naming the first wrong value."""
    order = policy.order
    if not isinstance(order, tuple) or not all(isinstance(f, str) for f in order):
        raise PolicyError("order", "expected a list of factor names")
    for i, factor in enumerate(order):
        if factor == NAME and i == len(order) - 1:
            continue
        if factor == NAME:
            raise PolicyError("order", "name always comes last (it settles full ties)")
        if factor not in FACTORS:
            raise PolicyError(
                "order", f"unknown factor {factor!r} (known: {', '.join(FACTORS)}, {NAME})"
            )
        if factor in order[:i]:
            raise PolicyError("order", f"{factor!r} is named twice")
    for field, value, least in (
        ("distance_band_miles", policy.distance_band_miles, 0),
        ("recent_vacancy_hours", policy.recent_vacancy_hours, 1),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise PolicyError(field, f"expected a whole number, {least} or more, got {value!r}")


DEFAULT_POLICY: Final = RankingPolicy()


def factors(policy: RankingPolicy) -> tuple[str, ...]:
    """The policy's factors in order (the name, always last, is not among them)."""
    return policy.order
