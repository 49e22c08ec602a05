"""What the matcher works out once per homes list (and per vacancies mapping), not per referral.

The service hands `rank_homes` the same list of homes and the same mapping of vacancy reports
for every referral until a home changes or a new report is recorded, and then a new object.
So facts that do not depend on the referral are kept here, keyed by the *identity* of those
objects:

- `HomeTable` (per homes sequence): the homes in code order (the order excluded homes are
  listed in), risk and need sets as int bitmasks, radians of the coordinates;
- `Screen` (per table, placement type and gender): the Ofsted, placement-type and home-gender
  rules, with their `ExcludedHome` results built once;
- `Pool` (per screen, vacancies mapping and day needed): the beds each remaining home could
  offer, the bed-gender exclusions, and the ready-made `no_vacancy` exclusion if any.

Identity is only a safe key because the inputs are never mutated (`Home` is frozen, and the
callers promise not to change the sequence or the mapping once handed over; see `rank_homes`).
Each cache entry holds a strong reference to its key object, so its `id` cannot be reused by
another object while the entry exists. Results never depend on what is cached: a cold and a
warm call give the same answer (tests/matching/test_golden.py checks both).

`ExcludedHome` is frozen, so the same objects can safely appear in many results.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from math import cos, radians
from operator import attrgetter, itemgetter
from threading import Lock
from typing import Generic, TypeVar

from bot.domain.model import BedVacancy, Home
from bot.matching.labels import GENDER_ONLY
from bot.matching.reasons import describe_beds
from bot.matching.rules import (
    NEVER_REPORTED_DETAIL,
    OFSTED_DETAIL,
    RequestContext,
    age_detail,
    cannot_manage_detail,
    fit_beds,
    silent_since_detail,
)
from bot.matching.types import ExcludedHome, VacancyReport

K = TypeVar("K")
V = TypeVar("V")


class IdentityCache(Generic[K, V]):
    """A few values keyed by (the identity of an object, plus a hashable extra key).

    Oldest entries go first once `size` is reached. Building happens outside the lock: two
    threads may build the same value at once, which costs time but never changes an answer.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[tuple[int, K], tuple[object, V]] = {}
        self._lock = Lock()

    def get(self, obj: object, extra: K, build: Callable[[], V]) -> V:
        key = (id(obj), extra)
        with self._lock:
            hit = self._entries.get(key)
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = build()
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = (obj, value)  # keeps `obj` alive, so its id stays its own
            while len(self._entries) > self._size:
                del self._entries[next(iter(self._entries))]
        return value


class HomeFacts:
    """One home, reduced to what the per-referral loop reads, and its per-home memos."""

    __slots__ = (
        "home",
        "index",
        "code",
        "min_age",
        "max_age",
        "cannot",
        "manages",
        "supports",
        "lat_rad",
        "cos_lat",
        "longitude",
        "_age_out",
        "_manage_out",
    )

    def __init__(self, home: Home, index: int, masks: Callable[[frozenset[str]], int]) -> None:
        self.home = home
        self.index = index  # position in code order
        self.code = home.code
        self.min_age = home.min_age
        self.max_age = home.max_age
        self.cannot = masks(home.cannot_manage)
        self.manages = masks(home.manages)
        self.supports = masks(home.supports)
        self.lat_rad = radians(home.latitude)
        self.cos_lat = cos(self.lat_rad)
        self.longitude = home.longitude
        # A home is excluded for the same age or the same risks again and again: the same
        # (frozen) exclusion is handed out each time instead of being rebuilt. The memos are
        # made on first use: most homes never need them.
        self._age_out: dict[int, ExcludedHome] | None = None
        self._manage_out: dict[int, ExcludedHome] | None = None

    def age_excluded(self, age: int) -> ExcludedHome:
        memo = self._age_out
        if memo is None:
            memo = self._age_out = {}
        out = memo.get(age)
        if out is None:
            out = memo[age] = ExcludedHome(self.home, "age", age_detail(self.home, age))
        return out

    def cannot_manage_excluded(self, which: int, risks: frozenset[str]) -> ExcludedHome:
        """`which` is the bitmask of the child's risks the home cannot manage."""
        memo = self._manage_out
        if memo is None:
            memo = self._manage_out = {}
        out = memo.get(which)
        if out is None:
            detail = cannot_manage_detail(self.home, risks)
            out = memo[which] = ExcludedHome(self.home, "cannot_manage", detail)
        return out


