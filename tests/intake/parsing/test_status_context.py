"""Legal status: the Welsh section 119 reads as section 25 does; an application's own
date is not its hearing."""

from __future__ import annotations

import pytest

from bot.intake.parsing import status


@pytest.mark.parametrize(("text", "code"), [
    ("made subject to an interim s.119 order today", "s25_interim_order"),
    ("Section 119 order granted by the family court", "s25_order"),
    ("interim section 25 order", "s25_interim_order"),
])
def test_section_119_is_read_like_section_25(text: str, code: str) -> None:
    assert status.legal_status(text) == code


def test_the_day_an_application_was_filed_is_not_a_hearing() -> None:
    left = status.hearing_in_status("Application filed 02/03/2026 in Leeds, not yet listed")
    assert "02/03" not in left and "not yet listed" in left


def test_a_hearing_date_after_the_filing_date_is_kept() -> None:
    left = status.hearing_in_status("s25 application issued 1/2 - hearing 9/2 at 11am")
    assert "1/2" not in left.replace("9/2", "") and "hearing 9/2 at 11am" in left


@pytest.mark.parametrize("text", [
    "No order in place and no application lodged",
    "we have not yet applied - legal advice on Monday",
    "The authority intends to apply for a secure accommodation order",
    "They will then apply for an s25 once funding is agreed",
    "application not yet made",
])
def test_a_status_denied_or_only_intended_is_no_status(text: str) -> None:
    assert status.legal_status(text) is None


@pytest.mark.parametrize(("text", "code"), [
    ("Applied for a secure accommodation order, listed Tuesday", "s25_application_pending"),
    ("the court will hear the application on Monday", "s25_application_pending"),
    ("SAO granted, not remanded", "s25_order"),
    ("no order - held under the 72 hour rule", "s25_72_hour"),
])
def test_a_stated_status_survives_nearby_negations(text: str, code: str) -> None:
    assert status.legal_status(text) == code
