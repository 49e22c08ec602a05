"""The ranking policy as data: its defaults (domain.md), its bands, and the values it refuses."""

from __future__ import annotations

import pytest

from bot.matching.policy import DEFAULT_POLICY, PolicyError, RankingPolicy


def test_the_defaults_follow_the_domain():
    assert DEFAULT_POLICY.order == ("consulted", "recent_vacancy", "distance", "needs", "ofsted")
    assert DEFAULT_POLICY.distance_band_miles == 25
    assert DEFAULT_POLICY.recent_vacancy_hours == 24


@pytest.mark.parametrize(
    ("miles", "band"),
    [
        (None, 0),
        (0.0, 0),
        (0.4, 0),
        (1.0, 0),
        (25.0, 0),
        (25.49, 0),
        (25.51, 1),
        (50.0, 1),
        (51.0, 2),
    ],
)
def test_bands_are_of_the_whole_miles_people_are_shown(miles: float | None, band: int):
    assert DEFAULT_POLICY.band(miles) == band


def test_band_words():
    assert DEFAULT_POLICY.band_words(3) == "within 25 miles"
    assert DEFAULT_POLICY.band_words(26) == "26 to 50 miles away"
    assert RankingPolicy(distance_band_miles=10).band_words(95) == "91 to 100 miles away"


def test_no_bands_compares_exact_miles():
    assert RankingPolicy(distance_band_miles=0).band(12.34) == 12.34


def test_name_may_be_written_last_and_is_always_last():
    assert RankingPolicy(order=("distance", "name")) == RankingPolicy(order=("distance",))
    assert RankingPolicy(order=["distance"]).order == ("distance",)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kw", "field", "words"),
    [
        ({"order": ("distance", "nearness")}, "order", "unknown factor 'nearness'"),
        ({"order": ("ofsted", "ofsted")}, "order", "named twice"),
        ({"order": ("name", "ofsted")}, "order", "name always comes last"),
        ({"order": "ofsted"}, "order", "expected a list"),
        ({"distance_band_miles": -1}, "distance_band_miles", "0 or more"),
        ({"distance_band_miles": 2.5}, "distance_band_miles", "whole number"),
        ({"distance_band_miles": True}, "distance_band_miles", "whole number"),
        ({"recent_vacancy_hours": 0}, "recent_vacancy_hours", "1 or more"),
    ],
)
def test_bad_values_are_refused_naming_the_field(kw: dict, field: str, words: str):
    with pytest.raises(PolicyError) as caught:
        RankingPolicy(**kw)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ") and words in str(caught.value)
