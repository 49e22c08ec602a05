"""The caches behind rank_homes: keyed by identity, never visible in the answers."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from bot.matching import rank_homes
from bot.matching.prepared import IdentityCache

from .factory import NOW, bed, home, report, request


def test_identity_cache_builds_once_per_object_and_keeps_a_few():
    cache: IdentityCache[str, int] = IdentityCache(size=2)
    built: list[int] = []

    def build(n: int):
        def make() -> int:
            built.append(n)
            return n

        return make

    a, b, c = [1], [1], [1]  # equal but distinct: each is its own key
    assert cache.get(a, "x", build(1)) == 1
    assert cache.get(a, "x", build(9)) == 1
    assert cache.get(a, "y", build(2)) == 2
    assert cache.get(b, "x", build(3)) == 3
    assert cache.get(c, "x", build(4)) == 4  # a's entries are the oldest: gone
    assert cache.get(a, "x", build(5)) == 5
    assert built == [1, 2, 3, 4, 5]


def test_excluded_homes_are_frozen_and_ranked_homes_are_fresh_each_call():
    homes = [home("AAA"), home("BBB", ofsted="Inadequate")]
    vac = {"AAA": report("AAA"), "BBB": report("BBB")}
    first = rank_homes(request(), homes, vac, NOW)
    with pytest.raises(FrozenInstanceError):
        first.excluded[0].detail = "changed"  # type: ignore[misc]
    first.ranked[0].reasons.append("scribbled on")
    first.excluded.clear()
    second = rank_homes(request(), homes, vac, NOW)
    assert "scribbled on" not in second.ranked[0].reasons
    assert [e.home.code for e in second.excluded] == ["BBB"]


def test_a_new_vacancies_mapping_is_read_afresh():
    homes = [home("AAA")]
    before = rank_homes(request(), homes, {"AAA": report("AAA", bed(0))}, NOW)
    after = rank_homes(request(), homes, {"AAA": report("AAA", bed(1))}, NOW)
    assert before.excluded[0].reason == "no_vacancy"
    assert [r.home.code for r in after.ranked] == ["AAA"]


def test_codes_no_home_mentions_are_still_worded():
    homes = [home("AAA", manages=frozenset({"cse"}), supports=frozenset())]
    req = request(risks=frozenset({"cse", "arson_history"}), needs=frozenset({"dietary"}))
    ranked = rank_homes(req, homes, {"AAA": report("AAA")}, NOW).ranked[0]
    assert "manages CSE" in ranked.reasons
    assert "has not said it manages arson history" in ranked.warnings
    assert "has not said it supports dietary needs" in ranked.warnings


def test_the_same_home_under_different_referrals():
    # Per-home memos (age, risks) must follow the referral, not the first one seen.
    homes = [home("AAA", min_age=12, max_age=16, cannot_manage=frozenset({"cse", "violence"}))]
    vac = {"AAA": report("AAA")}
    details = [
        rank_homes(request(age=a, risks=frozenset(r)), homes, vac, NOW).excluded[0].detail
        for a, r in [(11, {"cse"}), (17, {"cse"}), (14, {"cse"}), (14, {"violence", "cse"})]
    ]
    assert details == [
        "takes ages 12 to 16; the child is 11",
        "takes ages 12 to 16; the child is 17",
        "cannot manage CSE",
        "cannot manage CSE and violence",
    ]
