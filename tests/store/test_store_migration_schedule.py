"""Migration 0010 (the scheduler's tables), upgraded from the revision before it with data
in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.script import ScriptDirectory
from sqlalchemy import bindparam, text
from sqlmodel import select

from bot.store import migrate
from bot.store.db import Database
from bot.store.models import Referral, UTCDateTime
from bot.store.schedule_rows import KpiBreach, ScheduleClaim
from tests.store.test_store_migrations import columns, db, upgrade_to, version  # noqa: F401


def test_upgrade_to_0010_keeps_referrals_and_outbox_and_adds_the_schedule_tables(
    db: Database,  # noqa: F811
) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(db))
    previous = script.get_revision("0010").down_revision
    assert isinstance(previous, str)
    upgrade_to(db, previous)
    received = datetime(2026, 11, 30, 9, 5, tzinfo=UTC)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO referral (reference, status, quarantined, initials, needed_now, "
                "missing, received_at, completed_at, updated_at, sources, origin, "
                "possible_duplicates) VALUES ('SWCU-2026-0107', 'complete', :no, 'JB', :no, "
                "'', :at, :at, :at, '{}', 'email', '')"
            ).bindparams(bindparam("at", type_=UTCDateTime())),
            {"no": False, "at": received},
        )
        conn.execute(
            text(
                "INSERT INTO outbound_message (dedupe_key, channel, created_at, to_addrs, "
                "recipient, subject, body_text, message_id, purpose, status, attempts, "
                "next_attempt_at) VALUES ('ack:SWCU-2026-0107', 'email', :at, 'sw@kent.test', "
                "'sw@kent.test', 'Ack', 'text', '<a@swcu.test>', 'ack', 'sent', 1, :at)"
            ).bindparams(bindparam("at", type_=UTCDateTime())),
            {"at": received},
        )
    migrate.upgrade(db)
    assert version(db) == script.get_current_head()
    assert {"key", "job", "due_at", "target", "status", "message_id"} <= columns(
        db, "schedule_claim"
    )
    assert {"referral_id", "completed_at"} <= columns(db, "kpi_breach")
    assert {"acknowledged_at", "stage"} <= columns(db, "oncall_alert")
    assert {"month", "marked_at"} <= columns(db, "report_submission")
    with db.session() as s:
        [row] = s.exec(select(Referral)).all()
        assert (row.reference, row.status, row.completed_at) == (
            "SWCU-2026-0107", "complete", received
        )
        # The new tables take rows at once.
        s.add(KpiBreach(referral_id=row.id or 0, reference=row.reference,
                        completed_at=received, detected_at=received))
        s.add(ScheduleClaim(key="k", job="guard_breach", due_at=received, target="x"))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbound_message")).scalar_one() == 1
