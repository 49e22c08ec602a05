from __future__ import annotations

import random
from dataclasses import replace

from bot.domain.model import Place
from bot.matching import rank_homes
from bot.matching.scoring import freshness_points

from .factory import NOW, PORTSMOUTH, SOUTHAMPTON, bed, home, load_homes, report, request


def at(code: str, miles_north: float, **kw):
    return home(
        code,
        latitude=PORTSMOUTH.latitude + miles_north / 69.094,
        longitude=PORTSMOUTH.longitude,
        **kw,
    )


def codes(result):
    return [r.home.code for r in result.ranked]


def test_closer_home_ranks_first():
    homes = [at("FAR", 150), at("NEAR", 10)]
    vac = {h.code: report(h.code) for h in homes}
    result = rank_homes(request(), homes, vac, NOW)
    assert codes(result) == ["NEAR", "FAR"]
    assert [r.rank for r in result.ranked] == [1, 2]
    assert result.ranked[0].score > result.ranked[1].score
    assert round(result.ranked[0].distance_miles) == 10


def test_accepted_home_ranks_first_even_when_far():
    homes = [at("FAR", 300, ofsted="Requires improvement"), at("NEAR", 1, ofsted="Outstanding")]
    vac = {"FAR": report("FAR", hours_ago=100), "NEAR": report("NEAR")}
    result = rank_homes(request(accepted_home_codes=frozenset({"FAR"})), homes, vac, NOW)
    assert codes(result) == ["FAR", "NEAR"]
    assert result.ranked[0].reasons[0] == "can consider this child (consulted)"
    assert result.ranked[0].score >= 50 > result.ranked[1].score


def test_fresh_vacancy_beats_stale_at_a_similar_distance():
    homes = [at("STALE", 20), at("FRESH", 60)]
    vac = {"STALE": report("STALE", hours_ago=30), "FRESH": report("FRESH", hours_ago=2)}
    result = rank_homes(request(), homes, vac, NOW)
    assert codes(result) == ["FRESH", "STALE"]
    stale = result.ranked[1]
    assert "vacancy last confirmed 30 hours ago" in stale.warnings
    assert not result.ranked[0].warnings


def test_stale_report_scores_at_least_six_points_lower():
    assert freshness_points(24.0) - freshness_points(24.01) >= 5.99


def test_needs_then_ofsted_break_near_ties():
    homes = [
        at("PLAIN", 50, supports=frozenset(), ofsted="Good"),
        at("NEEDS", 50, supports=frozenset({"mental_health"}), ofsted="Good"),
        at("STARS", 50, supports=frozenset(), ofsted="Outstanding"),
    ]
    vac = {h.code: report(h.code) for h in homes}
    result = rank_homes(request(), homes, vac, NOW)
    assert codes(result) == ["NEEDS", "STARS", "PLAIN"]


def test_equal_scores_tie_break_by_distance_then_name_then_code():
    homes = [
        at("ZZZ", 40, name="Same Name"),
        at("AAA", 40, name="Same Name"),
        at("MMM", 40, name="Alpha"),
    ]
    vac = {h.code: report(h.code) for h in homes}
    result = rank_homes(request(), homes, vac, NOW)
    assert codes(result) == ["MMM", "AAA", "ZZZ"]


def test_unknown_origin_ranks_without_distance():
    homes = [at("BBB", 10), at("AAA", 100)]
    vac = {h.code: report(h.code) for h in homes}
    result = rank_homes(request(origin=None), homes, vac, NOW)
    assert codes(result) == ["AAA", "BBB"]  # same score: name order
    assert all(r.distance_miles is None for r in result.ranked)
    assert "child's home area not known: distance not counted" in result.ranked[0].warnings


def test_reasons_read_aloud():
    h = at(
        "HAR",
        14.2,
        manages=frozenset({"cse", "absconding", "self_harm"}),
        supports=frozenset({"mental_health", "ehcp"}),
        ofsted="Outstanding",
    )
    req = request(
        risks=frozenset({"cse", "absconding", "self_harm"}),
        needs=frozenset({"mental_health", "ehcp"}),
    )
    rep = report("HAR", bed(1, "female", "welfare"), hours_ago=2)
    result = rank_homes(req, [h], {"HAR": rep}, NOW)
    assert result.ranked[0].reasons == [
        "14 miles from Portsmouth",
        "vacancy confirmed 2 hours ago (1 female welfare bed)",
        "manages CSE, self-harm and absconding",
        "supports mental health and EHCP needs",
        "Ofsted: Outstanding",
    ]
    assert result.ranked[0].vacancy_confirmed_at == rep.reported_at


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
