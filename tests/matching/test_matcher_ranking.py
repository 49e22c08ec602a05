"""The ranking policy, step by step, on hand-made homes: a recent vacancy, then distance in
bands, then needs supported, then Ofsted, then the name; and a policy changed by the unit."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bot.domain.model import Place
from bot.matching import rank_homes
from bot.matching.policy import RankingPolicy

from .factory import NOW, PORTSMOUTH, SOUTHAMPTON, bed, home, load_homes, report, request


def at(code: str, miles_north: float, **kw):
    """A home `miles_north` of Portsmouth (the child's home area in `request()`)."""
    return home(
        code,
        latitude=PORTSMOUTH.latitude + miles_north / 69.094,
        longitude=PORTSMOUTH.longitude,
        **kw,
    )


def codes(result):
    return [r.home.code for r in result.ranked]


def rank(homes, policy: RankingPolicy | None = None, hours: dict[str, float] | None = None, **kw):
    hours = hours or {}
    vac = {h.code: report(h.code, hours_ago=hours.get(h.code, 1.0)) for h in homes}
    if policy is None:
        return rank_homes(request(**kw), homes, vac, NOW)
    return rank_homes(request(**kw), homes, vac, NOW, policy)


# -- 1. a vacancy confirmed within 24 hours -------------------------------------------------


def test_a_recent_vacancy_comes_before_a_nearer_older_one():
    result = rank([at("OLD", 3), at("NEW", 140)], hours={"OLD": 30})
    assert codes(result) == ["NEW", "OLD"]
    assert result.ranked[1].decided_by == "recent_vacancy"


@pytest.mark.parametrize(("hours", "recent"), [(24.0, True), (24.01, False), (-2.0, True)])
def test_the_24_hour_edge(hours: float, recent: bool):
    # NEAR is nearer: it leads only while its report still counts as recent.
    result = rank([at("NEAR", 3), at("FAR", 140)], hours={"NEAR": hours})
    assert codes(result) == (["NEAR", "FAR"] if recent else ["FAR", "NEAR"])


# -- 2. distance, in bands of 25 miles --------------------------------------------------------


def test_distance_decides_across_bands_whatever_the_other_factors():
    # The cases: 40 miles (Requires improvement, no needs) before 74 (Outstanding,
    # supports the need); 97 before 177.
    plain = {"ofsted": "Requires improvement", "supports": frozenset()}
    best = {"ofsted": "Outstanding", "supports": frozenset({"mental_health"})}
    assert codes(rank([at("FAR", 74, **best), at("NEAR", 40, **plain)])) == ["NEAR", "FAR"]
    assert codes(rank([at("FAR", 177, **best), at("NEAR", 97, **plain)])) == ["NEAR", "FAR"]


@pytest.mark.parametrize(
    ("near", "far", "same_band"),
    [
        (1, 25.4, True),  # shown as 25 miles: band 1-25
        (0.2, 24.0, True),  # under a mile is in the first band
        (25.4, 25.6, False),  # 25 and 26 miles: the band edge
        (26, 50.4, True),
        (50.4, 51, False),
    ],
)
def test_band_edges(near: float, far: float, same_band: bool):
    # FAR supports the child's need: it leads whenever distance counts as equal.
    homes = [at("NEAR", near, supports=frozenset()), at("FAR", far)]
    result = rank(homes)
    assert codes(result) == (["FAR", "NEAR"] if same_band else ["NEAR", "FAR"])
    assert result.ranked[1].decided_by == ("needs" if same_band else "distance")


def test_within_a_band_the_nearer_home_leads_only_on_the_name():
    result = rank(
        [at("BBB", 20, name="Beta"), at("AAA", 2, name="Alpha"), at("CCC", 9, name="Alpha")]
    )
    assert codes(result) == ["AAA", "CCC", "BBB"]  # name, then code; not distance
    assert [r.decided_by for r in result.ranked] == [None, "name", "name"]


def test_no_bands_when_the_band_is_zero():
    homes = [at("NEAR", 2, supports=frozenset()), at("FAR", 20)]
    assert codes(rank(homes)) == ["FAR", "NEAR"]
    assert codes(rank(homes, RankingPolicy(distance_band_miles=0))) == ["NEAR", "FAR"]


def test_a_wider_band_makes_more_homes_equal():
    homes = [at("NEAR", 10, supports=frozenset()), at("FAR", 45)]
    assert codes(rank(homes)) == ["NEAR", "FAR"]
    assert codes(rank(homes, RankingPolicy(distance_band_miles=50))) == ["FAR", "NEAR"]


def test_unknown_home_area_lets_distance_decide_nothing():
    homes = [at("NEAR", 10, supports=frozenset()), at("FAR", 100)]
    result = rank(homes, origin=None)
    assert codes(result) == ["FAR", "NEAR"]  # needs decide
    assert all(r.distance_miles is None for r in result.ranked)
    assert "child's home area not known: distance not counted" in result.ranked[0].warnings


# -- 3. needs, 4. Ofsted, 5. name ----------------------------------------------------------


def test_needs_then_ofsted_then_name_within_a_band():
    homes = [
        at("PLAIN", 50, supports=frozenset(), ofsted="Good", name="Plain"),
        at("NEEDS", 45, supports=frozenset({"mental_health"}), ofsted="Requires improvement"),
        at("STARS", 30, supports=frozenset(), ofsted="Outstanding"),
        at("ALSO", 40, supports=frozenset(), ofsted="Good", name="Also"),
    ]
    result = rank(homes, needs=frozenset({"mental_health", "interpreter"}))
    assert codes(result) == ["NEEDS", "STARS", "ALSO", "PLAIN"]
    assert [r.decided_by for r in result.ranked] == [None, "needs", "ofsted", "name"]


def test_more_needs_supported_leads():
    homes = [
        at("ONE", 5, supports=frozenset({"mental_health"})),
        at("TWO", 20, supports=frozenset({"autism", "interpreter"})),
    ]
    result = rank(homes, needs=frozenset({"mental_health", "autism", "interpreter"}))
    assert codes(result) == ["TWO", "ONE"]


def test_ofsted_order_is_outstanding_good_other_then_requires_improvement():
    grades = ["Requires improvement", "Not yet inspected", "Good", "Outstanding"]
    homes = [at(f"H{i}", 10, ofsted=g, name="Same") for i, g in enumerate(grades)]
    result = rank(homes)
    assert [r.home.ofsted for r in result.ranked] == grades[::-1]


def test_full_ties_are_listed_by_name_then_code():
    homes = [
        at("ZZZ", 40, name="Same Name"),
        at("AAA", 40, name="Same Name"),
        at("MMM", 40, name="Alpha"),
    ]
    assert codes(rank(homes)) == ["MMM", "AAA", "ZZZ"]


# -- consultation: a home that can consider the child leads -------------------------------------


def test_a_home_that_can_consider_the_child_comes_first():
    homes = [at("FAR", 300, ofsted="Requires improvement"), at("NEAR", 1, ofsted="Outstanding")]
    vac = {"FAR": report("FAR", hours_ago=100), "NEAR": report("NEAR")}
    result = rank_homes(request(accepted_home_codes=frozenset({"FAR"})), homes, vac, NOW)
    assert codes(result) == ["FAR", "NEAR"]
    assert result.ranked[0].reasons[0] == "can consider this child (consulted)"
    assert result.ranked[1].decided_by == "consulted"


# -- the unit's own order -------------------------------------------------------------------


def test_the_order_of_factors_is_the_policys():
    stale_near = at("NEAR", 5, supports=frozenset(), ofsted="Outstanding")
    fresh_far = at("FAR", 100, supports=frozenset({"mental_health"}), ofsted="Good")
    homes = [stale_near, fresh_far]
    hours = {"NEAR": 40}
    assert codes(rank(homes, hours=hours)) == ["FAR", "NEAR"]
    distance_first = RankingPolicy(order=("distance", "recent_vacancy", "needs", "ofsted"))
    assert codes(rank(homes, distance_first, hours=hours)) == ["NEAR", "FAR"]
    ofsted_only = RankingPolicy(order=("ofsted",))
    assert codes(rank(homes, ofsted_only, hours=hours)) == ["NEAR", "FAR"]
    needs_only = RankingPolicy(order=("needs",))
    assert codes(rank(homes, needs_only, hours=hours)) == ["FAR", "NEAR"]


def test_risks_managed_count_only_when_the_policy_names_them():
    homes = [
        at("AAA", 10, manages=frozenset(), name="Alpha"),
        at("BBB", 10, manages=frozenset({"cse", "absconding"}), name="Beta"),
    ]
    assert codes(rank(homes)) == ["AAA", "BBB"]  # by name: risks are not in the default order
    with_risks = RankingPolicy(order=("recent_vacancy", "distance", "risks", "needs", "ofsted"))
    result = rank(homes, with_risks)
    assert codes(result) == ["BBB", "AAA"] and result.ranked[1].decided_by == "risks"


def test_a_shorter_recent_window_moves_a_home_down():
    homes = [at("NEAR", 5), at("FAR", 100)]
    hours = {"NEAR": 10}
    assert codes(rank(homes, hours=hours)) == ["NEAR", "FAR"]
    result = rank(homes, RankingPolicy(recent_vacancy_hours=6), hours=hours)
    assert codes(result) == ["FAR", "NEAR"]
    assert "vacancy last confirmed 10 hours before this list" in result.ranked[1].warnings


# -- the score, for tools -----------------------------------------------------------------------


def test_the_score_follows_the_list_and_ties_share_it():
    homes = [
        at("AAA", 5, name="Same"),
        at("BBB", 6, name="Same"),  # equal to AAA on every factor
        at("CCC", 60),
        at("DDD", 120),
    ]
    result = rank(homes)
    assert codes(result) == ["AAA", "BBB", "CCC", "DDD"]
    # The share of the other homes each one is ranked above (ties not counted).
    assert [r.score for r in result.ranked] == [66.7, 66.7, 33.3, 0.0]
    assert rank([at("ONE", 5)]).ranked[0].score == 100.0


# -- what does not change the answer -------------------------------------------------------------


def test_shuffled_input_gives_the_same_output():
    homes = load_homes()
    rng = random.Random(7)
    vac = {
        h.code: report(
            h.code,
            bed(
                rng.randint(0, 2),
                rng.choice(["any", "female", "male"]),
                rng.choice(["any", "welfare", "justice"]),
            ),
            hours_ago=rng.uniform(0, 50),
        )
        for h in homes
        if rng.random() < 0.8
    }
    req = request(avoid_areas=(SOUTHAMPTON,))
    first = rank_homes(req, homes, vac, NOW)
    for seed in range(5):
        shuffled = homes[:]
        random.Random(seed).shuffle(shuffled)
        again = rank_homes(req, shuffled, dict(reversed(list(vac.items()))), NOW)
        assert again == first
    assert len(first.ranked) + len(first.excluded) == len(homes)


def test_sample_homes_for_a_girl_from_portsmouth():
    homes = load_homes()
    vac = {h.code: report(h.code, bed(1, "any", "welfare")) for h in homes}
    req = request(avoid_areas=(SOUTHAMPTON,), avoid_home_codes=frozenset({"KES"}))
    result = rank_homes(req, homes, vac, NOW)
    reasons = {e.home.code: e.reason for e in result.excluded}
    assert reasons["KES"] == "avoided"
    # Fareham is 10.6 miles from the centre of Southampton: within 10 miles of its edge.
    assert reasons["HAR"] == "avoided"
    assert reasons["FEN"] == "gender" and reasons["MOO"] == "gender"
    assert reasons["CED"] == "ofsted"
    assert codes(result)[:2] == ["SEV", "BEA"]  # Bristol, then Exeter


def test_every_one_of_3000_homes_is_ranked_or_excluded_once():
    base = load_homes()
    rng = random.Random(1)
    homes, vac = [], {}
    for i in range(3000):
        h = base[i % len(base)]
        code = f"H{i:04d}"
        homes.append(
            replace(
                h,
                code=code,
                name=f"{h.name} {i}",
                latitude=h.latitude + rng.uniform(-1, 1),
                longitude=h.longitude + rng.uniform(-1, 1),
            )
        )
        if rng.random() < 0.3:
            vac[code] = report(
                code,
                bed(
                    rng.randint(0, 2), rng.choice(["any", "female"]), rng.choice(["any", "welfare"])
                ),
                hours_ago=rng.uniform(0, 50),
            )
    req = request(avoid_areas=(SOUTHAMPTON,), origin=Place("Leeds", 53.8, -1.55))
    result = rank_homes(req, homes, vac, NOW)
    seen = [r.home.code for r in result.ranked] + [e.home.code for e in result.excluded]
    assert sorted(seen) == sorted(h.code for h in homes)  # speed: `swcu bench match`


def test_naive_report_time_is_read_as_utc():
    rep = report("AAA")
    naive = replace(rep, reported_at=rep.reported_at.replace(tzinfo=None))
    result = rank_homes(request(), [at("AAA", 5)], {"AAA": naive}, NOW)
    assert result.ranked[0].vacancy_confirmed_at == rep.reported_at
