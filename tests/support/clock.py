"""A controlled clock: tests move time on by hand, across midnight and the DST changes."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# A Monday morning in winter (GMT), the day the samples were written.
START = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


class FakeClock:
    """Only moves when told to; safe to read from the outbox worker's thread."""

    def __init__(self, start: datetime = START) -> None:
        assert start.tzinfo is not None
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, delta: timedelta | float | None = None, **parts: float) -> datetime:
        """`advance(30)` seconds, `advance(timedelta(days=1))` or `advance(minutes=5)`."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta or 0)
        with self._lock:
            self.now += step + timedelta(**parts)
            return self.now
