"""Attachments through the whole parser: a referral whose details are only in a form is
complete; an attachment that cannot be read, or that is over budget, is named."""

from __future__ import annotations

import pytest

from bot.intake.parsing import ParseContext, parse_message
from bot.intake.parsing.attachments.form import clean
from bot.intake.parsing.labels import read_pairs
from bot.intake.parsing.mime import read_mail
from tests.support.attachments import email_with

FORMS = [
    "table-beside.docx",
    "table-section-column.docx",
    "table-label-above.docx",
    "paragraphs.docx",
    "content-controls.docx",
    "form.pdf",
    "text.pdf",
]


@pytest.mark.parametrize("name", FORMS)
def test_a_referral_whose_details_are_only_in_the_form_is_complete(
    name: str, ctx: ParseContext
) -> None:
    parsed = parse_message(email_with(name), ctx)
    assert parsed.kind == "referral" and parsed.missing == [] and parsed.complete
    r = parsed.referral
    assert r is not None
    who = (r.placing_authority, r.child.initials, r.child.gender)
    assert who == ("Hertfordshire", "MR", "female")
    assert r.child.date_of_birth is not None and r.child.date_of_birth.isoformat() == "2011-01-11"
    assert r.legal_status == "s25_interim_order"
    assert r.risks == ["absconding", "cse"]
    assert parsed.warnings == [] and parsed.unread_attachments == []


def test_the_pairs_say_which_fields_came_from_the_attachment() -> None:
    mail = read_mail(email_with("table-section-column.docx", body="Ethnicity: White British\n"))
    [reading] = mail.attachments
    from_attachment = {(clean(lb), clean(v)) for lb, v in reading.pairs}
    found = read_pairs(mail.text.split("\n"))
    sources = {p.field: (clean(p.label), clean(p.value)) in from_attachment for p in found}
    assert sources["initials"] and sources["dob"] and sources["gender"]
    assert sources["ethnicity"] is False  # written in the body


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("corrupt.docx", "it is damaged or not a Word document"),
        ("encrypted.pdf", "it is password-protected"),
    ],
)
def test_an_unreadable_attachment_is_named_in_warnings(
    name: str, why: str, ctx: ParseContext
) -> None:
    parsed = parse_message(email_with(name), ctx)
    assert f"could not read the attachment {name}: {why}" in parsed.warnings
    assert "unreadable_attachment" in parsed.flags
    assert parsed.unread_attachments == [name]
    assert parsed.kind == "referral"  # the email is still a referral, with what it says


def test_a_format_we_do_not_read_is_named(ctx: ParseContext) -> None:
    parsed = parse_message(email_with(files={"Referral MR.doc": b"\xd0\xcf\x11\xe0 old"}), ctx)
    assert parsed.unread_attachments == ["Referral MR.doc"]
    assert any("Referral MR.doc" in w and ".doc" in w for w in parsed.warnings)


def test_an_image_is_not_a_form_and_is_not_mentioned(ctx: ParseContext) -> None:
    parsed = parse_message(email_with("text.pdf", files={"image001.png": b"\x89PNG...."}), ctx)
    assert parsed.warnings == [] and parsed.unread_attachments == []


def test_the_docx_bomb_is_flagged_for_an_officer_and_not_named_to_the_sender(
    ctx: ParseContext,
) -> None:
    parsed = parse_message(email_with("bomb.docx"), ctx)
    assert "attachment_budget" in parsed.flags
    assert "attachment bomb.docx not read: it expands to 30 MB (more than 20 MB)" in parsed.warnings
    assert parsed.unread_attachments == []  # past a budget the sender gets the normal answer
    assert parsed.kind == "referral" and parsed.referral is not None


def test_forms_past_the_count_budget_are_flagged(ctx: ParseContext) -> None:
    parsed = parse_message(email_with(files={f"form{n}.pdf": b"junk" for n in range(7)}), ctx)
    assert "attachment_budget" in parsed.flags
    assert sum("more than 5 forms" in w for w in parsed.warnings) == 2


def test_a_name_that_could_break_a_reply_line_is_made_safe(ctx: ParseContext) -> None:
    parsed = parse_message(email_with(files={"bad\u202ename\r\n.docx": b"not a zip"}), ctx)
    [name] = parsed.unread_attachments
    assert "\u202e" not in name and "\n" not in name and name.endswith(".docx")


def test_the_forms_of_one_message_share_its_reading_budget(ctx: ParseContext) -> None:
    parsed = parse_message(email_with("many-paragraphs.docx", "table-beside.docx"), ctx)
    assert (
        "attachment table-beside.docx not read: "
        "the message's other attachments used its reading budget"
    ) in parsed.warnings
    assert parsed.referral is not None and parsed.referral.child.gender is None
