"""Two status questions on one form, and an order's return date in its status answer."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import LONDON
from bot.intake.parsing import ParseContext, parse_message
from bot.intake.parsing.status_lines import return_date, stated_status

from .test_prose import email

SENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def test_the_answer_that_names_a_status_is_kept() -> None:
    warnings: list[str] = []
    code, answer = stated_status(
        ["looked after under s.20 since 2024", "ISAO granted last week"], warnings
    )
    assert code == "s25_interim_order" and answer == "ISAO granted last week"
    assert warnings == []


def test_no_answer_names_a_status() -> None:
    assert stated_status(["looked after under s.20"], []) == (None, "looked after under s.20")


def test_an_orders_return_date() -> None:
    value = "Interim s25 order made 27/02/2026, next hearing 13/03/2026 at 11:30"
    assert return_date(value, SENT) == datetime(2026, 3, 13, 11, 30, tzinfo=LONDON)


def test_no_return_date_when_none_is_to_come() -> None:
    assert return_date("Interim s25 order made 27/02/2026, returns TBC", SENT) is None
    assert return_date("s25 order, reviewed 20/02/2026", SENT) is None


def test_a_form_with_a_history_question_before_the_status(fake_ctx: ParseContext) -> None:
    body = (
        "Initials: D.E.\nRisks: CSE\nLegal history: voluntarily accommodated\n"
        "Current order: interim secure accommodation order, back in court 20/12/2026 2pm\n"
    )
    msg = parse_message(email(body), fake_ctx)
    assert msg.referral is not None and msg.referral.legal_status == "s25_interim_order"
    assert msg.referral.court_date is not None and msg.referral.court_date.day == 20
