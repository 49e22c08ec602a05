"""Why each ranked home stands where it does, said against its neighbours.

Two homes next to each other in the list are compared on the policy's factors in order; the
first factor on which they differ decided their order. Each gets one sentence about the
other: the upper one "ranked above X: …", the lower one "ranked below Y: …". When the lower
home is nearer but distance did not decide (same band, or a factor before distance), the
sentences say so: that is the question an officer is asked ("why not the nearer home?").

The sentences name the other home and give the difference in words; they never show a
score. Built only for the homes that made the list, once per neighbouring pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from bot.domain.model import Home
from bot.matching.labels import join_words, need_labels, risk_labels
from bot.matching.policy import FACTORS, NAME, RankingPolicy

# Positions of the factors in `Standing.values`.
CONSULTED, RECENT, DISTANCE, NEEDS, RISKS, OFSTED = range(len(FACTORS))
_POSITION: Final[dict[str, int]] = {f: i for i, f in enumerate(FACTORS)}


def positions(order: tuple[str, ...]) -> tuple[int, ...]:
    """The policy's factors as positions in `Standing.values` (the name is not one)."""
    return tuple(_POSITION[f] for f in order if f != NAME)


@dataclass(slots=True)
class Standing:
    """What the ranking compared for one home. `values` holds, per factor of FACTORS, a
    number where lower is better (so a plain sort puts the best first)."""

    home: Home
    miles: float | None
    whole_miles: int | None  # as shown to people, and as the bands count them
    values: tuple[float, ...]


def decider(upper: Standing, lower: Standing, order: tuple[int, ...]) -> int | None:
    """The position of the first factor on which the two differ; None if only the name."""
    a = upper.values
    b = lower.values
    for i in order:
        if a[i] != b[i]:
            return i
    return None


def _miles(n: int, word: str) -> str:
    if n < 1:
        return f"less than a mile {word}"
    return f"1 mile {word}" if n == 1 else f"{n} miles {word}"


def _need_words(codes: frozenset[str]) -> str:
    labels = need_labels(codes)
    return f"the {join_words(labels)} need" + ("s" if len(labels) > 1 else "")


def _risk_words(codes: frozenset[str]) -> str:
    return join_words(risk_labels(codes))


def _count_words(kind: str, better: int, worse: int) -> str:
    return f"more of the child's {kind} ({better} against {worse})"


class Comparer:
    """The two sentences for each neighbouring pair of one list."""

    def __init__(
        self,
        policy: RankingPolicy,
        order: tuple[int, ...],
        needs: frozenset[str],
        risks: frozenset[str],
    ) -> None:
        self.policy = policy
        self.order = order
        self.needs = needs  # the child's
        self.risks = risks
        self.hours = policy.recent_vacancy_hours
        self.band = policy.distance_band_miles
        self._place = {f: i for i, f in enumerate(order)}  # factor position -> its turn
        self._band_words: dict[float, str] = {}

    def band_words(self, s: Standing) -> str:
        assert s.miles is not None
        index = s.values[DISTANCE]
        words = self._band_words.get(index)
        if words is None:
            words = self._band_words[index] = self.policy.band_words(s.miles)
        return words

    def pair(self, upper: Standing, lower: Standing, decided: int | None) -> tuple[str, str]:
        """(the upper home's sentence, the lower home's sentence)."""
        up = upper.home.name
        low = lower.home.name
        above_ctx = below_ctx = ""
        if decided != DISTANCE and upper.whole_miles is not None and lower.whole_miles is not None:
            nearer = upper.whole_miles - lower.whole_miles
            if nearer >= 1:
                note = ""
                if self.band and self._compared_before(decided):
                    note = f" (both {self.band_words(lower)})"
                above_ctx = f", which is {_miles(nearer, 'nearer')}{note}"
                below_ctx = f", though {_miles(nearer, 'nearer')}{note}"
        above, below = self._why(upper, lower, decided)
        return f"ranked above {low}{above_ctx}: {above}", f"ranked below {up}{below_ctx}: {below}"

    def _compared_before(self, decided: int | None) -> bool:
        """Whether distance was compared (and found equal) before the deciding factor."""
        place = self._place
        if DISTANCE not in place:
            return False
        return decided is None or place[DISTANCE] < place[decided]

    def _why(self, upper: Standing, lower: Standing, decided: int | None) -> tuple[str, str]:
        up = upper.home.name
        low = lower.home.name
        if decided is None:
            same = "equal on every ranking factor, so listed by name"
            return same, same
        if decided == CONSULTED:
            return (
                "this home has said it can consider this child",
                f"{up} has said it can consider this child",
            )
        if decided == RECENT:
            within = f"within {self.hours} hours"
            return (
                f"this home's vacancy was confirmed {within}, {low}'s is older",
                f"{up}'s vacancy was confirmed {within}, this home's is older",
            )
        if decided == DISTANCE:
            return self._distance(upper, lower)
        if decided == NEEDS:
            better = self.needs & upper.home.supports
            worse = self.needs & lower.home.supports
            return self._more(up, "supports", "needs", better, worse, _need_words)
        if decided == RISKS:
            better = self.risks & upper.home.manages
            worse = self.risks & lower.home.manages
            return self._more(up, "manages", "risks", better, worse, _risk_words)
        return (
            f"Ofsted rates this home {upper.home.ofsted}, {low} {lower.home.ofsted}",
            f"Ofsted rates {up} {upper.home.ofsted}, this home {lower.home.ofsted}",
        )

    def _distance(self, upper: Standing, lower: Standing) -> tuple[str, str]:
        # Distance decides only when both are known (an unknown distance is equal for all).
        assert upper.miles is not None and lower.miles is not None
        assert upper.whole_miles is not None and lower.whole_miles is not None
        if self.band:
            gap = lower.whole_miles - upper.whole_miles
        else:
            gap = round(lower.miles - upper.miles)
        above = _miles(gap, "nearer")
        below = _miles(gap, "further")
        if self.band and gap < self.band:
            # A small gap decided because it crosses a band edge: say which bands.
            up_band = self.band_words(upper)
            low_band = self.band_words(lower)
            above += f" ({up_band}; {lower.home.name} {low_band})"
            below += f" ({low_band}; {upper.home.name} {up_band})"
        return above, below

    @staticmethod
    def _more(
        up: str,
        verb: str,
        kind: str,
        better: frozenset[str],
        worse: frozenset[str],
        words: Callable[[frozenset[str]], str],
    ) -> tuple[str, str]:
        if worse <= better:
            named = words(better - worse)
            return f"this home {verb} {named}", f"{up} {verb} {named}"
        more = _count_words(kind, len(better), len(worse))
        return f"this home {verb} {more}", f"{up} {verb} {more}"
