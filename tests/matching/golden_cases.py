"""Seeded random inputs for the golden test of `rank_homes` (see test_golden.py).

The expected outputs in fixtures/golden.json were produced once, from the matcher as it was
before it was optimised, by running this module:

    .venv/bin/python -m tests.matching.golden_cases

Do not regenerate it to make a failing test pass: a difference is a change of behaviour.
Changing anything here changes the inputs, so the fixture would have to be rebuilt from a
known-good matcher (e.g. `git stash` of the matcher only) — never from the code under test.

Worlds (a homes list and a vacancies dict) are shared by several requests, as the service
shares them between referrals, so caches keyed by those objects are exercised too.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.domain.model import BedVacancy, Home, Place
from bot.domain.vocabulary import NEEDS, OFSTED_RATINGS, RISKS
from bot.matching import MatchRequest, VacancyReport, match_to_json, rank_homes

FIXTURE = Path(__file__).parent / "fixtures" / "golden.json"

# A few codes outside the vocabulary: the words fall back to the code itself.
_RISKS = (*RISKS, "arson_history")
_NEEDS = (*NEEDS, "dietary")
_OFSTED = (*OFSTED_RATINGS, "Good", "Good", "Outstanding", "Not yet inspected")
_PLACES = (
    Place("Portsmouth", 50.8198, -1.0880),
    Place("Leeds", 53.7997, -1.5492),
    Place("Kent", 51.2787, 0.5217),
    Place("Lambeth", 51.4571, -0.1231),
    Place("Manchester", 53.4808, -2.2426),
    Place("Exeter", 50.7184, -3.5339),
)
# Summer and winter; a late-evening UTC time whose London date is the next day.
_NOWS = (
    datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    datetime(2026, 7, 14, 23, 30, tzinfo=UTC),
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
)


@dataclass(frozen=True)
class World:
    homes: list[Home]
    vacancies: dict[str, VacancyReport]


@dataclass(frozen=True)
class Case:
    name: str
    request: MatchRequest
    world: World
    now: datetime


def _subset(rng: random.Random, pool: tuple[str, ...], most: int) -> frozenset[str]:
    return frozenset(rng.sample(pool, rng.randint(0, most)))


def _home(rng: random.Random, i: int, near: Place) -> Home:
    code = f"H{i:03d}{rng.choice('ABC')}"
    lo = rng.choice((10, 10, 10, 12, 13))
    manages = _subset(rng, _RISKS, 6)
    return Home(
        code=code,
        # Some homes share a name: the sort falls back to the code.
        name=rng.choice((f"Home {i}", f"Home {i}", "Same Name House")),
        town="Town",
        postcode="AA1 1AA",
        # Half the homes are within ~30 miles of one of the places, so the avoided areas,
        # distances and the 250-mile cut-off all see use.
        latitude=near.latitude + rng.uniform(-0.4, 0.4)
        if rng.random() < 0.5
        else rng.uniform(50.0, 55.5),
        longitude=near.longitude + rng.uniform(-0.4, 0.4)
        if rng.random() < 0.5
        else rng.uniform(-4.5, 1.6),
        welfare_beds=rng.choice((0, 0, 2, 4, 6)),
        justice_beds=rng.choice((0, 0, 2, 4)),
        genders=rng.choice(("mixed", "mixed", "female", "male")),
        min_age=lo,
        max_age=rng.choice((15, 17, 17, 17)),
        manages=manages,
        cannot_manage=_subset(rng, tuple(r for r in _RISKS if r not in manages), 2),
        supports=_subset(rng, _NEEDS, 4),
        ofsted=rng.choice(_OFSTED),
        contact_emails=(f"{code.lower()}@example.test",),
        weekly_fee_gbp=rng.randint(5000, 9000),
    )


def _bed(rng: random.Random, today: date) -> BedVacancy:
    return BedVacancy(
        count=rng.choice((0, 1, 1, 1, 2, 3)),
        gender=rng.choice(("any", "any", "female", "male")),
        placement_type=rng.choice(("any", "welfare", "justice")),
        available_from=rng.choice(
            (
                None,
                None,
                None,
                today - timedelta(days=2),
                today,
                today + timedelta(days=rng.randint(1, 20)),
            )
        ),
    )


def _report(rng: random.Random, code: str, now: datetime) -> VacancyReport:
    today = now.date()
    beds = tuple(_bed(rng, today) for _ in range(rng.choice((0, 1, 1, 1, 2, 3))))
    hours = rng.choice((0.0, 0.2, 0.5, 1.0, 1.5, 5.0, 23.9, 24.0, 24.5, 30.0, 71.0, 80.0, 200.0))
    hours += rng.choice((0.0, rng.uniform(0, 3)))
    if rng.random() < 0.05:
        hours = -2.0  # clocks disagree: a report from "the future"
    reported_at = now - timedelta(hours=hours)
    if rng.random() < 0.2:  # as SQLite hands it back
        reported_at = reported_at.replace(tzinfo=None)
    return VacancyReport(code, beds, reported_at, rng.choice(("email", "slack", "phone", "cli")))


def _world(rng: random.Random, size: int) -> World:
    now = _NOWS[0]
    homes = [_home(rng, i, rng.choice(_PLACES)) for i in range(size)]
    vacancies = {h.code: _report(rng, h.code, now) for h in homes if rng.random() < 0.85}
    # A report for a home that is not on the list is ignored.
    vacancies["ZZZ9"] = VacancyReport("ZZZ9", (BedVacancy(1),), now, "cli")
    return World(homes, vacancies)


def _request(rng: random.Random, n: int, world: World, now: datetime) -> MatchRequest:
    codes = [h.code for h in world.homes]
    london_today = (
        (now + timedelta(hours=1)).date() if now.month in (4, 5, 6, 7, 8, 9) else now.date()
    )

    def some(k: int) -> frozenset[str]:
        return frozenset(rng.sample(codes, min(len(codes), rng.randint(0, k))))

    areas: tuple[Place, ...] = ()
    if rng.random() < 0.3 and world.homes:
        # Areas placed a few miles from real homes so that some fall inside the radius.
        areas = tuple(
            Place(
                f"Area {j}",
                h.latitude + rng.uniform(-0.2, 0.2),
                h.longitude + rng.uniform(-0.2, 0.2),
            )
            for j, h in enumerate(rng.sample(world.homes, rng.randint(1, 2)))
        )
    return MatchRequest(
        reference=f"SWCU-2026-{n:04d}",
        age=rng.choice((None, 10, 11, 12, 13, 14, 15, 16, 17)),
        gender=rng.choice(("female", "female", "male", "male", "non_binary", "unknown", None)),
        placement_type=rng.choice(("welfare", "welfare", "justice", None)),
        needed_on=london_today + timedelta(days=rng.choice((0, 0, 0, 1, 5, 12))),
        risks=_subset(rng, _RISKS, 4),
        needs=_subset(rng, _NEEDS, 3),
        origin=rng.choice((*_PLACES, None)),
        avoid_home_codes=some(2) if rng.random() < 0.3 else frozenset(),
        avoid_areas=areas,
        declined_home_codes=some(3) if rng.random() < 0.4 else frozenset(),
        accepted_home_codes=some(4) if rng.random() < 0.5 else frozenset(),
    )


def small_cases(seed: int = 20261123) -> Iterator[Case]:
    """200 cases over 20 worlds of 0 to 60 homes."""
    rng = random.Random(seed)
    n = 0
    for w in range(20):
        world = _world(rng, 0 if w == 0 else rng.randint(1, 60))
        for _ in range(10):
            n += 1
            now = rng.choice(_NOWS)
            yield Case(f"small-{n:03d}", _request(rng, n, world, now), world, now)


def bench_world(rng: random.Random, size: int, now: datetime) -> World:
    """Homes and vacancies shaped like bot/bench_data.py's (one bed per report)."""
    homes = []
    vacancies = {}
    for i in range(size):
        code = f"B{i:05d}"
        homes.append(
            Home(
                code=code,
                name=f"Bench Home {i}",
                town="Somewhere",
                postcode="XX1 1XX",
                latitude=rng.uniform(50.6, 55.0),
                longitude=rng.uniform(-3.5, 1.3),
                welfare_beds=rng.randint(0, 10),
                justice_beds=rng.randint(0, 10),
                genders=rng.choice(["mixed", "mixed", "female", "male"]),
                min_age=10,
                max_age=17,
                manages=frozenset(rng.sample(RISKS, 5)),
                cannot_manage=frozenset(rng.sample(RISKS, 1)),
                supports=frozenset(rng.sample(NEEDS, 3)),
                ofsted=rng.choice(OFSTED_RATINGS),
                contact_emails=(f"home{i}@bench.test",),
                weekly_fee_gbp=rng.randint(6000, 9000),
            )
        )
    for h in homes:
        bed = BedVacancy(
            rng.randint(0, 2),
            rng.choice(["any", "female", "male"]),
            rng.choice(["any", "welfare", "justice"]),
            rng.choice([None, now.date() + timedelta(days=3)]),
        )
        vacancies[h.code] = VacancyReport(
            h.code, (bed,), now - timedelta(hours=rng.randint(0, 48)), "cli"
        )
    return World(homes, vacancies)


