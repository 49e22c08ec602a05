"""New rows written as single statements, past the ORM's unit of work.

Intake writes a handful of new rows for every message (the email, a referral, an audit
event, an answer in the outbox). Flushing each through the unit of work cost more than
reading the email did; a plain INSERT does the same job. The model classes still describe
the rows, so defaults, types and the UTC rule apply exactly as through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from pydantic_core import PydanticUndefined
from sqlalchemy import Insert, Table, insert, update
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlmodel import Session, SQLModel

M = TypeVar("M", bound=SQLModel)


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


@cache
def _insert(table: Table) -> Insert:
    # Values go as parameters, not into the statement: building a statement with its
    # values costs more than executing it, and this one is compiled once.
    return insert(table)


@cache
def _defaults(model: type[SQLModel]) -> tuple[dict[str, Any], dict[str, Callable[[], Any]]]:
    configure_mappers()  # the instrumented attributes exist only once mappers are set up
    fixed: dict[str, Any] = {}
    made: dict[str, Callable[[], Any]] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            if info.default_factory_takes_validated_data:
                raise TypeError(f"{model.__name__}.{name}: a factory that needs the data")
            made[name] = info.default_factory  # type: ignore[assignment]
        elif info.default is not PydanticUndefined:
            fixed[name] = info.default
    return fixed, made


def new_row(model: type[M], **values: Any) -> M:
    """The same row as `model(**values)` (a table model does not validate either), built
    without the ORM's event for every attribute: a referral's constructor alone cost more
    than storing it. For rows written with `insert_row`; a later change to the row is an
    ordinary instrumented one."""
    fixed, made = _defaults(model)
    row: M = manager_of_class(model).new_instance()
    state = {**fixed, **{k: f() for k, f in made.items() if k not in values}, **values}
    row.__dict__.update(state)
    object.__setattr__(row, "__pydantic_fields_set__", set(values))
    object.__setattr__(row, "__pydantic_extra__", None)
    object.__setattr__(row, "__pydantic_private__", None)
    return row


def row_values(row: SQLModel) -> dict[str, Any]:
    """The row's column values for an INSERT, its id left to the database."""
    return {c.key: getattr(row, c.key) for c in _table(type(row)).columns if not c.primary_key}


def insert_row(session: Session, row: M) -> M:
    """INSERT the row's values now, in the session's transaction; sets and returns its id.
    The row is not attached to the session: later changes need `update_row`."""
    table = _table(type(row))
    key = session.connection().execute(_insert(table), row_values(row)).inserted_primary_key
    assert key is not None
    row.id = key[0]  # type: ignore[attr-defined]
    return row


def update_row(session: Session, model: type[SQLModel], row_id: int, **values: Any) -> None:
    table = _table(model)
    session.connection().execute(update(table).where(table.c.id == row_id).values(values))
