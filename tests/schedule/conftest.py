"""The scheduler's fixtures: its settings file, an app on a controlled clock with the demo
homes, and a way to run the runner at chosen moments."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from bot.app import App
from bot.schedule.runner import Runner
from bot.settings import Settings, load_settings
from bot.store.homes import import_homes
from bot.store.models import OutboundMessage
from bot.store.schedule_rows import ScheduleClaim
from tests.conftest import DEMO_HOMES, FIXTURES
from tests.support.clock import FakeClock

SCHEDULE_SETTINGS = FIXTURES / "schedule" / "settings.toml"
# A Notify API key has the shape name-{service id}-{secret}; these are made up.
NOTIFY_KEY = (
    "test-11111111-2222-3333-4444-555555555555-66666666-7777-8888-9999-000000000000"
)


def schedule_settings(tmp_path: Path, database_url: str, **env: str) -> Settings:
    return load_settings(
        SCHEDULE_SETTINGS,
        env={"SWCU_DATABASE_URL": database_url, "SWCU_STORE_DIR": str(tmp_path / "store"),
             **env},
    )


def make_app(settings: Settings, clock: FakeClock, homes: bool = True) -> App:
    app = App(settings, clock=clock)
    if homes:
        with app.db.session() as s:
            import_homes(s, DEMO_HOMES.read_text())
    return app


@pytest.fixture
def sched_settings(tmp_path: Path, database_url: str) -> Settings:
    return schedule_settings(tmp_path, database_url)


@pytest.fixture
def sched_app(sched_settings: Settings, clock: FakeClock) -> Iterator[App]:
    app = make_app(sched_settings, clock)
    yield app
    app.close()


def run_at(runner: Runner, clock: FakeClock, moments: list[datetime]) -> None:
    for moment in sorted(moments):
        if moment > clock.now:
            clock.now = moment
        runner.run_due(clock.now)


def outbox(app: App) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def claims(app: App) -> list[ScheduleClaim]:
    with app.db.read_session() as s:
        return list(s.exec(select(ScheduleClaim).order_by(ScheduleClaim.due_at)))
