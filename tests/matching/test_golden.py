"""The matcher reproduces, exactly, what it produced before it was optimised.

fixtures/golden.json was generated from the earlier implementation (see golden_cases.py), and
regenerated once when an avoided area came to be measured from its edge (every difference
then was an avoided-area exclusion).
"""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from bot.domain.model import Home
from bot.matching import match_to_json, rank_homes

from .golden_cases import FIXTURE, Case, World, digest, large_cases, result_json, small_cases

GOLDEN = json.loads(FIXTURE.read_text(encoding="utf-8"))
SMALL = list(small_cases())


def test_fixture_covers_every_case():
    assert sorted(GOLDEN["small"]) == sorted(c.name for c in SMALL)
    assert len(SMALL) == 200


@pytest.mark.parametrize("case", SMALL, ids=lambda c: c.name)
def test_small_case_matches_golden(case: Case):
    assert result_json(case) == GOLDEN["small"][case.name]


def test_large_cases_match_golden():
    got = {c.name: digest(result_json(c)) for c in large_cases()}
    assert got == GOLDEN["large_sha256"]


def test_same_answers_with_fresh_copies_of_the_inputs():
    # Caches keyed by the identity of the homes list and the vacancies dict must give the
    # answer a brand-new (equal) list and dict would give, in any order of calls.
    rng = random.Random(7)
    cases = rng.sample(SMALL, 60)
    for case in cases:
        fresh = World(list(case.world.homes), dict(case.world.vacancies))
        assert result_json(replace(case, world=fresh)) == GOLDEN["small"][case.name]
        assert result_json(case) == GOLDEN["small"][case.name]


def test_output_does_not_depend_on_the_order_of_homes():
    rng = random.Random(11)
    for case in rng.sample(SMALL, 40):
        homes: list[Home] = list(case.world.homes)
        rng.shuffle(homes)
        shuffled = replace(case, world=World(homes, case.world.vacancies))
        assert result_json(shuffled) == GOLDEN["small"][case.name]


def test_tuple_of_homes_is_accepted():
    case = SMALL[42]
    result = rank_homes(case.request, tuple(case.world.homes), case.world.vacancies, case.now)
    assert match_to_json(result, show_fees=True) == GOLDEN["small"][case.name]
