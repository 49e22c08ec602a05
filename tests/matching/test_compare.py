"""Each place says what put it there, against its neighbours, in words read aloud."""

from __future__ import annotations

from bot.matching import match_to_json, rank_homes
from bot.matching.policy import RankingPolicy

from .factory import NOW, PORTSMOUTH, home, report, request


def at(code: str, name: str, miles_north: float, **kw):
    return home(
        code,
        name=name,
        latitude=PORTSMOUTH.latitude + miles_north / 69.094,
        longitude=PORTSMOUTH.longitude,
        **kw,
    )


def ranked(homes, hours=None, policy=None, **kw):
    hours = hours or {}
    vac = {h.code: report(h.code, hours_ago=hours.get(h.code, 1.0)) for h in homes}
    args = (request(**kw), homes, vac, NOW) + ((policy,) if policy else ())
    return rank_homes(*args).ranked


def sentences(result):
    return {r.home.name: r.comparisons for r in result}


def test_distance_across_bands():
    result = ranked([at("WIL", "Willow Court", 12), at("OAK", "Oak Lodge", 46)])
    assert sentences(result) == {
        "Willow Court": ["ranked above Oak Lodge: 34 miles nearer"],
        "Oak Lodge": ["ranked below Willow Court: 34 miles further"],
    }


def test_a_small_gap_across_a_band_edge_names_the_bands():
    result = ranked([at("WIL", "Willow Court", 24), at("OAK", "Oak Lodge", 27)])
    assert sentences(result) == {
        "Willow Court": [
            "ranked above Oak Lodge: 3 miles nearer "
            "(within 25 miles; Oak Lodge 26 to 50 miles away)"
        ],
        "Oak Lodge": [
            "ranked below Willow Court: 3 miles further "
            "(26 to 50 miles away; Willow Court within 25 miles)"
        ],
    }


def test_why_a_nearer_home_stands_below():
    result = ranked(
        [
            at("PEN", "Pennine House", 10, supports=frozenset()),
            at("HAR", "Harbour Point", 15, supports=frozenset({"interpreter"})),
        ],
        needs=frozenset({"interpreter"}),
    )
    assert sentences(result) == {
        "Harbour Point": [
            "ranked above Pennine House, which is 5 miles nearer (both within 25 miles): "
            "this home supports the interpreter need"
        ],
        "Pennine House": [
            "ranked below Harbour Point, though 5 miles nearer (both within 25 miles): "
            "Harbour Point supports the interpreter need"
        ],
    }


def test_needs_that_are_not_one_within_the_other_are_counted():
    result = ranked(
        [
            at("AAA", "Ash", 5, supports=frozenset({"mental_health"})),
            at("BBB", "Birch", 5, supports=frozenset({"autism", "ehcp"})),
        ],
        needs=frozenset({"mental_health", "autism", "ehcp"}),
    )
    assert sentences(result)["Birch"] == [
        "ranked above Ash: this home supports more of the child's needs (2 against 1)"
    ]
    assert sentences(result)["Ash"] == [
        "ranked below Birch: Birch supports more of the child's needs (2 against 1)"
    ]


def test_a_recent_vacancy_and_a_consultation():
    result = ranked(
        [
            at("CON", "Consulted", 200),
            at("NEW", "Fresh", 120),
            at("OLD", "Stale", 3),
        ],
        hours={"OLD": 30},
        accepted_home_codes=frozenset({"CON"}),
    )
    assert [r.home.name for r in result] == ["Consulted", "Fresh", "Stale"]
    assert sentences(result) == {
        "Consulted": [
            "ranked above Fresh, which is 80 miles nearer: this home has said it can consider "
            "this child"
        ],
        "Fresh": [
            "ranked below Consulted, though 80 miles nearer: Consulted has said it can consider "
            "this child",
            "ranked above Stale, which is 117 miles nearer: this home's vacancy was confirmed "
            "within 24 hours, Stale's is older",
        ],
        "Stale": [
            "ranked below Fresh, though 117 miles nearer: Fresh's vacancy was confirmed within "
            "24 hours, this home's is older"
        ],
    }


def test_ofsted_and_name():
    result = ranked(
        [
            at("AAA", "Alder", 5, ofsted="Good"),
            at("BBB", "Beech", 5, ofsted="Outstanding"),
            at("CCC", "Cedar", 3, ofsted="Good"),
        ]
    )
    assert sentences(result) == {
        "Beech": ["ranked above Alder: Ofsted rates this home Outstanding, Alder Good"],
        "Alder": [
            "ranked below Beech: Ofsted rates Beech Outstanding, this home Good",
            "ranked above Cedar, which is 2 miles nearer (both within 25 miles): equal on every "
            "ranking factor, so listed by name",
        ],
        "Cedar": [
            "ranked below Alder, though 2 miles nearer (both within 25 miles): equal on every "
            "ranking factor, so listed by name"
        ],
    }


def test_risks_when_the_policy_ranks_them():
    policy = RankingPolicy(order=("risks", "distance"))
    result = ranked(
        [
            at("AAA", "Ash", 5, manages=frozenset({"cse"})),
            at("BBB", "Birch", 60, manages=frozenset({"cse", "absconding"})),
        ],
        policy=policy,
    )
    assert sentences(result)["Birch"] == [
        "ranked above Ash, which is 55 miles nearer: this home manages absconding"
    ]


def test_no_score_in_what_people_read_and_the_deciding_factor_in_the_json():
    result = rank_homes(
        request(),
        [at("WIL", "Willow Court", 12), at("OAK", "Oak Lodge", 46)],
        {c: report(c) for c in ("WIL", "OAK")},
        NOW,
    )
    for r in result.ranked:
        for text in r.comparisons + r.reasons + r.warnings:
            assert str(r.score) not in text and "score" not in text
    data = match_to_json(result)
    assert [(e["home_code"], e["decided_by"]) for e in data["ranked"]] == [
        ("WIL", None),
        ("OAK", "distance"),
    ]
    assert [e["score"] for e in data["ranked"]] == [100.0, 0.0]
