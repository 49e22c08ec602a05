"""A legal status answered with tick boxes, and a bare "Name" in the referrer's section."""

from __future__ import annotations

from bot.intake.parsing import ParseContext, parse_message
from bot.intake.parsing.label_words import in_section

from .test_prose import email


def _parse(body: str, ctx: ParseContext) -> tuple[str | None, str | None, str]:
    msg = parse_message(email(body), ctx)
    assert msg.referral is not None
    return msg.referral.legal_status, msg.referral.child.initials, " ".join(msg.warnings)


def test_the_ticked_status_under_a_legal_heading(fake_ctx: ParseContext) -> None:
    body = (
        "Initials: Q.R.\nRisks: CSE\n\nPART 3 - LEGAL STATUS\n"
        "[ ] Remanded to LA accommodation\n[ ] Sentenced\n[x] Interim secure accommodation order\n"
        "[ ] Application made, hearing to come\n"
    )
    assert _parse(body, fake_ctx)[0] == "s25_interim_order"


def test_the_ticked_status_after_its_label(fake_ctx: ParseContext) -> None:
    body = "Initials: Q.R.\nRisks: CSE\nLegal status: ☐ Remand ☒ 72 hour rule ☐ Sentenced\n"
    assert _parse(body, fake_ctx)[0] == "s25_72_hour"


def test_two_statuses_ticked_are_not_guessed(fake_ctx: ParseContext) -> None:
    body = "Initials: Q.R.\nRisks: CSE\nLegal status: ☒ Remand ☒ Section 25 order\n"
    legal, _initials, warnings = _parse(body, fake_ctx)
    assert legal is None and "more than one box ticked" in warnings


def test_a_name_in_the_referrers_section_is_not_the_child(fake_ctx: ParseContext) -> None:
    body = (
        "Part 1 - Referring social worker\nName: Bernadette Okafor\n\n"
        "Part 2 - Child\nInitials: J K\nRisks: none known\nLegal status: remand\n"
    )
    assert _parse(body, fake_ctx)[1] == "JK"


def test_a_bare_name_elsewhere_keeps_its_meaning() -> None:
    assert in_section("initials", "Name", "CHILD DETAILS") == "initials"
    assert in_section("initials", "Name", None) == "initials"
    assert in_section("initials", "Name", "YOUR DETAILS") == "sw_name"
    assert in_section("initials", "Child's initials", "Referrer") == "initials"
