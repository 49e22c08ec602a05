"""Homes and areas to avoid: the name without the words said around it."""

from __future__ import annotations

from bot.domain.model import Home
from bot.intake.parsing.avoid import avoid_areas, avoid_either, avoid_homes
from bot.intake.parsing.avoid_words import bare_name, looks_like_place


def test_words_before_and_after_a_place_go() -> None:
    assert bare_name("nowhere near Carlisle please") == "Carlisle"
    assert bare_name("anything in the Leeds area if possible") == "Leeds"
    assert bare_name("and also not Hull") == "Hull"


def test_a_direction_stays_with_its_place() -> None:
    assert bare_name("please nothing in north Leeds") == "north Leeds"
    assert avoid_areas("anywhere in East Sussex") == ["East Sussex"]


def test_a_word_alone_is_kept_as_written() -> None:
    # "Nowhere" on its own is the answer "none", not a name to strip down to nothing.
    assert bare_name("Nowhere") == "Nowhere"
    assert avoid_areas("nowhere") == []


def test_areas_joined_by_or_lose_their_framing_words() -> None:
    assert avoid_areas("not in Luton or Bedford thanks") == ["Luton", "Bedford"]
    assert avoid_areas("near Derby, or Nottingham") == ["Derby", "Nottingham"]


def test_a_remark_without_a_place_is_dropped_with_a_warning() -> None:
    warnings: list[str] = []
    assert avoid_areas("Wigan; she ran from there twice", None, warnings) == ["Wigan"]
    assert warnings and "names no place" in warnings[0]


def test_a_lower_case_place_from_the_data_is_a_place() -> None:
    assert looks_like_place("stockport")
    assert not looks_like_place("she was unhappy")


def test_table_borders_are_not_words() -> None:
    assert avoid_areas("| none |") == []
    assert avoid_areas("|  Blackpool   |") == ["Blackpool"]


def test_one_avoid_answer_with_sub_labels(homes: list[Home]) -> None:
    found, places = avoid_either("homes: none; areas - nowhere in west Cornwall", homes)
    assert found == [] and places == ["west Cornwall"]


def test_a_home_after_please_not_is_a_home(homes: list[Home]) -> None:
    found, places = avoid_either("please not Oak Lodge - a peer of hers is there", homes)
    assert found == ["Oak Lodge"] and places == []


def test_the_reason_after_a_home_and_a_verb_goes(homes: list[Home]) -> None:
    found, _ = avoid_homes("Kestrel House is where his co-accused lives", homes)
    assert found == ["Kestrel House"]


def test_home_then_area_with_a_story_between(homes: list[Home]) -> None:
    warnings: list[str] = []
    found, places = avoid_either(
        "Harbour Point - tried it in spring and it failed; and please nowhere in Portsmouth",
        homes,
        None,
        warnings,
    )
    assert found == ["Harbour Point"] and places == ["Portsmouth"]


def test_a_label_naming_homes_and_places_together_is_one_avoid_answer() -> None:
    from bot.intake.parsing.label_words import resolve_label

    assert resolve_label("Units / towns to exclude", meaning=True, fuzzy=False).field == "avoid"


def test_the_other_list_written_short_under_the_first() -> None:
    from bot.intake.parsing.labels import read_form

    pairs = read_form(["Homes to avoid: none", "Towns - Rochdale"]).pairs
    assert [(p.field, p.value) for p in pairs] == [
        ("avoid_homes", "none"),
        ("avoid_areas", "Rochdale"),
    ]


def test_a_line_under_another_field_is_not_an_avoid_list() -> None:
    from bot.intake.parsing.labels import read_form

    pairs = read_form(["Notes: likes football", "Areas - none of note"]).pairs
    assert [p.field for p in pairs] == ["notes"]


def test_a_protective_marking_is_not_a_place() -> None:
    warnings: list[str] = []
    assert avoid_areas("Swansea\nOFFICIAL - SENSITIVE", None, warnings) == ["Swansea"]
    assert avoid_areas("Swansea\nOFFICIAL-SENSITIVE", None, warnings) == ["Swansea"]
