from __future__ import annotations

import email
import json
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from bot.notify.enqueue import enqueue_email
from bot.notify.mail import MaildirTransport, RelayTransport, build_email, transports_for
from bot.notify.outbox import (
    OutboxWorker,
    PermanentDeliveryError,
    TemporaryDeliveryError,
)
from bot.notify.slack_post import SlackTransport
from bot.settings import HostPort, Settings, SlackSettings
from bot.store.db import Database
from bot.store.models import AuditEvent, OutboundMessage
from tests.support.clock import START


def make_row(**overrides: object) -> OutboundMessage:
    fields: dict[str, object] = dict(
        id=7,
        dedupe_key="ack:1",
        to_addrs="zoë.sw@hampshire.gov.uk, duty@hampshire.gov.uk",
        subject="Referral received: SWCU-2026-0042 (AK)",
        body_text="Thank you — we have it. Zoë",
        body_html=None,
        message_id="<swcu.ack.abc@swcu.test>",
        purpose="ack",
        created_at=datetime(2026, 11, 23, 16, 5, tzinfo=UTC),
    )
    fields.update(overrides)
    return OutboundMessage(**fields)  # type: ignore[arg-type]


# -- building ------------------------------------------------------------------------


def test_headers_of_a_reply(settings: Settings) -> None:
    row = make_row(in_reply_to="<ref@hampshire.gov.uk>",
                   references="<a@hampshire.gov.uk> <ref@hampshire.gov.uk>")
    msg = build_email(row, settings)
    assert msg["From"] == "Secure Welfare Coordination Unit <referrals@swcu.test>"
    assert msg["To"] == "zoë.sw@hampshire.gov.uk, duty@hampshire.gov.uk"
    assert msg["Message-ID"] == "<swcu.ack.abc@swcu.test>"
    assert msg["In-Reply-To"] == "<ref@hampshire.gov.uk>"
    assert msg["References"] == "<a@hampshire.gov.uk> <ref@hampshire.gov.uk>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert email.utils.parsedate_to_datetime(msg["Date"]) == row.created_at
    assert msg["Date"].endswith("+0000")
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    # Round trip through bytes, as the relay or maildir sees it.
    parsed = email.message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert parsed.get_content().strip() == "Thank you — we have it. Zoë"  # type: ignore[attr-defined]


def test_a_message_that_answers_nothing_is_auto_generated(settings: Settings) -> None:
    msg = build_email(make_row(purpose="vacancy_reminder", in_reply_to=None), settings)
    assert msg["From"] == "Secure Welfare Coordination Unit <vacancies@swcu.test>"
    assert msg["Auto-Submitted"] == "auto-generated"
    assert "In-Reply-To" not in msg and "References" not in msg


def test_html_makes_multipart_alternative(settings: Settings) -> None:
    msg = build_email(make_row(body_html="<p>Thank you — Zoë</p>"), settings)
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in msg.iter_parts())


def test_a_stray_line_break_cannot_inject_a_header(settings: Settings) -> None:
    msg = build_email(make_row(subject="Hello\r\nBcc: evil@example.com"), settings)
    assert "Bcc" not in msg
    assert msg["Subject"] == "Hello Bcc: evil@example.com"


# -- maildir -------------------------------------------------------------------------


def test_maildir_writes_each_row_once(settings: Settings, tmp_path: Path) -> None:
    box = tmp_path / "maildir"
    transport = MaildirTransport(box, settings=settings)
    row = make_row()
    transport.deliver(row)
    transport.deliver(row)
    [name] = os.listdir(box / "new")
    assert name.startswith("swcu-outbox-7.")
    assert os.listdir(box / "tmp") == []
    parsed = email.message_from_bytes((box / "new" / name).read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] == row.message_id

    # A mail reader has seen it and moved it to cur/: still not written again.
    os.rename(box / "new" / name, box / "cur" / f"{name}:2,S")
    transport.deliver(row)
    assert os.listdir(box / "new") == []

    # The same id from a fresh database is a different message: it gets its own file.
    transport.deliver(make_row(message_id="<swcu.ack.other@swcu.test>"))
    assert len(os.listdir(box / "new")) == 1


def test_maildir_trouble_is_temporary(settings: Settings, tmp_path: Path) -> None:
    transport = MaildirTransport(tmp_path / "maildir", settings=settings)
    os.rmdir(tmp_path / "maildir" / "cur")
    with pytest.raises(TemporaryDeliveryError):
        transport.deliver(make_row())


# -- relay ---------------------------------------------------------------------------