def mask(bits: Mapping[str, int], codes: Iterable[str]) -> int:
    """The codes as a bitmask; codes no home mentions have no bit (they can match nothing)."""
    value = 0
    for code in codes:
        value |= bits.get(code, 0)
    return value


class Bucket:
    """Excluded homes for one reason, in code order, with their positions (for filtering)."""

    __slots__ = ("homes", "indexes")

    def __init__(self) -> None:
        self.homes: list[ExcludedHome] = []
        self.indexes: list[int] = []

    def add(self, facts: HomeFacts, excluded: ExcludedHome) -> None:
        self.homes.append(excluded)
        self.indexes.append(facts.index)

    def merged(self, other: Bucket) -> Bucket:
        """Both buckets in one, still in code order."""
        pairs = sorted(
            zip(self.indexes + other.indexes, self.homes + other.homes, strict=True),
            key=itemgetter(0),
        )
        both = Bucket()
        both.indexes = [i for i, _ in pairs]
        both.homes = [e for _, e in pairs]
        return both

    def without(self, removed: set[int]) -> list[ExcludedHome]:
        """The homes not already excluded for an earlier reason (declined or avoided)."""
        if not removed:
            return self.homes
        return [e for i, e in zip(self.indexes, self.homes, strict=True) if i not in removed]


# (home, usable beds, report time made aware, and when it has no bed for this child: its
# no-vacancy exclusion as reported, and the one for a report too old to count; else None)
Open = tuple[HomeFacts, tuple[BedVacancy, ...], datetime, ExcludedHome | None, ExcludedHome | None]


class Pool:
    """The homes of a screen that pass the bed-gender rule, with the beds they could offer."""

    __slots__ = ("gender", "open", "_bed_words")

    def __init__(self, gender: Bucket, open_: list[Open]) -> None:
        self.gender = gender  # the screen's gender exclusions and the bed-gender ones, merged
        self.open = open_
        self._bed_words: dict[int, str] = {}

    def bed_words(self, facts: HomeFacts, beds: tuple[BedVacancy, ...], today: date) -> str:
        """`describe_beds(beds, today)`, kept for the next referral when it cannot depend on
        the day (no bed has a date)."""
        words = self._bed_words.get(facts.index)
        if words is None:
            words = describe_beds(beds, today)
            if all(b.available_from is None for b in beds):
                self._bed_words[facts.index] = words
        return words


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def build_pool(screen: Screen, vacancies: Mapping[str, VacancyReport], ctx: RequestContext) -> Pool:
    bed_gender = Bucket()
    open_: list[Open] = []
    get_report = vacancies.get
    for facts in screen.passed:
        report = get_report(facts.code)
        if report is None:
            # Older than any cut-off, so the (single) exclusion is always the silent one.
            never = ExcludedHome(facts.home, "no_vacancy", NEVER_REPORTED_DETAIL, True)
            open_.append((facts, (), _EPOCH, never, never))
            continue
        reported_at = report.reported_at
        if reported_at.tzinfo is None:  # SQLite hands datetimes back naive; they are UTC
            reported_at = reported_at.replace(tzinfo=UTC)
        beds, why, detail = fit_beds(report, ctx, reported_at)
        if why == "gender":
            bed_gender.add(facts, ExcludedHome(facts.home, "gender", detail))
            continue
        if why is None:
            open_.append((facts, beds, reported_at, None, None))
            continue
        # Whether the report is too old to count depends on the time of the match, which
        # this cache does not know: both exclusions are made, the match picks one.
        as_reported = ExcludedHome(facts.home, "no_vacancy", detail)
        silent = ExcludedHome(facts.home, "no_vacancy", silent_since_detail(reported_at), True)
        open_.append((facts, beds, reported_at, as_reported, silent))
    return Pool(screen.gender.merged(bed_gender), open_)


