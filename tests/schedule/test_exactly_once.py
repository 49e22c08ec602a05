"""Exactly once: two schedulers (two runners, two engines) on one database over a
simulated month send each notice once; a runner killed between its claim and the send
loses nothing. On SQLite always, on PostgreSQL when SWCU_TEST_DATABASE_URL is set."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.clock import LONDON
from bot.schedule.jobs import Occurrence
from bot.schedule.runner import Runner, RunResult
from bot.services import schedule as schedule_service
from bot.services.schedule import preview
from bot.settings import Settings
from bot.store.models import Referral
from tests.schedule.conftest import claims, make_app, outbox
from tests.support.clock import FakeClock

START = datetime(2026, 11, 30, 0, 0, tzinfo=LONDON).astimezone(UTC)
DAYS = 31


def seed_referrals(app: App) -> None:
    """Out-of-hours arrivals (alerts, escalations) and lists that never came (guards)."""
    with app.db.session() as s:
        for i, day in enumerate((5, 12, 19, 26), start=1):
            at = datetime(2026, 12, day, 21, 15, tzinfo=LONDON).astimezone(UTC)
            s.add(Referral(reference=f"SWCU-2026-{i:04d}", status="complete", initials="AK",
                           received_at=at, completed_at=at, due_at=at + timedelta(hours=2)))


def claim_of(dedupe_key: str, keys: set[str]) -> str | None:
    """The claim an outbox row was queued under: its key, or the key and a channel."""
    if dedupe_key in keys:
        return dedupe_key
    head, _, _ = dedupe_key.rpartition(":")
    return head if head in keys else None


def month_moments(app: App) -> tuple[list[Occurrence], list[datetime]]:
    expected = preview(app.db, app.settings, START.astimezone(LONDON).date(), DAYS, START)
    moments = sorted({o.due for o in expected} | {o.due + timedelta(minutes=1) for o in expected})
    return expected, moments


def test_two_schedulers_on_one_database_send_each_notice_once(
    sched_settings: Settings,
) -> None:
    clock_a, clock_b = FakeClock(START), FakeClock(START)
    a = make_app(sched_settings, clock_a)
    b = make_app(sched_settings, clock_b, homes=False)  # a second engine on the same database
    try:
        seed_referrals(a)
        expected, moments = month_moments(a)
        runners = [Runner(a, worker_id="a"), Runner(b, worker_id="b")]
        sent: Counter[str] = Counter()
        by: Counter[str] = Counter()
        for moment in moments:
            clock_a.now = clock_b.now = moment
            barrier = threading.Barrier(2)
            results: dict[str, RunResult] = {}

            def run(runner: Runner, at: datetime, barrier: threading.Barrier,
                    results: dict[str, RunResult]) -> None:
                barrier.wait()  # both runners claim the same moment's occurrences at once
                results[runner.worker_id] = runner.run_due(at)

            threads = [
                threading.Thread(target=run, args=(r, moment, barrier, results)) for r in runners
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for worker, result in results.items():
                assert result.failed == []
                sent.update(o.key for o in result.sent)
                by[worker] += len(result.sent)
        # Escalations come from alerts raised during the month: not in the preview made
        # before them, so compare with what was claimed.
        claimed = {c.key for c in claims(a)}
        assert {o.key for o in expected} <= claimed
        assert set(sent) == claimed
        assert set(sent.values()) == {1}  # no occurrence was handled by both
        assert by["a"] > 0 and by["b"] > 0  # and both did work
        jobs = Counter(c.job for c in claims(a))
        assert jobs["oncall_alert"] == 4 and jobs["oncall_manager"] == 4
        assert jobs["guard_breach"] == 4
        assert all(claim_of(m.dedupe_key, claimed) for m in outbox(a))
    finally:
        a.close()
        b.close()


class Killed(BaseException):
    """The process dies: nothing after this runs, no except clause catches it."""


def test_a_runner_killed_between_claim_and_send_loses_nothing(
    sched_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clock = FakeClock(START)
    first = make_app(sched_settings, clock)
    seed_referrals(first)
    expected, moments = month_moments(first)
    settle = schedule_service.settle_claim
    calls = {"n": 0}
    killed_key: list[str] = []

    def dies_on_the_150th(session, claim_id, **kw):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 150:
            from bot.store.schedule_rows import ScheduleClaim

            killed_key.append(session.get(ScheduleClaim, claim_id).key)
            raise Killed()
        return settle(session, claim_id, **kw)

    monkeypatch.setattr(schedule_service, "settle_claim", dies_on_the_150th)
    runner = Runner(first, worker_id="doomed")
    index = 0
    with pytest.raises(Killed):
        for index, moment in enumerate(moments):  # noqa: B007
            clock.now = moment
            runner.run_due(moment)
    first.close()
    monkeypatch.setattr(schedule_service, "settle_claim", settle)
    assert killed_key
    # Its claim went with its messages: neither is in the database.
    second = make_app(sched_settings, clock, homes=False)
    try:
        assert killed_key[0] not in {c.key for c in claims(second)}
        assert not [m for m in outbox(second) if claim_of(m.dedupe_key, set(killed_key))]
        restarted = Runner(second, worker_id="restarted")
        for moment in moments[index:]:
            clock.now = moment
            restarted.run_due(moment)
        got = claims(second)
        assert {o.key for o in expected} <= {c.key for c in got}
        assert killed_key[0] in {c.key for c in got if c.status == "done"}
        assert [c.key for c in got if c.status != "done"] == []
        assert Counter(c.claimed_by for c in got).keys() == {"doomed", "restarted"}
        keys = {c.key for c in got}
        sent = {claim_of(m.dedupe_key, keys) for m in outbox(second)}
        assert sent == keys  # every claimed notice is in the outbox, and nothing else
    finally:
        second.close()
