"""The runner: turns due occurrences into service calls, each exactly once.

Every run reads the state, asks the pure due-list what fell due up to now, and for each
occurrence not yet claimed opens ONE transaction that claims it (a unique row, INSERT …
ON CONFLICT DO NOTHING) and queues its messages in the outbox. The two commit together:
a runner killed before the commit leaves neither (the next run does it), after it both
(the outbox delivers). Two runners on one database: the second's claim finds the key
taken and sends nothing. An occurrence missed for longer than its job's grace period
(downtime) is claimed as `skipped` instead, so what was not sent is on record.

APScheduler drives it inside `swcu serve`: a cron trigger at each wall-clock time (London,
so 09:30 stays 09:30 across the clock changes) and an interval tick for the event jobs
(the two-hour guard, on-call alerts and their escalation)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bot.app import App
from bot.schedule.jobs import JOBS, Occurrence, State, due_between, silent_homes
from bot.schedule.sms_replies import SmsReplyPoller
from bot.services import alerts, notices
from bot.services import schedule as store

log = logging.getLogger("swcu.schedule")

# Jobs whose skipped occurrences still do their bookkeeping (a breach is recorded).
_RECORD_EVEN_IF_SKIPPED = ("guard_breach",)


@dataclass
class RunResult:
    sent: list[Occurrence] = field(default_factory=list)
    skipped: list[Occurrence] = field(default_factory=list)
    taken: list[Occurrence] = field(default_factory=list)  # claimed by another runner
    failed: list[Occurrence] = field(default_factory=list)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Runner:
    def __init__(self, app: App, *, worker_id: str | None = None,
                 wake: Callable[[], None] = lambda: None,
                 before_claim: Callable[[Occurrence], None] = lambda occ: None) -> None:
        self.app = app
        self.plan = store.plan_for(app.settings)
        self.worker_id = worker_id or default_worker_id()
        self.wake = wake  # tell the outbox worker there is mail
        self.before_claim = before_claim  # tests: stop a runner between due-list and claim
        grace = app.settings.schedule.grace_minutes
        self.grace = {job: timedelta(minutes=grace.get(job, 60)) for job in JOBS}
        self.lookback = max(self.grace.values())

    def run_due(self, now: datetime | None = None) -> RunResult:
        """Send what is due at `now` (default: the app's clock) and not yet claimed."""
        now = now or self.app.clock()
        with self.app.db.read_session() as s:
            state = store.read_state(s, store.state_since(now))
            last = store.last_claimed_due(s)
        # Skips are recorded only since the last occurrence claimed (the last time a runner
        # was up); a fresh database has missed nothing.
        since = last if last is not None else now
        due = due_between(self.plan, state, now - self.lookback, now + timedelta(microseconds=1))
        with self.app.db.read_session() as s:
            done = store.claimed(s, (o.key for o in due))
        result = RunResult()
        for occ in due:
            if occ.key in done:
                continue
            late = occ.due < now - self.grace[occ.job]
            if late and occ.due <= since:
                continue  # before the runner's last known run: not ours to judge
            try:
                self.before_claim(occ)
                ok = self._skip(occ, now) if late else self._execute(occ, state, now)
            except Exception:
                log.exception("schedule: %s failed; it will be tried again", occ.key)
                result.failed.append(occ)
                continue
            (result.skipped if late and ok else result.sent if ok else result.taken).append(occ)
        if result.sent:
            self.wake()
        if result.skipped:
            log.warning("schedule: %d occurrences were past their grace period and skipped",
                        len(result.skipped))
        return result

    def _skip(self, occ: Occurrence, now: datetime) -> bool:
        with self.app.db.session() as s:
            claim_id = store.claim(s, occ, worker=self.worker_id, now=now, status="skipped",
                                   detail="past its grace period")
            if claim_id is None:
                return False
            if occ.job in _RECORD_EVEN_IF_SKIPPED:
                notices.guard_breach(self.app, s, reference=occ.target, key=occ.key, now=now,
                                     notify=False)
        return True

    def _execute(self, occ: Occurrence, state: State, now: datetime) -> bool:
        files: list[Path] = []
        if occ.job == "monthly_report":
            with self.app.db.read_session() as s:
                if store.claimed(s, [occ.key]):
                    return False
            files = self._produce_report(occ.target, now)
        with self.app.db.session() as s:
            claim_id = store.claim(s, occ, worker=self.worker_id, now=now)
            if claim_id is None:
                return False
            message_id = self._handle(s, occ, state, now, files)
            store.settle_claim(s, claim_id, status="done", message_id=message_id)
        log.info("schedule: sent %s", occ.key)
        return True

    def _produce_report(self, month: str, now: datetime) -> list[Path]:
        from bot.services.report import produce_report

        out = self.app.settings.store_dir / self.app.settings.schedule.report_dir / month
        result = produce_report(self.app.db, month, out, now, gazetteer=self.app.gazetteer)
        return list(result.files)

    def _handle(self, s: Session, occ: Occurrence, state: State, now: datetime,
                files: list[Path]) -> str | None:
        app, plan, job, key = self.app, self.plan, occ.job, occ.key
        if job in ("vacancy_reminder", "vacancy_chase"):
            return notices.vacancy_reminder(app, s, home_code=occ.target, due=occ.due, key=key,
                                            now=now, chase=job == "vacancy_chase")
        if job == "vacancy_noon_list":
            day = plan.calendar.local_day(occ.due)
            return notices.vacancy_noon_list(app, s, silent=silent_homes(plan, state, day),
                                             due=occ.due, key=key, now=now)
        if job == "friday_notice":
            return notices.friday_notice(app, s, plan, target=occ.target, due=occ.due, key=key,
                                         now=now)
        if job == "friday_handover":
            return notices.friday_handover(app, s, due=occ.due, key=key, now=now)
        if job == "monthly_report":
            return notices.report_ready(app, s, plan, month=occ.target, files=files, key=key,
                                        now=now)
        if job == "monthly_report_reminder":
            return notices.report_reminder(app, s, plan, month=occ.target, key=key, now=now)
        if job == "guard_warning":
            return notices.guard_warning(app, s, reference=occ.target, key=key, now=now)
        if job == "guard_breach":
            return notices.guard_breach(app, s, reference=occ.target, key=key, now=now)
        if job == "oncall_alert":
            return alerts.raise_alert(app, s, target=occ.target, due=occ.due, key=key, now=now)
        if job in ("oncall_backup", "oncall_manager"):
            return alerts.escalate(app, s, alert_id=int(occ.target), stage=job, due=occ.due,
                                   key=key, now=now)
        raise ValueError(f"no handler for job {job}")


# -- APScheduler, inside swcu serve's event loop ---------------------------------------------

_CRON = {  # job → (days of week) for the wall-clock triggers
    "vacancy_reminder": "mon-fri",
    "vacancy_chase": "mon-fri",
    "vacancy_noon_list": "mon-fri",
    "friday_notice": "mon-fri",  # Thursday too: the closure notice before a closed Friday
    "monthly_report": "mon-fri",
}


def start_scheduler(runner: Runner, sms_poller: SmsReplyPoller | None = None) -> Any:
    """An AsyncIOScheduler on the running loop: a run at start (catch-up after downtime),
    every tick, and at each configured wall-clock time; with `sms_poller`, a read of the
    replies to alert texts every `notify.inbound_poll_seconds`. Runs go to a thread: the
    loop keeps serving SMTP while the database is written."""
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    from bot.clock import LONDON

    lock = asyncio.Lock()

    async def run() -> None:
        if lock.locked():
            return  # a run is in progress; it will see the same occurrences
        async with lock:
            try:
                await asyncio.to_thread(runner.run_due)
            except Exception:
                log.exception("schedule: run failed")

    scheduler = AsyncIOScheduler(event_loop=asyncio.get_running_loop(), timezone=LONDON)
    options: dict[str, Any] = dict(coalesce=True, max_instances=1, misfire_grace_time=300)
    s = runner.app.settings.schedule
    scheduler.add_job(run, IntervalTrigger(seconds=s.tick_seconds), id="tick", **options)
    times = {getattr(s, job) for job in _CRON}
    for at in sorted(times):
        scheduler.add_job(
            run, CronTrigger(day_of_week="mon-fri", hour=at.hour, minute=at.minute,
                             timezone=LONDON),
            id=f"at-{at:%H%M}", **options,
        )
    scheduler.add_job(run, id="catch-up", **options)  # once, now
    if sms_poller is not None:
        # Its own job and lock: Notify slow or down holds up neither the tick nor the
        # wall-clock jobs, and an exception here never reaches them.
        poll_lock = asyncio.Lock()

        async def poll() -> None:
            if poll_lock.locked():
                return
            async with poll_lock:
                try:
                    await asyncio.to_thread(sms_poller.poll)
                except Exception:
                    log.exception("sms replies: poll failed")

        seconds = runner.app.settings.notify.inbound_poll_seconds
        scheduler.add_job(poll, IntervalTrigger(seconds=seconds), id="sms-replies", **options)
        scheduler.add_job(poll, id="sms-replies-now", **options)
    scheduler.start()
    return scheduler
