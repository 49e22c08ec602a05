from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.notify.enqueue import enqueue_email, enqueue_slack
from bot.notify.mail import MaildirTransport
from bot.notify.outbox import (
    OutboxWorker,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    backoff,
)
from bot.notify.slack_post import UnsafeChannelContent
from bot.settings import ROOT, Settings
from bot.store.db import Database
from bot.store.models import AuditEvent, OutboundMessage
from tests.support.clock import START


def queue(db: Database, settings: Settings, n: int = 1, prefix: str = "ev") -> None:
    """Rows queued at the controlled clock's start: due at once for every worker here."""
    with db.session() as s:
        for i in range(n):
            enqueue_email(
                s, settings, to=["sw@hampshire.gov.uk"], subject=f"Referral received: R{i}",
                text="Thank you.", purpose="ack", dedupe_key=f"{prefix}:{i}", now=START,
            )


def rows(db: Database) -> list[OutboundMessage]:
    with db.session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)).all())


def audit(db: Database) -> list[AuditEvent]:
    with db.session() as s:
        return list(s.exec(select(AuditEvent)).all())


def maildir_files(path: Path) -> list[str]:
    return sorted(os.listdir(path / "new")) + sorted(os.listdir(path / "cur"))


# -- enqueue -------------------------------------------------------------------------


def test_enqueue_email_fills_in_the_row(db: Database, settings: Settings) -> None:
    with db.session() as s:
        row = enqueue_email(
            s, settings, to=["a@x.gov.uk", "b@x.gov.uk"], subject="Hello\nthere",
            text="body", html="<p>body</p>", purpose="ack", dedupe_key="ack:1", now=START,
            in_reply_to="<orig@la.gov.uk>", references=["<first@la.gov.uk>"],
        )
    assert re.fullmatch(r"<swcu\.ack\.[0-9a-f]{32}@swcu\.test>", row.message_id)
    assert row.to_addrs == "a@x.gov.uk, b@x.gov.uk"
    assert row.subject == "Hello there"
    assert row.references == "<first@la.gov.uk> <orig@la.gov.uk>"
    assert row.status == "pending" and row.attempts == 0 and row.channel == "email"


def test_enqueue_is_idempotent_by_dedupe_key(db: Database, settings: Settings) -> None:
    with db.session() as s:
        first = enqueue_email(s, settings, to=["a@x.gov.uk"], subject="s", text="t",
                              purpose="ack", dedupe_key="ack:SWCU-2026-0001", now=START)
        again = enqueue_email(s, settings, to=["a@x.gov.uk"], subject="s", text="t",
                              purpose="ack", dedupe_key="ack:SWCU-2026-0001", now=START)
        assert (again.id, again.message_id) == (first.id, first.message_id)
    with db.session() as s:  # and across transactions
        later = enqueue_email(s, settings, to=["other@x.gov.uk"], subject="other", text="t",
                              purpose="ack", dedupe_key="ack:SWCU-2026-0001", now=START)
    assert later.id == first.id and later.message_id == first.message_id
    assert len(rows(db)) == 1


