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
        # Waiters sleep until intake goes idle instead of polling: under a burst, polling
        # every few milliseconds woke two threads hundreds of times a second, each wake
        # taking the GIL from the messages being received.
        self._idle = threading.Condition(threading.Lock())

    @contextmanager
    def receiving(self) -> Iterator[None]:
        with self._idle:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._idle:
                self._in_flight -= 1
                self._last_end = time.monotonic()
                if self._in_flight == 0:
                    self._idle.notify_all()

    def wait_for_lull(self) -> None:
        deadline = time.monotonic() + self.max_wait
        with self._idle:
            while (now := time.monotonic()) < deadline:
                if self._in_flight > 0:
                    self._idle.wait(deadline - now)  # woken when the last one ends
                    continue
                quiet_left = self._last_end + self.quiet - now
                if quiet_left <= 0:
                    return
                self._idle.wait(min(quiet_left, deadline - now))