class ScriptedHandler:
    """An SMTP server that answers DATA from a script, then 250 for ever."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.accepted: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: object, session: object, envelope) -> str:  # type: ignore[no-untyped-def]
        if self.answers:
            return self.answers.pop(0)
        self.accepted.append(envelope.content)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 2.0.0 OK queued"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[ScriptedHandler, int]]:
    handler = ScriptedHandler([])
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def queue_one(db: Database, settings: Settings) -> OutboundMessage:
    with db.session() as s:
        return enqueue_email(
            s, settings, to=["sw@hampshire.gov.uk"], subject="Referral received: SWCU-2026-0042",
            text="Thank you.", html="<p>Thank you.</p>", purpose="ack", dedupe_key="ack:42",
            in_reply_to="<orig@hampshire.gov.uk>", now=START,
        )


def current(db: Database) -> OutboundMessage:
    with db.session() as s:
        return s.exec(select(OutboundMessage)).one()


def test_relay_451_twice_then_250_is_retried_and_delivered_once(
    settings: Settings, db: Database, clock, smtp_server: tuple[ScriptedHandler, int]
) -> None:
    handler, port = smtp_server
    handler.answers = ["451 4.3.0 Try again later", "451 4.3.0 Try again later"]
    queued = queue_one(db, settings)
    relay = RelayTransport("127.0.0.1", port, timeout=5, settings=settings)
    worker = OutboxWorker(db, settings, {"email": relay}, clock=clock)

    assert worker.deliver_due() == 1
    row = current(db)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == clock() + timedelta(seconds=30)
    assert "451" in (row.last_error or "")
    assert worker.deliver_due() == 0

    clock.advance(30)
    assert worker.deliver_due() == 1
    row = current(db)
    assert (row.status, row.attempts) == ("pending", 2)
    assert row.next_attempt_at == clock() + timedelta(seconds=60)

    clock.advance(59)
    assert worker.deliver_due() == 0
    clock.advance(1)
    assert worker.deliver_due() == 1
    row = current(db)
    assert (row.status, row.attempts, row.sent_at) == ("sent", 3, clock())
    clock.advance(timedelta(hours=2))
    assert worker.deliver_due() == 0

    [raw] = handler.accepted
    assert handler.envelopes == [("referrals@swcu.test", ["sw@hampshire.gov.uk"])]
    got = email.message_from_bytes(raw, policy=policy.default)
    assert got["Message-ID"] == queued.message_id
    assert got["In-Reply-To"] == "<orig@hampshire.gov.uk>"
    assert got["Auto-Submitted"] == "auto-replied"


def test_relay_550_fails_with_an_audit_event(
    settings: Settings, db: Database, clock, smtp_server: tuple[ScriptedHandler, int]
) -> None:
    handler, port = smtp_server
    handler.answers = ["550 5.1.1 No such user"]
    queue_one(db, settings)
    relay = RelayTransport("127.0.0.1", port, timeout=5, settings=settings)
    worker = OutboxWorker(db, settings, {"email": relay}, clock=clock)
    assert worker.deliver_due() == 1
    row = current(db)
    assert (row.status, row.attempts) == ("failed", 1)
    assert "550" in (row.last_error or "")
    with db.session() as s:
        [event] = s.exec(select(AuditEvent)).all()
    assert event.action == "outbox_failed"
    assert json.loads(event.detail)["purpose"] == "ack"
    clock.advance(timedelta(days=1))
    assert worker.deliver_due() == 0
    assert handler.accepted == []


def test_relay_that_is_down_is_temporary(settings: Settings) -> None:
    relay = RelayTransport("127.0.0.1", free_port(), timeout=2, settings=settings)
    with pytest.raises(TemporaryDeliveryError):
        relay.deliver(make_row())


def test_relay_refusing_every_recipient_permanently(settings: Settings) -> None:
    class Refuse(ScriptedHandler):
        async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
            return "550 5.1.1 unknown user"

    port = free_port()
    controller = Controller(Refuse([]), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with pytest.raises(PermanentDeliveryError):
            RelayTransport("127.0.0.1", port, timeout=5, settings=settings).deliver(make_row())
    finally:
        controller.stop()


# -- wiring --------------------------------------------------------------------------


def test_transports_for_the_embedded_default(settings: Settings) -> None:
    transports = transports_for(settings)
    assert set(transports) == {"email"}
    assert isinstance(transports["email"], MaildirTransport)
    assert transports["email"].path == settings.maildir


def test_transports_for_relay_and_slack(settings: Settings) -> None:
    configured = settings.with_overrides(
        smtp_relay=HostPort("relay.example", 2525),
        slack=SlackSettings(bot_token="xoxb-test", signing_secret="s",
                            api_url="http://127.0.0.1:9/api"),
    )
    transports = transports_for(configured)
    relay = transports["email"]
    assert isinstance(relay, RelayTransport) and (relay.host, relay.port) == ("relay.example", 2525)
    assert isinstance(transports["slack"], SlackTransport)
