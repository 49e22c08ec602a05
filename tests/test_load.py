"""Background work waits for a lull in intake, never longer than `max_wait` a step."""

from __future__ import annotations

import threading
import time

from bot.load import IntakeLoad


def _timed(load: IntakeLoad) -> float:
    started = time.monotonic()
    load.wait_for_lull()
    return time.monotonic() - started


def test_no_intake_means_no_wait() -> None:
    assert _timed(IntakeLoad(quiet=0.5, max_wait=5)) < 0.25


def test_a_message_being_received_holds_background_work_until_it_ends_and_a_quiet_spell() -> None:
    load = IntakeLoad(quiet=0.05, max_wait=10)
    entered, release = threading.Event(), threading.Event()

    def receive() -> None:
        with load.receiving():
            entered.set()
            release.wait(10)

    t = threading.Thread(target=receive)
    t.start()
    entered.wait(5)
    waited: list[float] = []
    waiter = threading.Thread(target=lambda: waited.append(_timed(load)))
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive()  # still held while the message is in flight
    ended = time.monotonic()
    release.set()
    waiter.join(5)
    t.join(5)
    assert not waiter.is_alive()
    # Woken by the end of the message, then the quiet spell: not the 10 s limit.
    assert time.monotonic() - ended < 2
    assert waited[0] >= 0.3 + 0.05


def test_a_long_burst_delays_background_work_by_max_wait_only() -> None:
    load = IntakeLoad(quiet=0.01, max_wait=0.2)
    with load.receiving():
        assert 0.2 <= _timed(load) < 2