def test_concurrent_enqueues_of_one_event_make_one_row(
    any_db_url: str, settings: Settings
) -> None:
    db = Database(any_db_url)
    first_added = threading.Event()
    results: dict[str, OutboundMessage] = {}

    def first() -> None:
        with db.session() as s:
            results["first"] = enqueue_email(s, settings, to=["a@x.gov.uk"], subject="s", text="t",
                                             purpose="ack", dedupe_key="ack:race", now=START)
            s.flush()
            first_added.set()
            time.sleep(0.3)  # the second transaction arrives while this one is open

    def second() -> None:
        first_added.wait(5)
        with db.session() as s:
            results["second"] = enqueue_email(s, settings, to=["a@x.gov.uk"], subject="s", text="t",
                                              purpose="ack", dedupe_key="ack:race", now=START)
            s.add(AuditEvent(action="still_usable", at=START))  # the caller's transaction survives

    try:
        threads = [threading.Thread(target=f) for f in (first, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert results["first"].id == results["second"].id
        assert len(rows(db)) == 1
        assert [e.action for e in audit(db)] == ["still_usable"]
    finally:
        db.dispose()


def test_enqueue_rolls_back_with_the_callers_change(db: Database, settings: Settings) -> None:
    with pytest.raises(RuntimeError), db.session() as s:
        enqueue_email(s, settings, to=["a@x.gov.uk"], subject="s", text="t",
                      purpose="ack", dedupe_key="ack:1", now=START)
        raise RuntimeError("the referral could not be stored")
    assert rows(db) == []


def test_enqueue_rejects_a_bare_string_split_into_letters(db: Database, settings: Settings) -> None:
    with db.session() as s:
        row = enqueue_email(s, settings, to="a@x.gov.uk", subject="s", text="t",  # type: ignore[arg-type]
                            purpose="ack", dedupe_key="k", now=START)
    assert row.to_addrs == "a@x.gov.uk"


def test_enqueue_slack_stores_blocks_and_refuses_child_details(db: Database) -> None:
    with db.session() as s:
        row = enqueue_slack(s, channel="#swcu", text="Draft list SWCU-2026-0042 (AK)",
                            blocks=[{"type": "section"}], purpose="draft_list",
                            dedupe_key="slack:draft:1", now=START)
        assert row.channel == "slack" and json.loads(row.body_html or "") == [{"type": "section"}]
        with pytest.raises(UnsafeChannelContent):
            enqueue_slack(s, channel="#swcu", text="AK born 14/02/2012", purpose="x",
                          dedupe_key="bad:1", now=START)
        with pytest.raises(UnsafeChannelContent):
            enqueue_slack(s, channel="#swcu", text="ok", blocks=[{"text": "sw@la.gov.uk"}],
                          purpose="x", dedupe_key="bad:2", now=START)
    assert [r.dedupe_key for r in rows(db)] == ["slack:draft:1"]


# -- delivery ------------------------------------------------------------------------


def test_pending_message_survives_a_restart(settings: Settings, db: Database) -> None:
    queue(db, settings, 1)
    db.dispose()  # "the process stops" before anything is delivered

    reopened = Database(settings.database_url)
    try:
        maildir = MaildirTransport(settings.maildir, settings=settings)
        worker = OutboxWorker(reopened, settings, {"email": maildir})
        assert worker.deliver_due() == 1
        assert worker.deliver_due() == 0
        [row] = rows(reopened)
        assert row.status == "sent" and row.sent_at is not None and row.attempts == 1
        assert len(maildir_files(settings.maildir)) == 1
    finally:
        reopened.dispose()


class RecordingMaildir(MaildirTransport):
    """Maildir plus a shared log of every hand-over, to count duplicates the maildir hides."""

    def __init__(self, path: Path, settings: Settings, seen: list[str], lock: threading.Lock):
        super().__init__(path, settings=settings)
        self.seen, self.lock = seen, lock

    def deliver(self, message: OutboundMessage) -> None:
        with self.lock:
            self.seen.append(message.message_id)
        time.sleep(0.002)  # widen the window in which a second claim would collide
        super().deliver(message)


def test_two_threads_deliver_each_message_exactly_once(settings: Settings, db: Database) -> None:
    queue(db, settings, 50)
    seen: list[str] = []
    lock = threading.Lock()
    transport = RecordingMaildir(settings.maildir, settings, seen, lock)
    counts: dict[str, int] = {}

    def work(name: str) -> None:
        own = Database(settings.database_url)  # as a separate service would have
        worker = OutboxWorker(own, settings, {"email": transport}, worker_id=name)
        total = 0
        while n := worker.deliver_due(limit=7):
            total += n
        counts[name] = total
        own.dispose()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(seen) == sorted({r.message_id for r in rows(db)})
    assert len(seen) == 50 and sum(counts.values()) == 50
    assert len(maildir_files(settings.maildir)) == 50
    assert {r.status for r in rows(db)} == {"sent"}


WORKER_SCRIPT = r"""
import os, sys, time
from pathlib import Path
from bot.notify.mail import MaildirTransport
from bot.notify.outbox import OutboxWorker
from bot.settings import Settings
from bot.store.db import Database

url, store, log_path, start_at = sys.argv[1], Path(sys.argv[2]), sys.argv[3], float(sys.argv[4])
settings = Settings(database_url=url, store_dir=store, mail_domain="swcu.test")

class Logged(MaildirTransport):
    def deliver(self, message):
        # O_APPEND: each line lands whole even with two processes writing.
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.write(fd, f"{os.getpid()} {message.message_id}\n".encode())
        os.close(fd)
        time.sleep(0.003)
        super().deliver(message)

db = Database(url)
worker = OutboxWorker(db, settings, {"email": Logged(settings.maildir, settings=settings)})
time.sleep(max(0.0, start_at - time.time()))  # start together
while worker.deliver_due(limit=5):
    pass
db.dispose()
"""


def test_two_processes_deliver_each_message_exactly_once(
    any_db_url: str, settings: Settings, tmp_path: Path
) -> None:
    db = Database(any_db_url)
    try:
        queue(db, settings, 50)
        log_path = tmp_path / "deliveries.log"
        start_at = str(time.time() + 1.5)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER_SCRIPT, any_db_url, str(settings.store_dir),
                 str(log_path), start_at],
                env=env, stderr=subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err.decode()
        lines = log_path.read_text().split("\n")[:-1]
        ids = [line.split()[1] for line in lines]
        assert len(ids) == 50 and len(set(ids)) == 50
        assert set(ids) == {r.message_id for r in rows(db)}
        assert len(maildir_files(settings.maildir)) == 50
        assert {r.status for r in rows(db)} == {"sent"}
    finally:
        db.dispose()


def test_a_crashed_workers_claim_is_taken_over_after_the_lease(
    settings: Settings, db: Database, clock, recorder
) -> None:
    queue(db, settings, 1)
    crashed = OutboxWorker(db, settings, {"email": recorder()}, worker_id="crashed",
                           clock=clock, lease=timedelta(minutes=5))
    [row] = rows(db)
    assert [r.id for r in crashed._claim_batch(1)] == [row.id]  # claimed, then it died

    transport = recorder()
    survivor = OutboxWorker(db, settings, {"email": transport}, worker_id="survivor",
                            clock=clock, lease=timedelta(minutes=5))
    assert survivor.deliver_due() == 0  # the claim is still live
    clock.advance(timedelta(minutes=5, seconds=1))
    assert survivor.deliver_due() == 1
    assert transport.delivered == [row.message_id]
    [after] = rows(db)
    assert after.status == "sent" and after.claimed_by is None


def _ended_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_rows_of_a_stopped_worker_on_this_host_are_released_at_once(
    settings: Settings, db: Database, clock, recorder
) -> None:
    queue(db, settings, 3)
    host = socket.gethostname()
    claimers = {
        "dead": f"{host}:{_ended_pid()}:abcd1234",  # killed mid-batch
        "alive": f"{host}:{os.getppid()}:abcd1234",  # still running
        "elsewhere": f"another-host:{_ended_pid()}:abcd1234",  # cannot be checked from here
    }
    for worker_id in claimers.values():
        OutboxWorker(db, settings, {"email": recorder()}, worker_id=worker_id,
                     clock=clock)._claim_batch(1)
    starting = OutboxWorker(db, settings, {"email": recorder()}, clock=clock)
    assert starting.release_abandoned() == 1
    status = {r.claimed_by: r.status for r in rows(db)}
    assert status == {None: "pending", claimers["alive"]: "sending",
                      claimers["elsewhere"]: "sending"}
    assert starting.deliver_due() == 1  # the released row, without waiting out a lease


def test_temporary_failures_back_off_then_fail_with_an_audit_event(
    settings: Settings, db: Database, clock, recorder
) -> None:
    queue(db, settings, 1)
    transport = recorder(fail=TemporaryDeliveryError("451 try later"))
    worker = OutboxWorker(db, settings, {"email": transport}, clock=clock)
    start = clock()
    waits = []
    for attempt in range(1, settings.outbox_max_attempts):
        assert worker.deliver_due() == 1
        [row] = rows(db)
        assert row.status == "pending" and row.attempts == attempt
        assert "451" in (row.last_error or "")
        waits.append(row.next_attempt_at - clock())
        assert worker.deliver_due() == 0  # not due yet
        clock.advance(row.next_attempt_at - clock())
    assert waits == [timedelta(seconds=30 * 2**i) for i in range(len(waits))]
    assert worker.deliver_due() == 1
    [row] = rows(db)
    assert row.status == "failed" and row.attempts == settings.outbox_max_attempts
    [event] = audit(db)
    assert event.action == "outbox_failed" and json.loads(event.detail)["outbox_id"] == row.id
    assert clock() > start


def test_a_permanent_failure_fails_at_once(
    settings: Settings, db: Database, clock, recorder
) -> None:
    queue(db, settings, 1)
    worker = OutboxWorker(db, settings, {"email": recorder(fail=PermanentDeliveryError("550"))},
                          clock=clock)
    assert worker.deliver_due() == 1
    [row] = rows(db)
    assert row.status == "failed" and row.attempts == 1
    assert [e.action for e in audit(db)] == ["outbox_failed"]
    clock.advance(timedelta(days=1))
    assert worker.deliver_due() == 0


def test_an_unexpected_error_is_retried(settings: Settings, db: Database, clock, recorder) -> None:
    queue(db, settings, 1)
    worker = OutboxWorker(db, settings, {"email": recorder(fail=ValueError("bug"))}, clock=clock)
    assert worker.deliver_due() == 1
    [row] = rows(db)
    assert row.status == "pending" and row.attempts == 1 and row.last_error == "bug"


def test_backoff_is_capped_at_an_hour() -> None:
    assert backoff(1) == timedelta(seconds=30)
    assert backoff(4) == timedelta(seconds=240)
    assert backoff(8) == timedelta(hours=1)
    assert backoff(1000) == timedelta(hours=1)


def test_rows_without_a_transport_are_left_alone(
    settings: Settings, db: Database, recorder
) -> None:
    with db.session() as s:
        enqueue_slack(s, channel="#swcu", text="SWCU-2026-0001 (AK)", purpose="draft_list",
                      dedupe_key="slack:1", now=START)
    queue(db, settings, 1)
    email = recorder()
    worker = OutboxWorker(db, settings, {"email": email})
    assert worker.deliver_due() == 1
    statuses = {r.channel: r.status for r in rows(db)}
    assert statuses == {"slack": "pending", "email": "sent"}


def test_limit_is_respected(settings: Settings, db: Database, recorder) -> None:
    queue(db, settings, 5)
    worker = OutboxWorker(db, settings, {"email": recorder()})
    assert worker.deliver_due(limit=2) == 2
    assert worker.deliver_due(limit=10) == 3


async def test_run_delivers_on_wake_and_stops_promptly(
    settings: Settings, db: Database, recorder
) -> None:
    transport = recorder()
    # A long poll: only wake() can explain a quick delivery.
    worker = OutboxWorker(db, settings, {"email": transport}, poll_seconds=30)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    await asyncio.sleep(0.2)
    queue(db, settings, 1)
    threading.Thread(target=worker.wake).start()  # from another thread, as intake would
    for _ in range(100):
        if transport.delivered:
            break
        await asyncio.sleep(0.02)
    assert len(transport.delivered) == 1
    started = time.monotonic()
    stop.set()
    await asyncio.wait_for(task, timeout=2)
    assert time.monotonic() - started < 1
    worker.wake()  # after run() has ended: harmless
    assert worker.deliver_due() == 0  # still usable synchronously
