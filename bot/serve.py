"""`swcu serve`: SMTP intake, the outbox and follow-up work in one asyncio loop."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from bot.app import App
from bot.cpu import keep_to_one_cpu
from bot.intake.smtp import IntakeHandler, start_smtp
from bot.load import IntakeLoad
from bot.notify.mail import transports_for
from bot.notify.outbox import OutboxWorker
from bot.services.follow_up import follow_up, make_missing_draft_lists, needs_follow_up
from bot.services.intake import IntakeService, Receipt
from bot.settings import HostPort
from bot.store.db import Database

log = logging.getLogger("swcu.serve")

CATCH_UP_SECONDS = 60.0
BOARD_SECONDS = 10.0


class FollowUp:
    """Work that follows a stored message but must not hold up its 250: the ranked list of a
    referral that has just become complete, re-matching after a vacancy change."""

    def __init__(
        self, app: App, executor: ThreadPoolExecutor, worker: OutboxWorker, load: IntakeLoad
    ) -> None:
        self.app = app
        self.load = load
        self.executor = executor
        self.worker = worker
        self.loop = asyncio.get_running_loop()
        self.pending: set[asyncio.Future[None]] = set()
        # Set when Slack is on: queue the board's and App Homes' updates (references, or
        # None for a full refresh).
        self.board: Callable[[list[str] | None], None] | None = None

    def __call__(self, receipt: Receipt) -> None:
        self.worker.wake()
        if needs_follow_up(receipt):
            self._submit(follow_up, self.app, receipt)
        if self.board is not None and receipt.reference:
            self._submit(self.board, [receipt.reference])
        elif self.board is not None and receipt.vacancy_home_code:
            self._submit(self.board, None)

    def catch_up(self, settle: timedelta) -> None:
        """Draft lists that were never made (a stop between storing a referral and its
        follow-up) for referrals complete for longer than `settle`: younger ones may still
        be waiting in the queue."""
        self._submit(self._catch_up, settle)

    def _catch_up(self, settle: timedelta) -> None:
        made = make_missing_draft_lists(
            self.app, self.app.clock() - settle, before_each=self.load.wait_for_lull
        )
        if made:
            log.info("made %d draft lists that a stop had left unmade", len(made))

    def _submit(self, fn: object, *args: object) -> None:
        fut = self.loop.run_in_executor(self.executor, self._run, fn, args)
        self.pending.add(fut)
        fut.add_done_callback(self.pending.discard)

    def _run(self, fn: object, args: tuple[object, ...]) -> None:
        self.load.wait_for_lull()
        try:
            fn(*args)  # type: ignore[operator]
        except Exception:
            log.exception("follow-up %s failed", getattr(fn, "__name__", fn))
        finally:
            self.worker.wake()


def intake_threads(db: Database) -> int:
    """Messages stored at once. SQLite takes one writer at a time and the GIL runs one
    thread at a time: a second intake thread only adds hand-overs. PostgreSQL answers
    over the network, so a second thread works while the first waits; more only wait on
    each other (the reference counter's row lock, the GIL) and stretch the tail
    (measured with 8 clients: 8 threads p95 ~120 ms, 2 threads ~55 ms)."""
    return 1 if db.is_sqlite else 2


async def _board_every(follow_up: FollowUp, stop: asyncio.Event) -> None:
    """The board catches every change, whoever made it (the CLI, another process) and each
    clock reaching 90 minutes or two hours, within BOARD_SECONDS."""
    while follow_up.board is not None and not stop.is_set():
        follow_up._submit(follow_up.board, None)
        try:
            await asyncio.wait_for(stop.wait(), BOARD_SECONDS)
        except TimeoutError:
            pass


async def _catch_up_every(follow_up: FollowUp, stop: asyncio.Event) -> None:
    follow_up.catch_up(settle=timedelta(0))  # nothing of ours is queued yet
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), CATCH_UP_SECONDS)
        except TimeoutError:
            follow_up.catch_up(settle=timedelta(seconds=CATCH_UP_SECONDS))


async def serve(app: App, smtp_listen: HostPort | None = None, *, ready: bool = True) -> None:
    settings = app.settings
    listen = smtp_listen or settings.smtp_listen
    cpu = keep_to_one_cpu() if settings.single_cpu else None
    app.warm_up()
    # Messages are read and stored in these threads: one more than may store at once, so
    # the next message is read while one is stored, and a slow one (a hostile attachment)
    # holds one thread while intake goes on in the other. More threads only took the GIL
    # from each other: on one CPU, 4 threads cost ~4% more CPU a message than 2 (measured).
    executor = ThreadPoolExecutor(
        max_workers=intake_threads(app.db) + 1, thread_name_prefix="swcu-intake"
    )
    # Follow-up work has its own single thread: it must never queue ahead of a sender
    # waiting for its 250, and under a burst it catches up a moment later.
    background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="swcu-follow-up")
    load = IntakeLoad()
    worker = OutboxWorker(
        app.db, settings, transports_for(settings, app.db), before_each=load.wait_for_lull
    )
    follow_up = FollowUp(app, background, worker, load)
    handler = IntakeHandler(
        IntakeService(app), settings, executor, follow_up, load, intake_threads(app.db)
    )
    server = await start_smtp(handler, settings, listen.host, listen.port)
    slack = None
    if settings.slack.enabled:
        from bot.slack.server import SlackRunner

        slack = SlackRunner(app, worker.wake)
        await slack.start()
        follow_up.board = slack.refresh
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    outbox_task = asyncio.create_task(worker.run(stop))
    scheduler = _start_scheduler(app, worker)
    catch_up_task = asyncio.create_task(_catch_up_every(follow_up, stop))
    board_task = asyncio.create_task(_board_every(follow_up, stop))
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    if ready:
        print(_banner(app, listen.host, port, cpu, slack.where if slack else None), flush=True)
    try:
        await stop.wait()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        server.close()
        await server.wait_closed()
        if slack is not None:
            await slack.stop()
        await board_task
        if follow_up.pending:
            await asyncio.wait(follow_up.pending, timeout=10)
        stop.set()
        await catch_up_task
        await outbox_task
        executor.shutdown(wait=True)
        background.shutdown(wait=True)
        print("swcu stopped", file=sys.stderr, flush=True)


def _start_scheduler(app: App, worker: OutboxWorker) -> Any:
    """The scheduler's runner on APScheduler in this loop (unless switched off)."""
    if not app.settings.schedule.enabled:
        return None
    from bot.schedule.runner import Runner, start_scheduler

    runner = Runner(app, wake=worker.wake)
    return start_scheduler(runner, _sms_poller(app, runner.worker_id))


def _sms_poller(app: App, worker_id: str) -> Any:
    """The poll for replies to alert texts, on Notify's API, when SMS is configured and
    `notify.inbound_poll_seconds` is not 0."""
    n = app.settings.notify
    if not n.inbound_enabled or n.api_key is None:
        return None
    from bot.notify.sms_inbound import InboxUnavailable, NotifyInbox
    from bot.schedule.sms_replies import SmsReplyPoller

    return SmsReplyPoller(app, NotifyInbox(n.api_key, n.base_url), worker_id=worker_id,
                          unavailable=(InboxUnavailable,))


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _banner(app: App, host: str, port: int, cpu: int | None, slack_where: str | None) -> str:
    s = app.settings
    mail = f"relay {s.smtp_relay}" if s.smtp_relay else f"the maildir {s.maildir}/new/"
    slack = (
        f"on, {slack_where}, board in {s.slack.channel}"
        if slack_where
        else "off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET)"
    )
    homes, reports = app.matching_data()
    vacancies = (
        f"{len(reports)} of {len(homes)} homes have reported "
        "(make run loads the demo's: swcu vacancy load config/demo-vacancies.csv)"
    )
    return "\n".join(
        [
            f"swcu ready: SMTP intake on {host}:{port} for {s.referrals_address} and "
            f"{s.vacancies_address}",
            f"  database:      {_safe_url(s.database_url)}",
            f"  outbound mail: {mail}",
            f"  draft lists:   {s.unit_inbox}",
            f"  Slack:         {slack}",
            f"  vacancies:     {vacancies}",
            f"  scheduler:     {'on' if s.schedule.enabled else 'off (SWCU_SCHEDULER=off)'}"
            + (f", SMS replies read every {s.notify.inbound_poll_seconds} s"
               if s.schedule.enabled and s.notify.inbound_enabled else ""),
            f"  CPU:           {f'kept to CPU {cpu} (single_cpu)' if cpu is not None else 'any'}",
            "  try it:        python3 -c \"import smtplib,sys; smtplib.SMTP('"
            f"{host}',{port}).sendmail('sw@hants-cs.test',['{s.referrals_address}'],"
            "open(sys.argv[1],'rb').read())\" ../shared/samples/01-plain-complete.eml",
            "  then:          .venv/bin/swcu referrals; ls the maildir above",
        ]
    )
