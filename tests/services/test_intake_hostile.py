"""Issue 8 on the intake service: nothing refused forever, nothing answered that must not be,
and a slow parse does not hold the database writer."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bot.app import App
from bot.hostile import many_references, normal_referral, surrogates
from bot.services import intake_decisions, replies
from bot.services.intake import IntakeService
from bot.store.models import InboundEmail, OutboundMessage, Referral
from tests.conftest import sample
from tests.support.clock import FakeClock


def emails(app: App) -> list[InboundEmail]:
    with app.db.read_session() as s:
        return list(s.exec(select(InboundEmail).order_by(InboundEmail.id)))


def outbox(app: App) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def test_lone_surrogates_are_stored_not_refused(app: App) -> None:
    receipt = IntakeService(app).receive(surrogates("s1"), mail_from="x@hants-cs.test")
    assert receipt.disposition == "processed" and receipt.reference
    [email] = emails(app)
    assert "\\ud800" in email.subject


def test_a_failure_to_store_the_parsed_form_stores_the_raw_bytes_flagged(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> None:
        raise OperationalError("INSERT …", {"child": "secret"}, Exception("refused"))

    monkeypatch.setattr(intake_decisions.Handling, "run", broken)
    raw = sample("01")
    receipt = IntakeService(app).receive(raw)
    assert receipt.disposition == "error"
    [email] = emails(app)
    assert email.raw == raw and email.disposition == "error"
    assert "processing_error" in email.flags


def test_over_a_thousand_references_thread_the_reply_and_log_no_sql(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    service = IntakeService(app)
    first = service.receive(sample("03"))  # incomplete: a reply can complete it
    [row] = _referrals(app)
    raw = many_references("r1", count=1_500).replace(
        b"<ref-r1-1499@elsewhere.test>", row.message_id.encode()
    )
    with caplog.at_level(logging.INFO):
        receipt = service.receive(raw)
    assert receipt.disposition == "processed"
    assert receipt.reference == first.reference  # threaded by the newest id
    assert max((len(r.getMessage()) for r in caplog.records), default=0) < 2_000
    assert "SELECT" not in caplog.text


def test_over_a_thousand_unknown_references_are_stored_not_refused(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    # No id is ours: the look-up falls through to every query (one SQL term per id made
    # SQLite answer "Expression tree is too large", and 451 at every retry).
    with caplog.at_level(logging.INFO):
        receipt = IntakeService(app).receive(many_references("r2", count=1_500))
    assert receipt.disposition in ("processed", "flagged")
    [email] = emails(app)
    assert email.message_id == "<hostile-r2@hants-cs.test>"
    assert max((len(r.getMessage()) for r in caplog.records), default=0) < 2_000


def _referrals(app: App) -> list[Referral]:
    with app.db.read_session() as s:
        return list(s.exec(select(Referral)))


def test_null_reverse_path_is_never_answered(app: App) -> None:
    receipt = IntakeService(app).receive(sample("01"), mail_from="<>")
    assert receipt.disposition == "processed" and receipt.reference  # recorded as usual
    assert outbox(app) == []
    assert "null reverse-path" in " ".join(receipt.notes)


def test_an_empty_envelope_outside_smtp_is_still_answered(app: App) -> None:
    IntakeService(app).receive(sample("01"))  # `swcu ingest`: no envelope at all
    assert [m.purpose for m in outbox(app)] == ["ack"]


def _incomplete(i: int) -> bytes:
    raw = normal_referral(f"loop-{i}").replace(b"Date of birth: 04/05/2011\r\n", b"")
    return raw


def test_different_answers_are_not_stopped(app: App, clock: FakeClock) -> None:
    service = IntakeService(app)
    for i in range(replies.MAX_IDENTICAL_REPLIES + 3):
        service.receive(_incomplete(i))
        clock.advance(minutes=5)
    # Each referral gets its own reference, so each "missing" answer differs: all sent.
    assert len(outbox(app)) == replies.MAX_IDENTICAL_REPLIES + 3


def test_the_same_words_twice_then_silence(app: App, clock: FakeClock) -> None:
    service = IntakeService(app)
    service.receive(sample("03"))
    # An auto-responder without automatic headers answering our answer, again and again:
    # each of its messages threads to the referral and changes nothing.
    [row] = _referrals(app)
    for i in range(6):
        clock.advance(minutes=10)
        service.receive(
            (
                f"From: {row.social_worker_email}\r\nTo: referrals@swcu.test\r\n"
                f"Subject: Re: {row.reference}\r\nMessage-ID: <auto-{i}@hants-cs.test>\r\n"
                f"In-Reply-To: {row.message_id}\r\n\r\nThank you for your email.\r\n"
            ).encode()
        )
    updates = [m for m in outbox(app) if m.purpose == "reply_update"]
    assert len(updates) == replies.MAX_IDENTICAL_REPLIES


def test_answers_per_day_are_capped(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replies, "MAX_REPLIES_PER_DAY", 3)
    service = IntakeService(app)
    for i in range(6):
        service.receive(_incomplete(i))
        clock.advance(hours=2)  # never 20 in an hour: only the daily cap can stop it
    assert len(outbox(app)) == 3
    clock.advance(days=1)
    service.receive(_incomplete(99))
    assert len(outbox(app)) == 4


def test_answers_per_thread_are_capped(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replies, "MAX_REPLIES_PER_THREAD", 2)
    monkeypatch.setattr(replies, "MAX_IDENTICAL_REPLIES", 100)
    service = IntakeService(app)
    service.receive(sample("03"))
    [row] = _referrals(app)
    for i in range(5):
        clock.advance(minutes=10)
        service.receive(
            (
                f"From: {row.social_worker_email}\r\nTo: referrals@swcu.test\r\n"
                f"Subject: Re: {row.reference}\r\nMessage-ID: <t-{i}@hants-cs.test>\r\n"
                f"In-Reply-To: {row.message_id}\r\n\r\nStill looking.\r\n"
            ).encode()
        )
    assert len([m for m in outbox(app) if m.referral_id == row.id]) == 2


def test_the_parse_runs_without_the_database_writer(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not app.db.is_sqlite:
        pytest.skip("the in-process writer lock is SQLite's")
    held: list[bool] = []
    lock = app.db._write_lock
    real = IntakeService.parse

    def parse(
        self: IntakeService, raw: bytes, homes: object = None, session: object = None
    ) -> object:
        held.append(lock.locked())  # type: ignore[attr-defined]
        return real(self, raw, homes, session)  # type: ignore[arg-type]

    monkeypatch.setattr(IntakeService, "parse", parse)
    IntakeService(app).receive(sample("01"))
    assert held == [False]