def bench_request(rng: random.Random, n: int, now: datetime) -> MatchRequest:
    """A referral shaped like bot/bench_data.py's."""
    return MatchRequest(
        reference=f"SWCU-2026-{n:04d}",
        age=rng.randint(12, 17),
        gender=rng.choice(["female", "male"]),
        placement_type="welfare",
        needed_on=now.date(),
        risks=frozenset(rng.sample(RISKS, 3)),
        needs=frozenset(rng.sample(NEEDS, 2)),
        origin=rng.choice(_PLACES),
    )


def large_cases(seed: int = 3000) -> Iterator[Case]:
    """Bench-shaped cases of 3,000 homes, kept in the fixture as digests only."""
    rng = random.Random(seed)
    now = _NOWS[0]
    world = bench_world(rng, 3000, now)
    for n in range(1, 7):
        yield Case(f"large-{n}", bench_request(rng, n, now), world, now)
    # The mixed case generator on a big world: every rule at scale.
    big = _world(rng, 3000)
    for n in range(7, 13):
        now = rng.choice(_NOWS)
        yield Case(f"large-{n}", _request(rng, n, big, now), big, now)


def result_json(case: Case) -> dict[str, object]:
    result = rank_homes(case.request, case.world.homes, case.world.vacancies, case.now)
    return match_to_json(result, show_fees=True)


def digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def build_fixture() -> dict[str, object]:
    return {
        "small": {c.name: result_json(c) for c in small_cases()},
        "large_sha256": {c.name: digest(result_json(c)) for c in large_cases()},
    }


def write_fixture() -> None:
    data = build_fixture()
    FIXTURE.parent.mkdir(exist_ok=True)
    lines = ["{", '"small": {']
    small = list(data["small"].items())  # type: ignore[attr-defined]
    for i, (name, value) in enumerate(small):
        comma = "," if i < len(small) - 1 else ""
        lines.append(f"{json.dumps(name)}: {json.dumps(value, sort_keys=True)}{comma}")
    lines.append("},")
    lines.append(f'"large_sha256": {json.dumps(data["large_sha256"], indent=1, sort_keys=True)}')
    lines.append("}")
    FIXTURE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_fixture()
