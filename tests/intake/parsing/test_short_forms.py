"""Short forms social workers write: label words, an interim order's "IO", "misper"."""

from __future__ import annotations

from bot.intake.parsing import status, vocab
from bot.intake.parsing.label_words import resolve_label


def test_shortened_label_words_are_written_out() -> None:
    assert resolve_label("YP inits").field == "initials"
    assert resolve_label("Placement reqd").field == "needed_by"
    assert resolve_label("Date rqd").field == "needed_by"


def test_interim_order_short_form() -> None:
    assert status.legal_status("S25 IO made yesterday") == "s25_interim_order"
    assert status.legal_status("sec 25 I.O. (interim) granted") == "s25_interim_order"
    assert status.legal_status("s25 order granted") == "s25_order"


def test_misper_is_going_missing() -> None:
    codes, _unknown = vocab.risks("mispers most weekends, self harm")
    assert codes is not None and "absconding" in codes


def test_areas_to_avoid_split_and_reasons_dropped() -> None:
    from bot.intake.parsing.avoid import avoid_areas

    assert avoid_areas("Bath or Swindon (family there)") == ["Bath", "Swindon"]
    assert avoid_areas("Derby & Leicester - peers, Stoke") == ["Derby", "Leicester", "Stoke"]
    whole = {"Brighton and Hove"}
    assert avoid_areas("Brighton and Hove", lambda t: t in whole) == ["Brighton and Hove"]


def test_do_not_place_at_is_an_avoid_label() -> None:
    assert resolve_label("Do not place at").field == "avoid"
    assert resolve_label("Please do not place in").field == "avoid"
