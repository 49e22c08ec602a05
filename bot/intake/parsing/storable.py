"""Text that any database takes. The parser's output is stored as it is, so it must never
hold what SQLite or PostgreSQL refuse: a lone surrogate (a UTF-7 encoded word or charset
can decode to one; the insert then fails, and so would every retry) or NUL."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, TypeVar

T = TypeVar("T")


def storable(text: str) -> str:
    """Lone surrogates written as escapes ("\\ud800"), NUL removed."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # only a lone surrogate fails
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\x00", "") if "\x00" in text else text


def scrub(value: T) -> T:
    """The same value with every string in it (dataclass fields, lists, dicts) storable.
    What needs no change is handed back as it is (the same object): nearly every message
    needs none, and rebuilding its whole parse would cost more than reading it."""
    return _scrub(value)  # type: ignore[no-any-return]


# What scrub never looks into, by exact type: most of a parse's fields are these.
_LEAVES: frozenset[type] = frozenset({type(None), bool, int, float, date, datetime})
# The init fields of each dataclass met, found once per class (dataclasses.fields and
# is_dataclass are the walk's main cost otherwise).
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _init_fields(kind: type) -> tuple[str, ...] | None:
    if kind not in _FIELDS:
        is_data = dataclasses.is_dataclass(kind)
        _FIELDS[kind] = (
            tuple(f.name for f in dataclasses.fields(kind) if f.init) if is_data else None
        )
    return _FIELDS[kind]


def _scrub(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return storable(value)
    if kind in _LEAVES:
        return value
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list | tuple):
        if not value:
            return value
        items = [_scrub(v) for v in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        if not value:
            return value
        pairs = [(_scrub(k), _scrub(v)) for k, v in value.items()]
        if all(k is ok and v is ov for (k, v), (ok, ov) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    names = _init_fields(kind)
    if names is None:
        return value
    changes = {}
    for name in names:
        old = getattr(value, name)
        new = _scrub(old)
        if new is not old:
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value
