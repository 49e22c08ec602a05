"""`new_row` builds the row its model's constructor would, without the ORM's events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import SQLModel, select

import bot.store.models  # noqa: F401  (every table on the metadata)
from bot.store import migrate
from bot.store.db import Database
from bot.store.models import AuditEvent, InboundEmail, OutboundMessage, Referral
from bot.store.rows import insert_row, new_row, row_values

AT = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


def _table_models() -> list[type[SQLModel]]:
    found: list[type[SQLModel]] = []
    todo = list(SQLModel.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if getattr(cls, "__table__", None) is not None:
            found.append(cls)
    return found


def _comparable(row: SQLModel) -> dict[str, object]:
    # A default made by a clock differs by the microseconds between the two calls.
    return {k: v for k, v in row_values(row).items() if not isinstance(v, datetime)}


@pytest.mark.parametrize("model", _table_models(), ids=lambda m: m.__name__)
def test_every_table_model_gets_the_defaults_its_constructor_gives(
    model: type[SQLModel],
) -> None:
    assert _comparable(new_row(model)) == _comparable(model())


def test_given_values_win_and_the_row_behaves_as_a_model() -> None:
    row = new_row(Referral, reference="SWCU-2026-0001", received_at=AT, initials="AB")
    assert (row.reference, row.initials, row.status, row.id) == (
        "SWCU-2026-0001",
        "AB",
        "incomplete",
        None,
    )
    row.status = "complete"  # an ordinary instrumented change afterwards
    assert row.model_dump()["status"] == "complete"


def test_rows_built_so_are_stored_as_the_constructor_would_store_them(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'rows.db'}")
    migrate.upgrade(db)
    values = dict(received_at=AT, updated_at=AT, date_of_birth=date(2011, 5, 9), risks="cse")
    with db.session() as s:
        fast = insert_row(s, new_row(Referral, reference="SWCU-2026-0001", **values))
        slow = insert_row(s, Referral(reference="SWCU-2026-0002", **values))
        insert_row(s, new_row(AuditEvent, at=AT, action="x", referral_id=fast.id))
        insert_row(s, new_row(InboundEmail, message_id="<a@b>", received_at=AT, raw=b"x"))
        insert_row(s, new_row(OutboundMessage, dedupe_key="k", message_id="<m@x>", created_at=AT))
    with db.read_session() as s:
        a, b = (s.get(Referral, r.id) for r in (fast, slow))
        assert a is not None and b is not None
        assert {**a.model_dump(), "id": 0, "reference": ""} == {
            **b.model_dump(),
            "id": 0,
            "reference": "",
        }
        assert s.exec(select(AuditEvent)).one().referral_id == fast.id
