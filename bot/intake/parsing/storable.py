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


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list | tuple):
        items = [_scrub(v) for v in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        pairs = [(_scrub(k), _scrub(v)) for k, v in value.items()]
        if all(k is ok and v is ov for (k, v), (ok, ov) in zip(pairs, value.items(), strict=True)):
            return value
        return dict(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.init:
                old = getattr(value, f.name)
                new = _scrub(old)
                if new is not old:
                    changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
