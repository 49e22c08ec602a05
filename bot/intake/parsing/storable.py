"""Text that any database takes. The parser's output is stored as it is, so it must never
hold what SQLite or PostgreSQL refuse: a lone surrogate (a UTF-7 encoded word or charset
can decode to one; the insert then fails, and so would every retry) or NUL."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def storable(text: str) -> str:
    """Lone surrogates written as escapes ("\\ud800"), NUL removed."""
    if not text.isascii():
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text.replace("\x00", "")


def scrub(value: T) -> T:
    """The same value with every string in it (dataclass fields, lists, dicts) storable."""
    return _scrub(value)  # type: ignore[no-any-return]


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_scrub(v) for v in value)
    if isinstance(value, dict):
        return {_scrub(k): _scrub(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _scrub(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    return value
