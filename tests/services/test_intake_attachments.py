"""What the social worker hears about an attachment, and what an officer sees."""

from __future__ import annotations

from sqlmodel import select

from bot.app import App
from bot.services.intake import IntakeService
from bot.store.models import InboundEmail, OutboundMessage, Referral
from tests.support.attachments import email_with


def _outbox(app: App) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def _stored(app: App) -> InboundEmail:
    with app.db.read_session() as s:
        return s.exec(select(InboundEmail)).one()


def test_the_answer_names_the_attachment_that_could_not_be_read(app: App) -> None:
    IntakeService(app).receive(email_with("corrupt.docx"))
    [answer] = _outbox(app)
    assert answer.purpose == "missing"
    assert "We could not read the attachment corrupt.docx." in answer.body_text
    assert answer.body_html is not None and "<strong>corrupt.docx</strong>" in answer.body_html
    assert "could not read the attachment corrupt.docx" in _stored(app).warnings


def test_a_complete_referral_with_an_unreadable_attachment_is_acknowledged_naming_it(
    app: App,
) -> None:
    IntakeService(app).receive(email_with("text.pdf", "encrypted.pdf"))
    [answer] = _outbox(app)
    assert answer.purpose == "ack"
    assert "We could not read the attachment encrypted.pdf." in answer.body_text


def test_a_referral_only_in_a_word_form_is_complete_and_acknowledged(app: App) -> None:
    receipt = IntakeService(app).receive(email_with("content-controls.docx"))
    with app.db.read_session() as s:
        [row] = s.exec(select(Referral)).all()
    assert row.status == "complete" and row.initials == "MR"
    assert receipt.completed_referral_id == row.id
    [answer] = _outbox(app)
    assert answer.purpose == "ack" and "could not read" not in answer.body_text


def test_the_bomb_is_stored_flagged_and_the_sender_gets_the_normal_answer(app: App) -> None:
    receipt = IntakeService(app).receive(email_with("bomb.docx"))
    assert receipt.kind == "referral"
    email = _stored(app)
    assert "attachment_budget" in email.flags.split(";")
    assert "attachment bomb.docx not read: it expands to 30 MB" in email.warnings
    [answer] = _outbox(app)
    assert answer.purpose == "missing" and "bomb.docx" not in answer.body_text
