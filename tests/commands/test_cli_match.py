"""`swcu match REF --json`: the shape of interfaces.md, reasons for every exclusion, a stable
order, and no fee unless --show-fees."""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.harness import REPO
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
        # Added by issue 13: the comparing sentences and, for tools, the deciding factor.
        assert all(x.startswith(("ranked above ", "ranked below ")) for x in r["comparisons"])
        assert r["decided_by"] in (None, *data["policy"]["order"]), r  # type: ignore[index]
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True)
    for e in excluded:
        assert set(e) >= {"home", "home_code", "reason", "detail"}, e
        assert e["reason"] in REASONS, e
        assert e["detail"], e
        assert isinstance(e["not_reported"], bool), e
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
    listed = [m.group(1) for m in (re.match(r"\s*\d+\. (.+)$", x) for x in lines) if m]
    assert listed == [r["home"] for r in data["ranked"]]
    assert any(x.strip().startswith("x  Fenland House: takes boys only") for x in lines)
    # No score for people; the homes without a report in one line, the JSON keeps each.
    assert not any(f"({r['score']})" in x for r in data["ranked"] for x in lines)
    silent = sorted(e["home"] for e in data["excluded"] if e["not_reported"])
    assert silent and "Kestrel House" in silent
    said = [x for x in lines if x.strip().startswith("x  ")]
    assert said[-1].strip() == (
        f"x  {len(silent)} homes have not reported in the last 24 hours: "
        f"{', '.join(silent[:-1])} and {silent[-1]}"
    )
    assert len(said) == len(excluded) - len(silent) + 1

    assert "no referral SWCU-2026-9999" in failed(unknown)


def test_harbour_point_is_avoided_near_southampton(sqlite_cli: Swcu) -> None:
    seed_homes(sqlite_cli)
    ref = ingest(sqlite_cli, "01")["01"]  # areas to avoid: Southampton
    seed_vacancy(sqlite_cli, "HAR", 2)
    data = sqlite_cli.json("match", ref, "--json")
    excluded = {e["home_code"]: e for e in data["excluded"]}
    assert excluded.get("HAR", {}).get("reason") == "avoided", data


def settings_with(tmp_path: Path, ranking: str) -> Path:
    """The shipped settings with its [ranking] table replaced."""
    text = (REPO / "config" / "settings.toml").read_text()
    head, _, rest = text.partition("[ranking]")
    _, _, tail = rest.partition("\n[")
    path = tmp_path / "settings.toml"
    path.write_text(f"{head}[ranking]\n{ranking}\n\n[{tail}")
    return path


def test_the_unit_changes_the_ranking_in_the_settings(sqlite_cli: Swcu, tmp_path: Path) -> None:
    seed_homes(sqlite_cli)
    ref = ingest(sqlite_cli, "01")["01"]  # from Portsmouth
    seed_vacancy(sqlite_cli, "BEA", 1)  # Exeter, about 107 miles, Ofsted Good
    seed_vacancy(sqlite_cli, "OAK", 1)  # Northumberland, about 180 miles, Outstanding
    default = sqlite_cli.json("match", ref, "--json")
    assert [r["home_code"] for r in default["ranked"]] == ["BEA", "OAK"]
    assert default["ranked"][1]["decided_by"] == "distance"

    ofsted_first = settings_with(
        tmp_path, 'order = ["ofsted", "distance"]\ndistance_band_miles = 10'
    )
    env = sqlite_cli.env(SWCU_CONFIG=str(ofsted_first))
    changed = json.loads(succeeded(sqlite_cli.run("match", ref, "--json", env=env)))
    assert [r["home_code"] for r in changed["ranked"]] == ["OAK", "BEA"]
    assert changed["ranked"][1]["decided_by"] == "ofsted"
    assert changed["policy"] == {
        "order": ["ofsted", "distance", "name"],
        "distance_band_miles": 10,
        "recent_vacancy_hours": 24,
    }


def test_a_bad_ranking_setting_stops_start_up_with_one_line(
    sqlite_cli: Swcu, tmp_path: Path
) -> None:
    cases = [
        ('order = ["distance", "distanse"]', ["ranking.order", "unknown factor 'distanse'"]),
        ('order = ["needs", "needs"]', ["ranking.order", "'needs' is named twice"]),
        ('order = ["name", "distance"]', ["ranking.order", "name always comes last"]),
        ('order = "distance"', ["ranking.order", "expected a list"]),
        ("distance_band_miles = -5", ["ranking.distance_band_miles", "-5"]),
        ("distance_band_miles = 12.5", ["ranking.distance_band_miles", "whole number"]),
        ("recent_vacancy_hours = 0", ["ranking.recent_vacancy_hours", "1 or more"]),
        ("band = 25", ["ranking.band", "unknown setting"]),
    ]
    for i, (ranking, words) in enumerate(cases):
        sub = tmp_path / str(i)
        sub.mkdir()
        env = sqlite_cli.env(SWCU_CONFIG=str(settings_with(sub, ranking)))
        line = failed(sqlite_cli.run("referrals", env=env))
        for word in words:
            assert word in line, (ranking, line)
