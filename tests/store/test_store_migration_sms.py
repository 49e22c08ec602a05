"""Migration 0030 (SMS replies), upgraded from 0020 with an alert in the database, on SQLite
and PostgreSQL: the alert stays; a text's Notify id is unique."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bot.store import migrate
from bot.store.db import Database
from bot.store.models import UTCDateTime
from bot.store.schedule_rows import AlertText, OnCallAlert, SmsReply
from tests.store.test_store_migrations import columns, db, upgrade_to, version  # noqa: F401

AT = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)


def test_upgrade_to_0030_keeps_alerts_and_adds_the_sms_tables(db: Database) -> None:  # noqa: F811
    upgrade_to(db, "0020")
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO oncall_alert (key, reference, event, raised_at, stage) "
                "VALUES ('SWCU-2026-0042:received', 'SWCU-2026-0042', 'received', :at, "
                "'oncall_alert')"
            ).bindparams(bindparam("at", type_=UTCDateTime())),
            {"at": AT},
        )
    upgrade_to(db, "0030")
    assert version(db) == "0030"
    assert {"alert_id", "phone", "texted_at"} <= columns(db, "oncall_alert_text")
    assert {"notify_id", "received_at", "outcome", "alerts"} <= columns(db, "sms_reply")
    migrate.upgrade(db)
    with db.session() as s:
        [alert] = s.exec(select(OnCallAlert)).all()
        assert (alert.reference, alert.raised_at) == ("SWCU-2026-0042", AT)
        s.add(AlertText(alert_id=alert.id or 0, phone="+447700900001", stage="oncall_alert",
                        texted_at=AT))
        s.add(SmsReply(notify_id="n-1", received_at=AT, processed_at=AT))
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(SmsReply(notify_id="n-1", received_at=AT, processed_at=AT))
