"""Intake first: a sender waiting for its 250 matters more than an acknowledgement leaving a
moment later. Background work (follow-ups, the outbox) waits until intake has been quiet
for `quiet` seconds, but never longer than `max_wait` a step, so a long burst slows it
without stopping it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class IntakeLoad:
    def __init__(self, quiet: float = 0.01, max_wait: float = 0.1) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._in_flight = 0
        self._last_end = 0.0
        self._lock = threading.Lock()

    @contextmanager
    def receiving(self) -> Iterator[None]:
        with self._lock:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1
                self._last_end = time.monotonic()

    def _busy(self) -> bool:
        with self._lock:
            return self._in_flight > 0 or time.monotonic() - self._last_end < self.quiet

    def wait_for_lull(self) -> None:
        deadline = time.monotonic() + self.max_wait
        while self._busy() and time.monotonic() < deadline:
            time.sleep(self.quiet / 5)
