from __future__ import annotations

import json

from bot.matching import match_to_json, rank_homes
from bot.matching.policy import RankingPolicy
from bot.matching.render import for_social_worker, list_for_people, not_reported_line

from .factory import NOW, SOUTHAMPTON, bed, home, load_homes, report, request

# spec/interfaces.md: these keys are a promise; what we add comes on top.
INTERFACE_TOP = {"reference", "computed_at", "ranked", "excluded"}
INTERFACE_RANKED = {
    "home",
    "home_code",
    "rank",
    "score",
    "distance_miles",
    "vacancy_confirmed_at",
    "reasons",
    "warnings",
}
INTERFACE_EXCLUDED = {"home", "home_code", "reason", "detail"}


def sample_result():
    homes = load_homes()
    vac = {
        h.code: report(h.code, bed(1, "any", "welfare"), hours_ago=30 if h.code == "SEV" else 2)
        for h in homes
    }
    req = request(avoid_areas=(SOUTHAMPTON,), age=12, accepted_home_codes=frozenset({"OAK"}))
    return homes, rank_homes(req, homes, vac, NOW)


def test_json_shape():
    _, result = sample_result()
    data = match_to_json(result)
    assert set(data) == INTERFACE_TOP | {"policy"}
    assert data["policy"] == {
        "order": ["consulted", "recent_vacancy", "distance", "needs", "ofsted", "name"],
        "distance_band_miles": 25,
        "recent_vacancy_hours": 24,
    }
    assert data["reference"] == "SWCU-2026-0042"
    assert data["computed_at"] == "2026-11-23T10:00:00+00:00"
    first = data["ranked"][0]
    assert set(first) == INTERFACE_RANKED | {"comparisons", "decided_by"}
    assert first["home_code"] == "OAK" and first["rank"] == 1
    assert first["distance_miles"] == round(first["distance_miles"], 1)
    assert first["vacancy_confirmed_at"].endswith("+00:00")
    assert first["decided_by"] is None
    assert [r["decided_by"] for r in data["ranked"][1:]] == ["consulted"] + [
        r["decided_by"] for r in data["ranked"][2:]
    ]
    assert all(isinstance(r["score"], float) for r in data["ranked"])
    for entry in data["excluded"]:
        assert set(entry) == INTERFACE_EXCLUDED | {"not_reported"}
    json.dumps(data)


def test_no_fee_anywhere_without_show_fees():
    homes, result = sample_result()
    text = json.dumps(match_to_json(result))
    assert "fee" not in text
    for h in homes:
        assert str(h.weekly_fee_gbp) not in text


def test_fees_only_with_show_fees():
    homes, result = sample_result()
    data = match_to_json(result, show_fees=True)
    fees = {h.code: h.weekly_fee_gbp for h in homes}
    for entry in data["ranked"]:
        assert entry["weekly_fee_gbp"] == fees[entry["home_code"]]
    assert all("weekly_fee_gbp" not in e for e in data["excluded"])


def silent_world():
    homes = [home(c, name=n) for c, n in (("AAA", "Ash"), ("BBB", "Birch"), ("CCC", "Cedar"))]
    homes.append(home("DDD", name="Damson", ofsted="Inadequate"))
    homes.append(home("EEE", name="Elder"))
    vac = {"BBB": report("BBB", bed(0), hours_ago=40), "EEE": report("EEE", bed(0), hours_ago=2)}
    return rank_homes(request(), homes, vac, NOW)


def test_homes_that_have_not_reported_are_one_line_for_people_and_all_kept_in_the_json():
    result = silent_world()
    shown = list_for_people(result)
    assert shown["not_reported"] == (
        "3 homes have not reported in the last 24 hours: Ash, Birch and Cedar"
    )
    assert shown["excluded"] == [
        {"home": "Damson", "reason": "ofsted", "detail": "Ofsted: Inadequate"},
        {
            "home": "Elder",
            "reason": "no_vacancy",
            "detail": "reported no vacancy at 08:00 on Mon 23 Nov",
        },
    ]
    data = match_to_json(result)
    silent = {e["home_code"]: e["detail"] for e in data["excluded"] if e["not_reported"]}
    assert silent == {
        "AAA": "has never reported its vacancies",
        "BBB": "has not reported a vacancy since 18:00 on Sat 21 Nov",
        "CCC": "has never reported its vacancies",
    }


def test_the_not_reported_line_counts_and_follows_the_policys_window():
    result = silent_world()
    one = [e for e in result.excluded if e.home.code == "AAA"]
    assert not_reported_line(one, RankingPolicy(recent_vacancy_hours=12)) == (
        "1 home has not reported in the last 12 hours: Ash"
    )
    assert not_reported_line([], RankingPolicy()) is None


def test_the_social_workers_list_has_warnings_and_no_comparisons():
    _, result = sample_result()
    homes = for_social_worker(result.ranked[:3])
    assert homes[0]["reasons"][0] == "the home has said it can consider this referral"
    assert all(h["warnings"] for h in homes)  # the child is 12: approval not noted
    assert all(not any(r.startswith("ranked ") for r in h["reasons"]) for h in homes)
