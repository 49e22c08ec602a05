"""The facts and warnings of each ranked home, in words that stay true when read later."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.matching import rank_homes

from .factory import NOW, PORTSMOUTH, bed, home, report, request


def at(code: str, miles_north: float, **kw):
    return home(
        code,
        latitude=PORTSMOUTH.latitude + miles_north / 69.094,
        longitude=PORTSMOUTH.longitude,
        **kw,
    )


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
        # A clock time, not "2 hours ago": the email is read later than it is written.
        "vacancy confirmed at 08:00 on Mon 23 Nov (1 female welfare bed)",
        "manages CSE, self-harm and absconding",
        "supports mental health and EHCP needs",
        "Ofsted: Outstanding",
    ]
    assert result.ranked[0].warnings == []
    assert result.ranked[0].vacancy_confirmed_at == rep.reported_at


def test_an_old_report_says_its_time_and_its_age_against_the_list():
    rep = report("AAA", hours_ago=30)
    result = rank_homes(request(), [at("AAA", 5)], {"AAA": rep}, NOW)
    assert "vacancy reported at 04:00 on Sun 22 Nov (1 bed)" in result.ranked[0].reasons
    assert "vacancy last confirmed 30 hours before this list" in result.ranked[0].warnings


def test_times_are_london_time():
    # 23:30 UTC on 14 July is 00:30 on the 15th in London (BST).
    now = datetime(2026, 7, 14, 23, 40, tzinfo=UTC)
    rep = replace(report("AAA"), reported_at=now - timedelta(minutes=10))
    result = rank_homes(request(needed_on=now.date()), [at("AAA", 5)], {"AAA": rep}, now)
    assert "vacancy confirmed at 00:30 on Wed 15 Jul (1 bed)" in result.ranked[0].reasons


@pytest.mark.parametrize(
    "grade", ["Outstanding", "Good", "Requires improvement", "Not yet inspected"]
)
def test_ofsted_is_shown_the_same_way_for_every_grade(grade: str):
    result = rank_homes(request(), [at("AAA", 5, ofsted=grade)], {"AAA": report("AAA")}, NOW)
    ranked = result.ranked[0]
    assert f"Ofsted: {grade}" in ranked.reasons
    assert not any("Ofsted" in w for w in ranked.warnings)
