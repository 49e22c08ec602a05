"""Time: stored in UTC, shown and scheduled in London. A clock is passed in so tests can
control it (across the DST changes too)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def london(dt: datetime) -> datetime:
    return dt.astimezone(LONDON)


def london_words(dt: datetime) -> str:
    """'Mon 23 Nov 2026, 18:00' in London time."""
    local = london(dt)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}"
