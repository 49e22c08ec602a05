"""SMS through GOV.UK Notify, against a small loopback stand-in that records each call:
what Notify is sent, a 5xx retried through the outbox and then delivered, a 4xx given up,
a failing Slack never holding up the text, and what a text may say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.notify.enqueue import enqueue_sms
from bot.notify.mail import transports_for
from bot.notify.outbox import OutboxWorker
from bot.notify.slack_post import SlackTransport
from bot.notify.sms import NotifySmsTransport, UnsafeSms, assert_sms_safe, gsm_length
from bot.settings import Settings, load_settings
from bot.store.db import Database
from bot.store.models import OutboundMessage
from tests.support.clock import FakeClock
from tests.support.notify import NotifyStandIn

KEY = "test-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
NOW = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
TEXT = "SWCU on-call: SWCU-2026-0042 (AK) received 21:00, unit closed. Alert 1: reply ACK 1"


@pytest.fixture
def stand_in(request: pytest.FixtureRequest) -> Iterator[NotifyStandIn]:
    server = NotifyStandIn(getattr(request, "param", []))
    yield server
    server.close()


def queue_text(db: Database, to: str = "07700 900001") -> None:
    with db.session() as s:
        enqueue_sms(s, to=to, text=TEXT, purpose="oncall_alert", dedupe_key="alert-1:sms",
                    now=NOW)


def rows(db: Database) -> list[OutboundMessage]:
    with db.read_session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


@pytest.mark.parametrize("stand_in", [[500]], indirect=True)
def test_a_5xx_is_retried_through_the_outbox_then_delivered(
    db: Database, settings: Settings, stand_in: NotifyStandIn
) -> None:
    queue_text(db)
    clock = FakeClock(NOW)
    worker = OutboxWorker(db, settings, {"sms": NotifySmsTransport(KEY, TEMPLATE, stand_in.url)},
                          clock=clock)
    worker.deliver_due()
    [row] = rows(db)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.next_attempt_at == NOW + timedelta(seconds=30)
    worker.deliver_due()  # not due yet: Notify is not asked again
    assert len(stand_in.calls) == 1
    clock.advance(31)
    worker.deliver_due()
    [row] = rows(db)
    assert row.status == "sent"
    assert len(stand_in.calls) == 2
    call = stand_in.calls[-1]
    assert call["path"] == "/v2/notifications/sms"
    assert call["auth"].startswith("Bearer ")
    assert call["body"] == {
        "phone_number": "07700900001", "template_id": TEMPLATE,
        "personalisation": {"body": TEXT}, "reference": row.message_id,
    }


@pytest.mark.parametrize("stand_in", [[400]], indirect=True)
def test_a_4xx_fails_at_once(db: Database, settings: Settings, stand_in: NotifyStandIn) -> None:
    queue_text(db)
    worker = OutboxWorker(db, settings, {"sms": NotifySmsTransport(KEY, TEMPLATE, stand_in.url)},
                          clock=FakeClock(NOW))
    worker.deliver_due()
    [row] = rows(db)
    assert row.status == "failed" and "400" in (row.last_error or "")
    assert len(stand_in.calls) == 1


def test_slack_down_never_holds_up_the_text(
    db: Database, settings: Settings, stand_in: NotifyStandIn
) -> None:
    from bot.notify.enqueue import enqueue_slack

    with db.session() as s:
        enqueue_slack(s, channel="UANN", text="On-call alert 1: SWCU-2026-0042 (AK)",
                      purpose="oncall_alert", dedupe_key="alert-1:slack", now=NOW)
    queue_text(db)
    dead = SlackTransport("xoxb-test", "http://127.0.0.1:9/", timeout=2)  # nothing listens
    worker = OutboxWorker(
        db, settings,
        {"slack": dead, "sms": NotifySmsTransport(KEY, TEMPLATE, stand_in.url)},
        clock=FakeClock(NOW),
    )
    worker.deliver_due()
    by_channel = {r.channel: r for r in rows(db)}
    assert by_channel["sms"].status == "sent"
    assert (by_channel["slack"].status, by_channel["slack"].attempts) == ("pending", 1)


def test_the_sms_transport_is_there_only_when_configured(tmp_path: Any) -> None:
    from tests.schedule.conftest import SCHEDULE_SETTINGS

    env = {"SWCU_DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "SWCU_STORE_DIR": str(tmp_path)}
    assert "sms" not in transports_for(load_settings(SCHEDULE_SETTINGS, env=env))
    on = load_settings(SCHEDULE_SETTINGS, env={**env, "SWCU_NOTIFY_API_KEY": KEY,
                                               "SWCU_NOTIFY_BASE_URL": "http://127.0.0.1:1"})
    transport = transports_for(on)["sms"]
    assert isinstance(transport, NotifySmsTransport)
    assert transport.client.base_url == "http://127.0.0.1:1"


def test_what_a_text_may_say() -> None:
    assert gsm_length("ACK {1}") == 9  # braces count twice
    assert gsm_length("café ☕") is None
    assert_sms_safe(TEXT)
    with pytest.raises(UnsafeSms, match="160"):
        assert_sms_safe("x" * 161)
    with pytest.raises(UnsafeSms, match="date"):
        assert_sms_safe("AK born 14/02/2012")
    with pytest.raises(UnsafeSms, match="GSM"):
        assert_sms_safe("AK ☕")
