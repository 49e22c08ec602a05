"""Lists of codes are stored as `;`-joined text: None means "not given", "" means none."""

from __future__ import annotations

from collections.abc import Iterable


def join_codes(values: Iterable[str] | None) -> str | None:
    if values is None:
        return None
    return ";".join(sorted({v for v in values if v}))


def split_codes(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [v for v in text.split(";") if v]


def split_set(text: str | None) -> frozenset[str]:
    return frozenset(split_codes(text) or ())
