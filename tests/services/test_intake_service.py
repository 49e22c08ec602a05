"""Intake rules against a real database: records, threading, answers and their absence."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.app import App
from bot.services.intake import IntakeService
from bot.store.models import AuditEvent, InboundEmail, OutboundMessage, Referral
from tests.conftest import fixture_email, sample
from tests.support.clock import FakeClock


def outbox(app: App) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def referrals(app: App) -> list[Referral]:
    with app.db.read_session() as s:
        return list(s.exec(select(Referral).order_by(Referral.id)))


def test_complete_referral_is_stored_acknowledged_and_clock_started(app: App) -> None:
    receipt = IntakeService(app).receive(sample("01"))
    assert receipt.kind == "referral" and receipt.disposition == "processed"
    [row] = referrals(app)
    assert row.reference == "SWCU-2026-0001" == receipt.reference
    assert row.status == "complete" and row.initials == "AK"
    assert row.completed_at == app.clock()
    assert row.due_at is not None and (row.due_at - row.completed_at).total_seconds() == 7200
    assert receipt.completed_referral_id == row.id
    [ack] = outbox(app)
    assert ack.purpose == "ack" and ack.to_addrs == "rachel.dunmore@hants-cs.test"
    assert "SWCU-2026-0001" in ack.subject and "SWCU-2026-0001" in ack.body_text
    assert ack.in_reply_to == row.message_id


def test_incomplete_referral_gets_a_reply_naming_what_is_missing(app: App) -> None:
    IntakeService(app).receive(sample("03"))
    [row] = referrals(app)
    assert row.status == "incomplete" and row.completed_at is None and row.due_at is None
    assert row.missing.split(";") == ["child.date_of_birth", "legal_status"]
    [reply] = outbox(app)
    assert reply.purpose == "missing"
    assert "date of birth" in reply.body_text and "legal status" in reply.body_text
    assert "gender" not in reply.body_text.lower().split("missing")[-1][:0]  # names only gaps


def test_reply_in_thread_completes_the_referral_and_starts_the_clock(
    app: App, clock: FakeClock
) -> None:
    service = IntakeService(app)
    service.receive(sample("03"))
    clock.advance(hours=2, minutes=15)
    receipt = service.receive(sample("06"))
    assert receipt.kind == "referral_reply" and receipt.reference == "SWCU-2026-0001"
    [row] = referrals(app)
    assert row.status == "complete" and row.missing == ""
    assert row.completed_at == clock.now  # the clock starts at completion, not first email
    assert str(row.date_of_birth) == "2012-08-09" and row.legal_status == "s25_interim_order"
    assert row.initials == "LW"  # what the reply did not mention is kept
    # "Hi, the missing details:" names no risk: the referral's own risks stand.
    assert row.risks == "absconding;cse"
    assert receipt.completed_referral_id == row.id
    assert [m.purpose for m in outbox(app)] == ["missing", "reply_update"]


def test_reply_to_our_own_email_threads_by_our_message_id(app: App) -> None:
    service = IntakeService(app)
    service.receive(sample("03"))
    [missing] = outbox(app)
    reply = sample("06").replace(
        b"<kent-referral-lw-0001@kent-cs.test>", missing.message_id.encode()
    )
    receipt = service.receive(reply)
    assert receipt.reference == "SWCU-2026-0001"
    assert referrals(app)[0].status == "complete"


def test_reply_threads_by_reference_in_subject_when_headers_are_lost(app: App) -> None:
    service = IntakeService(app)
    service.receive(sample("03"))
    reply = (
        sample("06")
        .replace(b"In-Reply-To: <kent-referral-lw-0001@kent-cs.test>\n", b"")
        .replace(b"References: <kent-referral-lw-0001@kent-cs.test>\n", b"")
        .replace(b"Subject: RE: Secure referral", b"Subject: RE: SWCU-2026-0001 details")
    )
    receipt = service.receive(reply)
    assert receipt.reference == "SWCU-2026-0001"
    assert referrals(app)[0].status == "complete"


def test_same_message_id_twice_is_stored_once(app: App) -> None:
    service = IntakeService(app)
    first = service.receive(sample("01"))
    second = service.receive(sample("01"))
    assert first.disposition == "processed" and second.disposition == "duplicate"
    with app.db.read_session() as s:
        assert len(list(s.exec(select(InboundEmail)))) == 1
    assert len(referrals(app)) == 1 and len(outbox(app)) == 1


def test_auto_reply_and_bounce_are_recorded_never_answered(app: App) -> None:
    service = IntakeService(app)
    service.receive(sample("01"))
    before = len(outbox(app))
    for name in ("intake-out-of-office.eml", "intake-bounce.eml"):
        receipt = service.receive(fixture_email(name))
        assert receipt.disposition == "ignored", name
    assert len(outbox(app)) == before
    with app.db.read_session() as s:
        kinds = sorted(e.kind for e in s.exec(select(InboundEmail)))
    assert kinds == ["auto_reply", "bounce", "referral"]


def test_stranger_is_quarantined_and_not_answered(app: App) -> None:
    raw = sample("01").replace(b"hants-cs.test", b"example-stranger.test")
    receipt = IntakeService(app).receive(raw)
    assert receipt.disposition == "quarantined"
    assert referrals(app) == [] and outbox(app) == []
    with app.db.read_session() as s:
        [email] = s.exec(select(InboundEmail))
        assert email.raw == raw and email.disposition == "quarantined"
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "quarantined")).first()


def test_released_quarantine_is_processed(app: App) -> None:
    from bot.services.intake import release_quarantined

    raw = sample("01").replace(b"hants-cs.test", b"example-stranger.test")
    receipt = IntakeService(app).receive(raw)
    assert receipt.email_id is not None
    released = release_quarantined(app, receipt.email_id, actor="test", now=app.clock())
    assert released.reference == "SWCU-2026-0001"
    assert referrals(app)[0].status == "complete"


def test_sender_asking_for_no_auto_replies_gets_none(app: App) -> None:
    raw = sample("01").replace(
        b"MIME-Version: 1.0\n", b"MIME-Version: 1.0\nX-Auto-Response-Suppress: All\n", 1
    )
    IntakeService(app).receive(raw)
    assert referrals(app)[0].status == "complete"  # still processed
    assert outbox(app) == []


def test_our_answers_are_marked_auto_submitted(app: App) -> None:
    from bot.notify.mail import build_email

    IntakeService(app).receive(sample("01"))
    [ack] = outbox(app)
    msg = build_email(ack, app.settings)
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["Message-ID"] == ack.message_id


def test_references_are_sequential_per_year(app: App, clock: FakeClock) -> None:
    service = IntakeService(app)
    for i in range(3):
        service.receive(sample("01").replace(b"<1795", f"<{i}x1795".encode()))
    assert [r.reference for r in referrals(app)] == [
        "SWCU-2026-0001",
        "SWCU-2026-0002",
        "SWCU-2026-0003",
    ]


def test_malformed_email_is_stored_and_flagged(app: App) -> None:
    raw = (
        b"From: someone@hants-cs.test\nTo: referrals@swcu.test\nMessage-ID: <bad-1@x>\n"
        b'Content-Type: multipart/mixed; boundary="nope"\n\n\x00\xff\xfe garbage '
        b"--nope\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n"
    )
    receipt = IntakeService(app).receive(raw)
    assert receipt.email_id is not None
    with app.db.read_session() as s:
        email = s.get(InboundEmail, receipt.email_id)
        assert email is not None and email.raw == raw
        assert email.flags  # flagged for an officer


def test_a_failure_in_the_rules_stores_the_message_flagged_not_bounced(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> None:
        raise RuntimeError("a defect in the rules")

    monkeypatch.setattr("bot.services.intake_decisions.Handling._decide", broken)
    service = IntakeService(app)
    receipt = service.receive(sample("01"))
    assert receipt.disposition == "error" and receipt.email_id is not None
    with app.db.read_session() as s:
        [email] = s.exec(select(InboundEmail)).all()
    assert email.raw == sample("01") and "processing_error" in email.flags
    assert referrals(app) == [] and outbox(app) == []  # nothing half-done survives
    assert service.receive(sample("01")).disposition == "duplicate"  # a retry is stored once


def test_a_failure_in_the_parser_stores_the_message_flagged_not_bounced(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, raw: bytes, homes: object = None) -> None:
        raise RuntimeError("a defect in the parser")

    monkeypatch.setattr(IntakeService, "parse", broken)
    receipt = IntakeService(app).receive(sample("01"))
    assert (receipt.disposition, receipt.kind) == ("error", "unknown")
    with app.db.read_session() as s:
        [email] = s.exec(select(InboundEmail)).all()
    assert email.raw == sample("01") and email.flags == "processing_error"
    assert email.message_id.startswith("<sha256-")  # unread, so named by its bytes
