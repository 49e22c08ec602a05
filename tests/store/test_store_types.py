"""The store's own rules: times are aware UTC on both backends, and references are
gap-free per year."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select
from sqlalchemy.exc import StatementError

from bot.clock import LONDON
from bot.store import migrate
from bot.store.db import Database
from bot.store.models import UTCDateTime
from bot.store.referrals import next_reference


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


def test_utc_datetime_refuses_naive_and_returns_aware_utc(db: Database) -> None:
    times = Table(
        "times",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("at", UTCDateTime()),
    )
    times.create(db.engine)
    summer = datetime(2026, 7, 1, 18, 30, 15, 123456, tzinfo=LONDON)  # BST, +01:00
    winter = datetime(2026, 11, 23, 10, 12, tzinfo=UTC)
    far = datetime(2026, 11, 23, 23, 0, tzinfo=UTC) + timedelta(hours=5)

    with db.engine.begin() as conn:
        with pytest.raises(StatementError, match="naive datetime"):
            conn.execute(insert(times).values(id=99, at=datetime(2026, 11, 23, 10, 12)))
    with db.engine.begin() as conn:
        conn.execute(
            insert(times),
            [{"id": 1, "at": summer}, {"id": 2, "at": winter}, {"id": 3, "at": far},
             {"id": 4, "at": None}],
        )  # fmt: skip
    with db.engine.connect() as conn:
        got = dict(conn.execute(select(times.c.id, times.c.at).order_by(times.c.id)).all())
    assert got[4] is None
    for key, sent in ((1, summer), (2, winter), (3, far)):
        value = got[key]
        assert value == sent, (value, sent)
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0), value
    assert got[1].hour == 17 and got[1].microsecond == 123456  # 18:30 BST is 17:30 UTC
    with db.engine.connect() as conn:
        [later] = conn.execute(select(times.c.id).where(times.c.at > winter)).scalars()
    assert later == 3


def test_next_reference_counts_per_year_and_restarts(db: Database) -> None:
    migrate.upgrade(db)
    with db.session() as s:
        assert [next_reference(s, 2026) for _ in range(3)] == [
            "SWCU-2026-0001",
            "SWCU-2026-0002",
            "SWCU-2026-0003",
        ]
    with db.session() as s:
        assert next_reference(s, 2027) == "SWCU-2027-0001"
        assert next_reference(s, 2026) == "SWCU-2026-0004"
    # A rolled-back transaction gives its number back: no gaps.
    with pytest.raises(RuntimeError), db.session() as s:
        assert next_reference(s, 2027) == "SWCU-2027-0002"
        raise RuntimeError("intake failed")
    with db.session() as s:
        assert next_reference(s, 2027) == "SWCU-2027-0002"
