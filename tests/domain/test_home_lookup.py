"""Finding a home from how people write its name."""

from __future__ import annotations

import dataclasses

import pytest

from bot.domain.home_lookup import lookup_home
from tests.support.homes import demo_homes

HOMES = demo_homes()


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        ("PEN", "Pennine House", "code"),
        ("sev", "Severn Lodge", "code"),
        ("Pennine House", "Pennine House", "name"),
        ("  the  OAK lodge. ", "Oak Lodge", "name"),
        ("Tŷ Gwyn", "Ty Gwyn", "name"),
        ("Pennine Hse", "Pennine House", "abbreviation"),
        ("Severn Ldg", "Severn Lodge", "abbreviation"),
        ("Severn Ldge", "Severn Lodge", "abbreviation"),
        ("Beacon Vw", "Beacon View", "abbreviation"),
        ("Willow Ct", "Willow Court", "abbreviation"),
        ("Harbour Pt", "Harbour Point", "abbreviation"),
        ("Kestrel", "Kestrel House", "name"),
        ("Penine House", "Pennine House", "fuzzy"),
        ("Moorsde", "Moorside", "fuzzy"),
        ("Harbor Point", "Harbour Point", "fuzzy"),
    ],
)
def test_finds_the_home(text: str, name: str, how: str) -> None:
    found = lookup_home(text, HOMES)
    assert found.home is not None and found.home.name == name
    assert found.how == how
    assert found.candidates == ()


@pytest.mark.parametrize("text", ["", "Some Other Place", "Oa", "Birmingham Central"])
def test_unknown_is_none(text: str) -> None:
    found = lookup_home(text, HOMES)
    assert (found.home, found.candidates, found.how) == (None, (), "none")


def test_two_close_names_are_ambiguous_with_both_candidates() -> None:
    base = next(h for h in HOMES if h.name == "Oak Lodge")
    homes = [*HOMES, dataclasses.replace(base, code="OAX", name="Oak Lodges")]
    found = lookup_home("Oak Lodgs", homes)
    assert found.home is None and found.how == "ambiguous"
    assert {h.name for h in found.candidates} == {"Oak Lodge", "Oak Lodges"}


def test_shared_first_word_is_ambiguous() -> None:
    base = next(h for h in HOMES if h.name == "Cedar Lodge")
    homes = [*HOMES, dataclasses.replace(base, code="CEX", name="Cedar House")]
    found = lookup_home("Cedar", homes)
    assert found.how == "ambiguous"
    assert {h.name for h in found.candidates} == {"Cedar Lodge", "Cedar House"}


def test_abbreviations_can_be_given() -> None:
    found = lookup_home("Pennine Hz", HOMES, abbreviations={"hz": "house"})
    assert found.home is not None and found.home.name == "Pennine House"
    assert found.how == "abbreviation"


def test_no_homes_is_none() -> None:
    assert lookup_home("Pennine House", []).how == "none"
