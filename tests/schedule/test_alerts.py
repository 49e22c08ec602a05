"""On-call alerts: a referral arriving while the unit is closed alerts on-call by each of
their channels; unacknowledged, it goes to the backup, then the team manager; each step
can be acknowledged (the service Slack will call, a reply "ACK" to the email, `swcu
ack`), and nothing follows an acknowledgement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import App
from bot.cli import main
from bot.clock import LONDON
from bot.schedule.runner import Runner
from bot.services.alerts import acknowledge_alert
from bot.services.errors import ServiceError
from bot.services.intake import IntakeService
from bot.store.schedule_rows import OnCallAlert
from tests.conftest import sample
from tests.schedule.conftest import (
    NOTIFY_KEY,
    SCHEDULE_SETTINGS,
    make_app,
    outbox,
    schedule_settings,
)
from tests.support.clock import FakeClock

T0 = datetime(2026, 11, 24, 21, 0, tzinfo=LONDON).astimezone(UTC)  # a Tuesday night
ENV = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "s",
       "SWCU_NOTIFY_API_KEY": NOTIFY_KEY}


@pytest.fixture
def alert_app(tmp_path: Path, database_url: str) -> Iterator[App]:
    app = make_app(schedule_settings(tmp_path, database_url, **ENV), FakeClock(T0))
    yield app
    app.close()


def alerts_sent(app: App) -> list[tuple[str, str, str]]:
    return [
        (m.channel, m.to_addrs, "ESCALATED" if "ESCALATED" in (m.body_text + m.subject) else "")
        for m in outbox(app) if m.purpose == "oncall_alert"
    ]


def the_alert(app: App) -> OnCallAlert:
    with app.db.read_session() as s:
        return s.exec(select(OnCallAlert)).one()


def arrive(app: App) -> None:
    receipt = IntakeService(app).receive(sample("01"), mail_from="sw@hants-cs.test",
                                         rcpt_to=("referrals@swcu.test",))
    assert receipt.reference


def step(app: App, runner: Runner, minutes: float) -> None:
    clock = app.clock
    assert isinstance(clock, FakeClock)
    clock.now = T0 + timedelta(minutes=minutes)
    runner.run_due(clock.now)


FIRST = [("slack", "UANN", ""), ("sms", "07700900001", "")]
BACKUP = [("email", "bob@swcu.test", "ESCALATED")]
MANAGER = [("email", "cat@swcu.test", "ESCALATED")]


def test_the_escalation_chain_to_its_end(alert_app: App) -> None:
    arrive(alert_app)
    runner = Runner(alert_app)
    step(alert_app, runner, 0.5)
    assert alerts_sent(alert_app) == FIRST  # SMS went: no email as well
    step(alert_app, runner, 15)  # 15 minutes after the alert went (at 0.5), not before
    assert alerts_sent(alert_app) == FIRST
    step(alert_app, runner, 15.5)
    assert alerts_sent(alert_app) == FIRST + BACKUP
    step(alert_app, runner, 30.5)
    assert alerts_sent(alert_app) == FIRST + BACKUP + MANAGER
    step(alert_app, runner, 180)  # the end of the chain: nothing more
    assert alerts_sent(alert_app) == FIRST + BACKUP + MANAGER
    assert the_alert(alert_app).stage == "oncall_manager"
    sms = next(m for m in outbox(alert_app) if m.channel == "sms")
    ref = the_alert(alert_app).reference
    assert ref in sms.body_text and len(sms.body_text) <= 160


def _ack_by_service(app: App, alert: OnCallAlert) -> None:
    done = acknowledge_alert(app, alert.id or 0, actor="slack:UANN", now=app.clock())
    assert not done.already


def _ack_by_email(app: App, alert: OnCallAlert) -> None:
    mine = [m for m in outbox(app) if m.purpose == "oncall_alert" and m.channel == "email"]
    parent = mine[-1]
    reply = (
        f"From: {parent.to_addrs}\r\nTo: referrals@swcu.test\r\nSubject: Re: {parent.subject}\r\n"
        f"In-Reply-To: {parent.message_id}\r\nReferences: {parent.message_id}\r\n"
        "Message-ID: <ack-1@swcu.test>\r\nDate: Tue, 24 Nov 2026 21:20:00 +0000\r\n\r\n"
        "ACK, on it\r\n\r\n> " + parent.body_text.splitlines()[0] + "\r\n"
    ).encode()
    receipt = IntakeService(app).receive(reply, mail_from=parent.to_addrs,
                                         rcpt_to=("referrals@swcu.test",))
    assert receipt.disposition == "processed"


def _ack_by_cli(app: App, alert: OnCallAlert, capsys: pytest.CaptureFixture[str]) -> None:
    s = app.settings
    env = {"SWCU_DATABASE_URL": s.database_url, "SWCU_STORE_DIR": str(s.store_dir),
           "SWCU_CONFIG": str(SCHEDULE_SETTINGS)}
    assert main(["ack", str(alert.id)], env=env) == 0
    assert "acknowledged" in capsys.readouterr().out
    assert main(["ack", str(alert.id)], env=env) == 0  # again: harmless, says so
    assert "already acknowledged" in capsys.readouterr().out


@pytest.mark.parametrize(("after", "how"), [(0.5, "service"), (15.5, "email"), (30.5, "cli")])
def test_acknowledgement_at_each_step_stops_the_chain(
    alert_app: App, after: float, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    arrive(alert_app)
    runner = Runner(alert_app)
    for minutes in [m for m in (0.5, 15.5, 30.5) if m <= after]:
        step(alert_app, runner, minutes)
    sent_before = alerts_sent(alert_app)
    alert = the_alert(alert_app)
    if how == "service":
        _ack_by_service(alert_app, alert)
    elif how == "email":
        _ack_by_email(alert_app, alert)
    else:
        _ack_by_cli(alert_app, alert, capsys)
    assert the_alert(alert_app).acknowledged_at is not None
    for minutes in (15.5, 30.5, 60, 180):
        if minutes > after:
            step(alert_app, runner, minutes)
    assert alerts_sent(alert_app) == sent_before  # nothing after the acknowledgement


def test_an_unknown_alert_is_refused_in_words(alert_app: App) -> None:
    with pytest.raises(ServiceError, match="no alert 99"):
        acknowledge_alert(alert_app, 99, actor="cli", now=T0)
    with pytest.raises(ServiceError, match="by its number"):
        acknowledge_alert(alert_app, "tomorrow", actor="cli", now=T0)


def test_in_office_hours_nobody_is_alerted(alert_app: App) -> None:
    clock = alert_app.clock
    assert isinstance(clock, FakeClock)
    clock.now = datetime(2026, 11, 24, 11, 0, tzinfo=LONDON).astimezone(UTC)
    arrive(alert_app)
    Runner(alert_app).run_due(clock.now + timedelta(minutes=1))
    assert alerts_sent(alert_app) == []


def test_without_sms_the_alert_goes_by_email(tmp_path: Path, database_url: str) -> None:
    app = make_app(schedule_settings(tmp_path, database_url), FakeClock(T0))  # no Notify, Slack
    try:
        arrive(app)
        step(app, Runner(app), 1)
        assert alerts_sent(app) == [("email", "ann@swcu.test", "")]
    finally:
        app.close()
