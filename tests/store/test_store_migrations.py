"""Alembic: a database made by an older release is brought to the newest schema with its
rows intact, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, inspect, text
from sqlmodel import SQLModel, select

from bot.store import migrate
from bot.store.db import Database
from bot.store.models import Referral, UTCDateTime


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def upgrade_to(db: Database, revision: str) -> None:
    cfg = migrate.alembic_config(db)
    with db.engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def columns(db: Database, table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def version(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def test_upgrade_from_0001_keeps_referrals_and_adds_eligible_homes(db: Database) -> None:
    upgrade_to(db, "0001")
    assert version(db) == "0001"
    assert "eligible_homes" not in columns(db, "referral")
    received = datetime(2026, 11, 23, 10, 12, tzinfo=UTC)
    insert = text(
        "INSERT INTO referral (reference, status, quarantined, placing_authority, initials, "
        "needed_now, missing, message_id, received_at, completed_at, due_at, updated_at) "
        "VALUES ('SWCU-2026-0042', 'complete', :no, 'Hampshire', 'AK', :no, '', "
        "'<old@hants-cs.test>', :received, :received, :due, :received)"
    ).bindparams(
        bindparam("received", type_=UTCDateTime()),
        bindparam("due", type_=UTCDateTime()),
    )
    with db.engine.begin() as conn:
        conn.execute(
            insert,
            {"no": False, "received": received, "due": received.replace(hour=12)},
        )

    migrate.upgrade(db)
    head = ScriptDirectory.from_config(migrate.alembic_config(db)).get_current_head()
    assert head is not None and head != "0001"
    assert version(db) == head
    assert "eligible_homes" in columns(db, "referral")
    migrate.upgrade(db)  # at every start: a second run changes nothing
    assert version(db) == head

    with db.session() as s:
        [row] = s.exec(select(Referral)).all()
    assert (row.reference, row.status, row.initials) == ("SWCU-2026-0042", "complete", "AK")
    assert row.received_at == received and row.received_at.tzinfo is not None
    assert row.due_at == received.replace(hour=12)
    assert row.eligible_homes is None


def test_migrations_match_the_models(db: Database) -> None:
    migrate.upgrade(db)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_upgrade_from_0005_keeps_referrals_and_adds_sources_and_operations(db: Database) -> None:
    upgrade_to(db, "0005")
    assert "sources" not in columns(db, "referral")
    received = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    insert = text(
        "INSERT INTO referral (reference, status, quarantined, placing_authority, initials, "
        "needed_now, missing, message_id, received_at, updated_at, eligible_homes) "
        "VALUES ('SWCU-2026-0107', 'incomplete', :no, 'Kent', 'JB', :no, 'risks', "
        "'<old@kent.test>', :received, :received, 'KH;OL')"
    ).bindparams(bindparam("received", type_=UTCDateTime()))
    with db.engine.begin() as conn:
        conn.execute(insert, {"no": False, "received": received})

    upgrade_to(db, "0006")
    assert {"sources", "origin", "created_by", "assigned_to", "possible_duplicates"} <= columns(
        db, "referral"
    )
    assert {"key", "kind", "actor", "result_json"} <= columns(db, "operation")
    with db.session() as s:
        [row] = s.exec(select(Referral)).all()
    assert (row.reference, row.status, row.missing, row.eligible_homes) == (
        "SWCU-2026-0107",
        "incomplete",
        "risks",
        "KH;OL",
    )
    # An old referral came by email; where its fields came from was not recorded.
    assert (row.sources, row.origin, row.created_by, row.assigned_to) == ("{}", "email", None, None)
    assert row.possible_duplicates == ""
