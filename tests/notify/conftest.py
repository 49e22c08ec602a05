"""Fixtures for the notify tests: a real SQLite file per test, optionally PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.store.db import Database, make_engine
from bot.store.migrate import upgrade
from bot.store.models import OutboundMessage


class RecordingTransport:
    """Remembers every delivery (thread-safe); can be told to fail."""

    def __init__(self, *, delay: float = 0.0, fail: Exception | None = None) -> None:
        self.delivered: list[str] = []
        self.delay = delay
        self.fail = fail
        self._lock = threading.Lock()

    def deliver(self, message: OutboundMessage) -> None:
        if self.delay:
            time.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        with self._lock:
            self.delivered.append(message.message_id)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'swcu.db'}",
        store_dir=tmp_path / "store",
        mail_domain="swcu.test",
        unit_name="Secure Welfare Coordination Unit",
        outbox_max_attempts=5,
    )


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database on SWCU_TEST_DATABASE_URL's server, dropped afterwards."""
    base = os.environ.get("SWCU_TEST_DATABASE_URL")
    if not base:
        pytest.skip("SWCU_TEST_DATABASE_URL not set")
    name = f"swcu_notify_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_url(request: pytest.FixtureRequest, settings: Settings) -> Iterator[str]:
    """The SQLite file, and PostgreSQL too when SWCU_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        database = Database(settings.database_url)
        upgrade(database)
        database.dispose()
        yield settings.database_url
    else:
        url = request.getfixturevalue("pg_url")
        database = Database(url)
        upgrade(database)
        database.dispose()
        yield url


@pytest.fixture
def recorder() -> type[RecordingTransport]:
    """The RecordingTransport class (test modules cannot import conftest reliably)."""
    return RecordingTransport