class Screen:
    """The homes of a table put through the rules that depend only on the placement type
    and the child's gender: Ofsted, placement type, the home's own gender."""

    __slots__ = ("ofsted", "placement_type", "gender", "passed", "_pools")

    def __init__(self, facts: Sequence[HomeFacts], placement_type: str | None, gender: str | None):
        self.ofsted = Bucket()
        self.placement_type = Bucket()
        self.gender = Bucket()
        self.passed: list[HomeFacts] = []
        welfare = placement_type == "welfare"
        justice = placement_type == "justice"
        for f in facts:
            home = f.home
            if home.ofsted == "Inadequate":
                self.ofsted.add(f, ExcludedHome(home, "ofsted", OFSTED_DETAIL))
            elif welfare and home.welfare_beds <= 0:
                self.placement_type.add(
                    f, ExcludedHome(home, "placement_type", "takes no welfare placements")
                )
            elif justice and home.justice_beds <= 0:
                self.placement_type.add(
                    f, ExcludedHome(home, "placement_type", "takes no justice placements")
                )
            elif gender is not None and home.genders != "mixed" and home.genders != gender:
                only = GENDER_ONLY.get(home.genders, home.genders)
                self.gender.add(f, ExcludedHome(home, "gender", f"takes {only} only"))
            else:
                self.passed.append(f)
        # Keyed by the vacancies mapping and the day needed. A new mapping arrives with each
        # report, so older entries soon go unused; keep only a few.
        self._pools: IdentityCache[date, Pool] = IdentityCache(size=6)

    def pool(self, vacancies: Mapping[str, VacancyReport], ctx: RequestContext) -> Pool:
        """`ctx` must have this screen's placement type and gender (the pool adds the day)."""
        return self._pools.get(vacancies, ctx.needed_on, lambda: build_pool(self, vacancies, ctx))


class HomeTable:
    """A homes sequence, prepared once for every referral matched against it."""

    def __init__(self, homes: Sequence[Home]) -> None:
        ordered = sorted(homes, key=attrgetter("code"))  # stable: equal codes keep their order
        # Risks and needs as bitmasks: the per-referral checks become an `&` of two ints.
        # Needs and risks share one numbering; the two are never mixed in one mask.
        self.bits: dict[str, int] = {}
        masks: dict[frozenset[str], int] = {}  # homes share sets: number each set once

        def numbered(codes: frozenset[str]) -> int:
            value = masks.get(codes)
            if value is None:
                value = 0
                for code in codes:
                    value |= self.bits.setdefault(code, 1 << len(self.bits))
                masks[codes] = value
            return value

        self.facts = [HomeFacts(h, i, numbered) for i, h in enumerate(ordered)]
        self._codes = [f.code for f in self.facts]  # sorted: looked up by bisection
        self._by_latitude: tuple[list[float], list[HomeFacts]] | None = None  # made on first use
        self._screens: dict[tuple[str | None, str | None], Screen] = {}
        self._lock = Lock()

    def screen(self, ctx: RequestContext) -> Screen:
        key = (ctx.placement_type, ctx.gender)
        with self._lock:
            found = self._screens.get(key)
        if found is None:
            found = Screen(self.facts, *key)
            with self._lock:
                found = self._screens.setdefault(key, found)
        return found

    def with_codes(self, codes: Iterable[str]) -> list[HomeFacts]:
        found = []
        all_codes = self._codes
        for code in codes:
            i = bisect_left(all_codes, code)
            while i < len(all_codes) and all_codes[i] == code:
                found.append(self.facts[i])
                i += 1
        return found

    def between_latitudes(self, low: float, high: float) -> list[HomeFacts]:
        """The homes with low <= latitude <= high."""
        if self._by_latitude is None:  # only referrals with avoided areas need it
            ordered = sorted(self.facts, key=_latitude)
            self._by_latitude = ([f.home.latitude for f in ordered], ordered)
        lats, ordered = self._by_latitude
        return ordered[bisect_left(lats, low) : bisect_right(lats, high)]


def _latitude(facts: HomeFacts) -> float:
    return facts.home.latitude


# The service keeps one homes list at a time; a few more cover tests and the CLI.
_TABLES: IdentityCache[None, HomeTable] = IdentityCache(size=4)


def home_table(homes: Sequence[Home]) -> HomeTable:
    return _TABLES.get(homes, None, lambda: HomeTable(homes))
