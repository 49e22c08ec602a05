"""Acknowledging an on-call alert by replying "ACK" to its text: the alert goes by SMS to
the on-call person, their reply reaches a loopback stand-in for Notify, the poll reads it
and the alert is acknowledged, once, with no escalation after; an unknown number or
another word changes nothing; Notify failing on the inbound call stops nothing else."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.app import App
from bot.domain.sms_reply import ReceivedText
from bot.notify.sms_inbound import InboxUnavailable, NotifyInbox
from bot.schedule.runner import Runner, start_scheduler
from bot.schedule.sms_replies import SmsReplyPoller
from bot.serve import _sms_poller
from bot.services import sms_replies
from bot.store.models import AuditEvent
from bot.store.schedule_rows import AlertText, OnCallAlert, SmsReply
from tests.schedule.conftest import NOTIFY_KEY, make_app, outbox, schedule_settings
from tests.schedule.test_alerts import BACKUP, FIRST, T0, alerts_sent, arrive, step, the_alert
from tests.support.clock import FakeClock
from tests.support.notify import NotifyStandIn

ANN_REPLIES_FROM = "447700900001"  # Notify gives the sender in international form


@pytest.fixture
def notify() -> Iterator[NotifyStandIn]:
    server = NotifyStandIn()
    yield server
    server.close()


def env(notify: NotifyStandIn) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
            "SWCU_NOTIFY_API_KEY": NOTIFY_KEY, "SWCU_NOTIFY_BASE_URL": notify.url}


@pytest.fixture
def sms_app(tmp_path: Path, database_url: str, notify: NotifyStandIn) -> Iterator[App]:
    app = make_app(schedule_settings(tmp_path, database_url, **env(notify)), FakeClock(T0))
    yield app
    app.close()


def poller(app: App) -> SmsReplyPoller:
    made = _sms_poller(app, "test-worker")  # what swcu serve builds
    assert isinstance(made, SmsReplyPoller)
    return made


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def poll_at(app: App, p: SmsReplyPoller, minutes: float) -> sms_replies.ReplyOutcome | None:
    clock = app.clock
    assert isinstance(clock, FakeClock)
    clock.now = at(minutes)
    result = p.poll()
    assert not result.unavailable and not result.failed
    return result.handled[0] if len(result.handled) == 1 else None


def replies(app: App) -> list[SmsReply]:
    with app.db.read_session() as s:
        return list(s.exec(select(SmsReply).order_by(col(SmsReply.id))))


def acknowledgements(app: App) -> list[AuditEvent]:
    with app.db.read_session() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == "alert_acknowledged")))


def test_an_ack_text_acknowledges_the_alert_and_nothing_escalates(
    sms_app: App, notify: NotifyStandIn
) -> None:
    arrive(sms_app)
    runner = Runner(sms_app)
    step(sms_app, runner, 0.5)
    assert alerts_sent(sms_app) == FIRST  # a text to Ann's 07700900001
    alert = the_alert(sms_app)
    with sms_app.db.read_session() as s:
        [texted] = s.exec(select(AlertText)).all()
    assert (texted.alert_id, texted.phone) == (alert.id, "+447700900001")

    notify.receive(ANN_REPLIES_FROM, " Ack. ", at(4))
    outcome = poll_at(sms_app, poller(sms_app), 5)
    assert outcome is not None
    assert (outcome.outcome, outcome.sender, outcome.alerts) == ("acknowledged", "ann",
                                                                 (alert.id,))
    done = the_alert(sms_app)
    assert done.acknowledged_by == "sms:ann"
    assert done.acknowledged_at == at(4)  # when Ann replied, not when we read it
    [audit] = acknowledgements(sms_app)
    assert (audit.actor, audit.detail) == ("sms:ann", f"alert {alert.id}")
    for minutes in (15.5, 30.5, 60):
        step(sms_app, runner, minutes)
    assert alerts_sent(sms_app) == FIRST  # no backup, no manager
    [row] = replies(sms_app)
    assert (row.outcome, row.sender, row.alerts) == ("acknowledged", "ann", str(alert.id))
    call = notify.inbound_calls()[0]
    assert call["path"] == "/v2/received-text-messages" and call["auth"].startswith("Bearer ")


def test_ack_with_a_number_picks_that_alert(sms_app: App, notify: NotifyStandIn) -> None:
    arrive(sms_app)
    step(sms_app, Runner(sms_app), 0.5)
    alert = the_alert(sms_app)
    notify.receive(ANN_REPLIES_FROM, f"ACK {alert.id} on my way", at(2))
    notify.receive(ANN_REPLIES_FROM, f"ACK {(alert.id or 0) + 1}", at(3))  # not hers
    p = poller(sms_app)
    clock = sms_app.clock
    assert isinstance(clock, FakeClock)
    clock.now = at(4)
    result = p.poll()
    assert [h.outcome for h in result.handled] == ["acknowledged", "no_alert"]
    assert the_alert(sms_app).acknowledged_by == "sms:ann"


@pytest.mark.parametrize(("sender", "text", "outcome", "who"), [
    ("447700900099", "ACK", "unknown_number", "unknown …0099"),
    (ANN_REPLIES_FROM, "Who is this? Call me", "not_ack", "ann"),
])
def test_an_unknown_number_or_another_word_changes_nothing(
    sms_app: App, notify: NotifyStandIn, caplog: pytest.LogCaptureFixture,
    sender: str, text: str, outcome: str, who: str,
) -> None:
    arrive(sms_app)
    runner = Runner(sms_app)
    step(sms_app, runner, 0.5)
    notify.receive(sender, text, at(3))
    with caplog.at_level(logging.INFO, logger="swcu.sms"):
        handled = poll_at(sms_app, poller(sms_app), 4)
    assert handled is not None and (handled.outcome, handled.sender) == (outcome, who)
    assert the_alert(sms_app).acknowledged_at is None
    assert acknowledgements(sms_app) == []
    step(sms_app, runner, 15.5)
    assert alerts_sent(sms_app) == FIRST + BACKUP  # the chain goes on
    [row] = replies(sms_app)
    assert (row.outcome, row.sender, row.alerts) == (outcome, who, "")
    # Recorded and logged without the text or the whole number.
    logged = caplog.text
    assert outcome in logged and text not in logged and sender not in logged
    assert text not in repr(row) and sender not in repr(row)


def test_a_text_is_acted_on_once_across_polls_and_runners(
    sms_app: App, notify: NotifyStandIn, tmp_path: Path, database_url: str
) -> None:
    arrive(sms_app)
    step(sms_app, Runner(sms_app), 0.5)
    notify.receive(ANN_REPLIES_FROM, "ACK", at(2))
    first = poller(sms_app)
    assert poll_at(sms_app, first, 3) is not None
    again = first.poll()  # the next poll reads the same page from Notify
    assert (again.handled, again.seen) == ([], 1)

    # A second swcu serve on the same database (its own engine and Notify client).
    other = make_app(schedule_settings(tmp_path / "b", database_url, **env(notify)),
                     FakeClock(at(3)), homes=False)
    try:
        result = poller(other).poll()
        assert (result.handled, result.seen) == ([], 1)
        # Both read the text before either handled it: the claim still lets one act.
        text = ReceivedText("race-1", ANN_REPLIES_FROM, "ACK", at(2.5))
        assert sms_replies.handle_text(sms_app, text, now=at(3)) is not None
        assert sms_replies.handle_text(other, text, now=at(3)) is None
    finally:
        other.close()
    assert len(acknowledgements(sms_app)) == 1
    assert [r.notify_id for r in replies(sms_app)][1:] == ["race-1"]
    polls = [c for c in notify.inbound_calls() if "older_than" not in c["query"]]
    assert len(polls) == 3  # each poll asked Notify, and acted on nothing it had seen


def test_a_poll_reads_back_only_as_far_as_it_needs(sms_app: App, notify: NotifyStandIn) -> None:
    notify.page_size = 2  # Notify pages by older_than; so does the poll
    notify.receive("447700900099", "hello", at(-25 * 60))  # before a new database's look-back
    for minutes in (1, 2, 3, 4, 5):
        notify.receive("447700900099", "hello", at(minutes))
    p = poller(sms_app)
    assert len(p.poll(at(6)).handled) == 5
    pages = [c["query"].get("older_than") is not None for c in notify.inbound_calls()]
    assert pages == [False, True, True]  # the third page reached the look-back: no fourth
    notify.receive("447700900099", "hello", at(59))
    result = p.poll(at(60))
    assert (len(result.handled), result.seen) == (1, 5)  # the overlap is read, not redone


def test_notify_failing_on_the_inbound_call_is_retried_at_the_next_poll(
    sms_app: App, notify: NotifyStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    arrive(sms_app)
    step(sms_app, Runner(sms_app), 0.5)
    notify.receive(ANN_REPLIES_FROM, "ACK", at(2))
    notify.inbound_statuses = [500, 503]
    p = poller(sms_app)
    with caplog.at_level(logging.WARNING, logger="swcu.sms"):
        assert p.poll(at(3)).unavailable
        assert p.poll(at(4)).unavailable
    assert "asking again" in caplog.text
    assert the_alert(sms_app).acknowledged_at is None
    assert len(p.poll(at(5)).handled) == 1
    assert the_alert(sms_app).acknowledged_by == "sms:ann"


def test_a_connection_refused_is_unavailable_too() -> None:
    inbox = NotifyInbox(NOTIFY_KEY, "http://127.0.0.1:9", timeout=2)  # nothing listens
    with pytest.raises(InboxUnavailable):
        inbox.received_since(T0)


def test_notify_down_stops_no_other_job_in_serve(
    sms_app: App, notify: NotifyStandIn
) -> None:
    """The scheduler as swcu serve starts it: the poll fails every time, the alert still
    goes out from the tick, and the poll keeps being tried."""
    notify.inbound_statuses = [500] * 1000
    settings = sms_app.settings
    sms_app.settings = dataclasses.replace(
        settings,
        notify=dataclasses.replace(settings.notify, inbound_poll_seconds=1),
        schedule=dataclasses.replace(settings.schedule, tick_seconds=1),
    )
    arrive(sms_app)
    clock = sms_app.clock
    assert isinstance(clock, FakeClock)
    clock.now = at(0.5)

    async def serve_a_while() -> None:
        scheduler = start_scheduler(Runner(sms_app), poller(sms_app))
        try:
            for _ in range(100):
                await asyncio.sleep(0.1)
                if len(notify.inbound_calls()) >= 3 and alerts_sent(sms_app):
                    break
        finally:
            scheduler.shutdown(wait=False)

    asyncio.run(serve_a_while())
    assert len(notify.inbound_calls()) >= 3
    assert alerts_sent(sms_app) == FIRST


def test_no_poller_without_sms_or_with_polling_off(
    tmp_path: Path, database_url: str, notify: NotifyStandIn
) -> None:
    plain = make_app(schedule_settings(tmp_path, database_url), FakeClock(T0), homes=False)
    try:
        assert _sms_poller(plain, "w") is None
        on = dataclasses.replace(
            plain.settings,
            notify=dataclasses.replace(plain.settings.notify, api_key=NOTIFY_KEY,
                                       inbound_poll_seconds=0),
        )
        plain.settings = on
        assert _sms_poller(plain, "w") is None
    finally:
        plain.close()


def test_the_alert_text_says_how_to_reply(sms_app: App) -> None:
    arrive(sms_app)
    step(sms_app, Runner(sms_app), 0.5)
    sms = next(m for m in outbox(sms_app) if m.channel == "sms")
    with sms_app.db.read_session() as s:
        alert = s.exec(select(OnCallAlert)).one()
    assert f"reply ACK {alert.id}" in sms.body_text
