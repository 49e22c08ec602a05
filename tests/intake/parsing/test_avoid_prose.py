"""Homes and areas to avoid asked for in sentences: read, marked as prose, and named."""

from __future__ import annotations

import pytest

from bot.intake.parsing import ParseContext, parse_message, prose

from .test_prose import email


def _avoid(body: str, ctx: ParseContext) -> tuple[list[str] | None, list[str] | None, str]:
    msg = parse_message(email("Initials: C.D.\nRisks: CCE\n\n" + body), ctx)
    r = msg.referral
    assert r is not None
    return r.avoid_homes, r.avoid_areas, " ".join(msg.warnings)


@pytest.mark.parametrize(
    "sentence, place",
    [
        ("Please nowhere near Wakefield, his cousins run a line there.", "Wakefield"),
        ("Could you keep him away from Blackburn?", "Blackburn"),
        ("pls not Swindon - his dealer lives there", "Swindon"),
    ],
)
def test_an_area_asked_for_in_a_sentence(fake_ctx: ParseContext, sentence: str, place: str) -> None:
    homes, areas, warnings = _avoid(sentence, fake_ctx)
    assert areas == [place] and homes == []
    assert "areas to avoid " + place in warnings


def test_a_home_after_please_not(fake_ctx: ParseContext) -> None:
    homes, areas, warnings = _avoid("Please not Northfield – a known peer is there.", fake_ctx)
    assert homes == ["Northfield"] and areas == []
    assert "homes to avoid Northfield" in warnings


def test_a_home_not_to_go_back_to(fake_ctx: ParseContext) -> None:
    homes, _, _ = _avoid("We'd prefer he wasn't placed at Fenland House again.", fake_ctx)
    assert homes == ["Fenland House"]
    homes, _, _ = _avoid("She must not return to Harbour Point.", fake_ctx)
    assert homes == ["Harbour Point"]


def test_a_home_where_a_placement_broke_down(fake_ctx: ParseContext) -> None:
    homes, _, _ = _avoid("He was placed at Kestrel House last spring and it broke down.", fake_ctx)
    assert homes == ["Kestrel House"]


def test_where_the_child_is_now_is_not_a_home_to_avoid(fake_ctx: ParseContext) -> None:
    homes, areas, _ = _avoid("She is currently at Oak Lodge on a short stay.", fake_ctx)
    assert homes == [] and areas == []


def test_a_name_said_of_homes_only_must_be_a_home() -> None:
    # "not go back to Mum" names a person, and a town is not "gone back to" as a home.
    parts = prose.sentences("He should not go back to Mum. He will not be sent back to Leeds.")
    assert prose.avoided_homes(parts) == "Mum\nLeeds"  # candidates: prose_fields checks them


def test_names_said_of_homes_only_that_are_not_homes_are_not_kept(
    fake_ctx: ParseContext,
) -> None:
    homes, areas, _ = _avoid("He should not go back to Mum's.", fake_ctx)
    assert homes == [] and areas == []


def test_a_dash_in_a_request_does_not_make_a_label(fake_ctx: ParseContext) -> None:
    homes, areas, _ = _avoid("Please avoid Willow Court - an ex-partner works there.", fake_ctx)
    assert homes == ["Willow Court"] and areas == []
