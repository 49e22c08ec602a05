"""The officers' board: one card per referral, queued only when it changes, updated in
place; the App Home of every user with a role; the clock's stages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import App
from bot.services.intake import IntakeService
from bot.services.outcomes import record_outcome
from bot.services.slack_board import (
    deadline_reached,
    refresh_board,
    refresh_homes,
    role_users,
    stage_of,
)
from bot.settings import load_settings
from bot.store.homes import import_homes
from bot.store.models import OutboundMessage
from tests.conftest import DEMO_HOMES, sample, sample_01_avoiding_nowhere
from tests.slack.conftest import SLACK_SETTINGS
from tests.support.clock import FakeClock

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_the_clock_stages() -> None:
    due = T0 + timedelta(hours=2)
    assert stage_of("incomplete", None, T0) == "waiting"
    assert stage_of("complete", due, T0) == "on_time"
    assert stage_of("complete", due, due - timedelta(minutes=31)) == "on_time"
    assert stage_of("complete", due, due - timedelta(minutes=30)) == "due_soon"
    assert stage_of("complete", due, due) == "breached"
    assert stage_of("list_sent", due, due + timedelta(hours=5)) == "sent"
    assert stage_of("placed", due, T0) == "closed"


@pytest.fixture
def slack_app(tmp_path: Path, database_url: str, clock: FakeClock) -> Iterator[App]:
    settings = load_settings(
        SLACK_SETTINGS,
        env={
            "SWCU_DATABASE_URL": database_url,
            "SWCU_STORE_DIR": str(tmp_path / "store"),
            "SLACK_BOT_TOKEN": "xoxb-x",
            "SLACK_SIGNING_SECRET": "s",
        },
    )
    app = App(settings, clock=clock)
    with app.db.session() as s:
        import_homes(s, DEMO_HOMES.read_text())
    yield app
    app.close()


def board_rows(app: App) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        return list(s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "board")))


def test_a_card_is_queued_once_and_again_only_when_it_changes(
    slack_app: App, clock: FakeClock
) -> None:
    ref = IntakeService(slack_app).receive(sample_01_avoiding_nowhere()).reference
    assert ref
    assert refresh_board(slack_app, now=clock()) == [ref]
    assert refresh_board(slack_app, now=clock()) == []
    [row] = board_rows(slack_app)
    payload = json.loads(row.body_html or "")
    assert payload["update_key"] == f"board:{ref}" and row.to_addrs == "C0BOARD"
    assert "clock running" in json.dumps(payload["blocks"])
    clock.advance(minutes=91)
    assert deadline_reached(slack_app, ref, now=clock()) == [ref]
    assert "due within 30 minutes" in (board_rows(slack_app)[-1].body_html or "")
    clock.advance(minutes=30)
    assert refresh_board(slack_app, now=clock()) == [ref]
    assert "breached" in (board_rows(slack_app)[-1].body_html or "")


def test_a_closed_referral_gets_its_last_card_then_no_more(
    slack_app: App, clock: FakeClock
) -> None:
    ref = IntakeService(slack_app).receive(sample_01_avoiding_nowhere()).reference
    assert ref
    refresh_board(slack_app, now=clock())
    clock.advance(60)
    record_outcome(slack_app, ref, "withdrawn", reason="x", actor="t", key="k1", now=clock())
    assert refresh_board(slack_app, now=clock()) == [ref]
    assert "closed" in (board_rows(slack_app)[-1].body_html or "")
    clock.advance(60)
    assert refresh_board(slack_app, now=clock()) == []


def test_an_incomplete_referral_shows_what_is_missing_and_only_edit(
    slack_app: App, clock: FakeClock
) -> None:
    ref = IntakeService(slack_app).receive(sample("03")).reference
    assert ref
    refresh_board(slack_app, now=clock())
    blocks = json.dumps(json.loads(board_rows(slack_app)[-1].body_html or "")["blocks"])
    assert "waiting for details" in blocks and "missing" in blocks
    assert "edit_referral" in blocks and "send_list" not in blocks


def test_app_homes_are_queued_for_every_role_once_per_change(
    slack_app: App, clock: FakeClock
) -> None:
    users = role_users(slack_app)
    assert users == ["UMANAGER", "UOFFICER", "UONCALL", "UVIEWER"]
    assert refresh_homes(slack_app, now=clock()) == users
    assert refresh_homes(slack_app, now=clock()) == []
    assert refresh_homes(slack_app, now=clock(), users=["UOFFICER"], force=True) == ["UOFFICER"]
    IntakeService(slack_app).receive(sample_01_avoiding_nowhere())
    assert refresh_homes(slack_app, now=clock()) == users
    with slack_app.db.read_session() as s:
        rows = list(s.exec(select(OutboundMessage).where(OutboundMessage.purpose == "app_home")))
    view = json.loads(rows[-1].body_html or "")["view"]
    assert view["type"] == "home" and "SWCU-" in json.dumps(view)
    assert "Not reported today" in json.dumps(view)


def test_nothing_is_queued_while_slack_is_off(app: App, clock: FakeClock) -> None:
    IntakeService(app).receive(sample_01_avoiding_nowhere())
    assert refresh_board(app, now=clock()) == []
    assert refresh_homes(app, now=clock()) == []
