from __future__ import annotations

import json

from bot.matching import match_to_json, rank_homes

from .factory import NOW, SOUTHAMPTON, bed, load_homes, report, request


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
    assert set(data) == {"reference", "computed_at", "ranked", "excluded"}
    assert data["reference"] == "SWCU-2026-0042"
    assert data["computed_at"] == "2026-11-23T10:00:00+00:00"
    first = data["ranked"][0]
    assert set(first) == {
        "home",
        "home_code",
        "rank",
        "score",
        "distance_miles",
        "vacancy_confirmed_at",
        "reasons",
        "warnings",
    }
    assert first["home_code"] == "OAK" and first["rank"] == 1
    assert first["distance_miles"] == round(first["distance_miles"], 1)
    assert first["vacancy_confirmed_at"].endswith("+00:00")
    for entry in data["excluded"]:
        assert set(entry) == {"home", "home_code", "reason", "detail"}
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
