"""Areas to avoid and the home area: a bracket, a label line, "anything close to", a
place marked "(home area)"."""

from __future__ import annotations

from bot.domain.model import Home
from bot.intake.parsing import prose
from bot.intake.parsing.avoid import avoid_areas, avoid_either


def test_a_place_marked_as_the_home_area_in_brackets_is_the_home_area() -> None:
    assert prose.home_area(["Referral for J.B., male, from Whitby (home area)."]) == "Whitby"
    assert prose.home_area(["He was born in Leeds. Skipton (his home town)"]) == "Skipton"


def test_a_bracket_does_not_mark_anything_else_as_home() -> None:
    assert prose.home_area(["Placed in Leeds (children's home) since May."]) is None


def test_anything_close_to_a_place_is_an_area_to_avoid() -> None:
    parts = ["Please avoid anything close to Hull or Goole, his family are there."]
    assert prose.avoided(parts) is not None
    assert avoid_areas(prose.avoided(parts) or "") == ["Hull", "Goole"]


def test_the_list_goes_on_after_a_bracketed_remark(homes: list[Home]) -> None:
    name = homes[0].name
    found, places = avoid_either(f"{name} (cousin there) and anywhere in Barnsley", homes)
    assert found == [name]
    assert places == ["Barnsley"]
    assert avoid_areas("Exeter (exploiters based there)") == ["Exeter"]


def test_a_label_line_run_into_the_answer_is_never_a_place() -> None:
    assert avoid_areas("no\nAny other info - lives with mum, who supports secure") == []
    assert avoid_areas("Leeds\nOther information: she has a sister in York") == ["Leeds"]
    # A place on its own line is still a place.
    assert avoid_areas("Leeds\nBradford") == ["Leeds", "Bradford"]
