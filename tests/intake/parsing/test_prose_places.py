"""A home area stated in a sentence, and an area to avoid asked for in chatty prose."""

from __future__ import annotations

from bot.intake.parsing import prose


def test_a_stated_home_area_is_read() -> None:
    assert prose.home_area(["K.'s home area is Bideford, with her aunt."]) == "Bideford"
    assert prose.home_area(["Her home address is in Great Yarmouth."]) == "Great Yarmouth"


def test_a_council_is_not_a_home_area() -> None:
    assert prose.home_area(["Her home area is Devon County Council."]) is None


def test_dont_place_anywhere_near_a_town_is_an_area_to_avoid() -> None:
    parts = ["Please don't place him anywhere near Grimsby, his brother lives there."]
    assert prose.avoided(parts) == "Grimsby"
