"""`swcu match REF --json`: the shape of interfaces.md, reasons for every exclusion, a stable
order, and no fee unless --show-fees."""

from __future__ import annotations

import json
import re

from tests.commands.conftest import (
    Swcu,
    demo_fees,
    failed,
    fee_pattern,
    ingest,
    seed_homes,
    seed_vacancy,
    succeeded,
)

REASONS = {
    "gender",
    "age",
    "no_vacancy",
    "placement_type",
    "cannot_manage",
    "avoided",
    "declined",
    "ofsted",
}
RANKED_KEYS = {
    "home",
    "home_code",
    "rank",
    "score",
    "distance_miles",
    "vacancy_confirmed_at",
    "reasons",
    "warnings",
}


def check_match_json(data: dict[str, object], reference: str) -> None:
    assert data["reference"] == reference
    assert isinstance(data["computed_at"], str) and "+00:00" in data["computed_at"]
    ranked = data["ranked"]
    excluded = data["excluded"]
    assert isinstance(ranked, list) and isinstance(excluded, list)
    assert [r["rank"] for r in ranked] == list(range(1, len(ranked) + 1))
    for r in ranked:
        assert RANKED_KEYS <= set(r), r
        assert isinstance(r["score"], int | float)
        assert isinstance(r["distance_miles"], int | float) and r["distance_miles"] >= 0
        assert r["reasons"] and all(isinstance(x, str) and x for x in r["reasons"]), r
        assert all(isinstance(x, str) and x for x in r["warnings"]), r
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True)
    for e in excluded:
        assert set(e) >= {"home", "home_code", "reason", "detail"}, e
        assert e["reason"] in REASONS, e
        assert e["detail"], e
    codes = [r["home_code"] for r in ranked] + [e["home_code"] for e in excluded]
    assert sorted(codes) == sorted(demo_fees()), "every home once, ranked or excluded"


def test_match_ranks_excludes_and_keeps_fees_confidential(cli: Swcu) -> None:
    seed_homes(cli)
    ref = ingest(cli, "01")["01"]  # Hampshire, girl of 14, CSE/absconding/self-harm
    assert cli.ok(
        "vacancy", "set", "Beacon View", "--beds", "1", "--gender", "female", "--type", "welfare"
    ).startswith("Beacon View: 1 female welfare bed")
    seed_vacancy(cli, "OAK", 1)  # `swcu vacancy set` itself: test_cli_vacancy

    first, with_fees, plain, unknown = cli.many(
        ("match", ref, "--json"),
        ("match", ref.lower(), "--json", "--show-fees"),
        ("match", ref),
        ("match", "SWCU-2026-9999"),
    )
    data = json.loads(succeeded(first))
    check_match_json(data, ref)
    ranked = {r["home_code"]: r for r in data["ranked"]}
    excluded = {e["home_code"]: e for e in data["excluded"]}
    assert {"BEA", "OAK"} <= set(ranked)
    for r in ranked.values():
        assert any("Portsmouth" in reason for reason in r["reasons"]), r  # the home area
    assert excluded["FEN"]["reason"] == "gender" and "boys" in excluded["FEN"]["detail"]
    assert excluded["MOO"]["reason"] == "gender"
    assert excluded["CED"]["reason"] == "ofsted"

    fees = demo_fees()
    no_fee = fee_pattern(list(fees.values()))
    out = first.stdout
    assert "fee" not in out.lower() and not no_fee.search(out), no_fee.search(out)
    assert not no_fee.search(plain.stdout) and "£" not in plain.stdout

    shown = json.loads(succeeded(with_fees))
    check_match_json(shown, ref)
    # The same order on a second run (and the reference is case-insensitive).
    assert [(r["home_code"], r["rank"]) for r in shown["ranked"]] == [
        (r["home_code"], r["rank"]) for r in data["ranked"]
    ]
    assert [(e["home_code"], e["reason"]) for e in shown["excluded"]] == [
        (e["home_code"], e["reason"]) for e in data["excluded"]
    ]
    for r in shown["ranked"]:
        assert r["weekly_fee_gbp"] == fees[r["home_code"]], r

    lines = succeeded(plain).splitlines()
    assert lines[0] == f"{ref}: {len(ranked)} homes ranked, {len(excluded)} excluded"
    listed = [m.group(1) for m in (re.match(r"\s*\d+\. (.+) \(", x) for x in lines) if m]
    assert listed == [r["home"] for r in data["ranked"]]
    assert any(x.strip().startswith("x  Fenland House: takes boys only") for x in lines)

    assert "no referral SWCU-2026-9999" in failed(unknown)


def test_harbour_point_is_avoided_near_southampton(sqlite_cli: Swcu) -> None:
    seed_homes(sqlite_cli)
    ref = ingest(sqlite_cli, "01")["01"]  # areas to avoid: Southampton
    seed_vacancy(sqlite_cli, "HAR", 2)
    data = sqlite_cli.json("match", ref, "--json")
    excluded = {e["home_code"]: e for e in data["excluded"]}
    assert excluded.get("HAR", {}).get("reason") == "avoided", data
