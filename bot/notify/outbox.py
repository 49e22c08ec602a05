"""The durable outbox: mail and Slack posts are rows first, deliveries afterwards.

A message is queued (`bot.notify.enqueue`) in the *caller's* open session,
so it commits (or rolls back) together with the change that causes it: a referral that is
stored always gets its acknowledgement, and a rolled-back change never sends one. The
`dedupe_key` names the event ("ack:SWCU-2026-0042"), so the same event never queues two
messages however often the code that reacts to it runs.

`OutboxWorker` delivers due rows. What is guaranteed, honestly:

* A row is *claimed* by one worker at a time: the claim is a conditional
  ``UPDATE … WHERE id = ? AND (pending and due, or sending and claim expired)``, which the
  database serialises (SQLite: BEGIN IMMEDIATE; PostgreSQL: the second UPDATE re-checks the
  WHERE after the first commits and matches nothing). Two threads or processes never deliver
  the same row under live claims.
* Delivery is at-least-once, not exactly-once. If a worker crashes after the relay accepted a
  message but before the row is marked sent, the claim expires (`lease`, default 5 minutes)
  and another worker sends it once more. A worker starting on the same host does not wait
  for the lease: it releases at once the rows of workers whose process has gone. Our
  Message-ID is stable per row, so receivers (and our own intake) can recognise the
  duplicate.
* The embedded default, `MaildirTransport`, is idempotent: its file name is derived from the
  row, so a resend after a crash finds the file already there and writes nothing. With it,
  nothing is ever written twice.
* Slack has no idempotency key; a crash in the same narrow window can repeat one post.
* A temporary failure is retried with exponential back-off (30 s × 2^attempts, at most 1 h);
  after `settings.outbox_max_attempts` attempts, or at once on a permanent failure, the row
  is `failed` and an `outbox_failed` audit event is written for officers to see.
* Rows for a channel with no transport (Slack switched off) are left pending, untouched.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import and_, or_, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from bot.settings import Settings
from bot.store.db import Database
from bot.store.models import AuditEvent, OutboundMessage, utcnow

log = logging.getLogger(__name__)

BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
DEFAULT_LEASE = timedelta(minutes=5)
POLL_SECONDS = 1.0
ERROR_CHARS = 500


class DeliveryError(Exception):
    """A transport could not deliver a message."""


class TemporaryDeliveryError(DeliveryError):
    """Worth trying again later (4xx, connection trouble, rate limit)."""


class PermanentDeliveryError(DeliveryError):
    """Trying again will not help (5xx, unknown channel)."""


class Transport(Protocol):
    def deliver(self, message: OutboundMessage) -> None:
        """Hand the message on, or raise Temporary/PermanentDeliveryError."""
        ...


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failed tries (1 → 30 s, 2 → 60 s, …)."""
    exponent = max(attempts - 1, 0)
    if exponent >= 7:  # 30 s × 2^7 is already past the cap; avoid huge numbers
        return MAX_DELAY
    return min(BASE_DELAY * (2**exponent), MAX_DELAY)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _gone(worker_id: str) -> bool:
    """True when the worker is known to have ended: it ran on this host and its process no
    longer exists. Anything else (another host, a process alive under that id, an id we
    did not make) is left to its lease."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


class OutboxWorker:
    """Delivers due outbox rows through one transport per channel ("email", "slack")."""

    def __init__(
        self,
        db: Database,
        settings: Settings,
        transports: Mapping[str, Transport],
        *,
        worker_id: str | None = None,
        clock: Callable[[], datetime] = utcnow,
        lease: timedelta = DEFAULT_LEASE,
        batch_size: int = 50,
        poll_seconds: float = POLL_SECONDS,
        before_each: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.settings = settings
        self.transports = dict(transports)
        self.worker_id = worker_id or default_worker_id()
        self.clock = clock
        self.lease = lease
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.before_each = before_each  # e.g. wait for a lull in intake
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wakeup: asyncio.Event | None = None
        # Checked between messages so that a stop does not wait for a whole batch.
        self._stopping = threading.Event()

    # -- synchronous core -------------------------------------------------------------

    def release_abandoned(self) -> int:
        """Rows claimed by an earlier worker on this host that has since died (killed in
        the middle of a batch) go back to pending at once instead of after their lease.
        Each release is conditional on the dead worker's claim, so a live worker's rows are
        never touched. Returns how many rows were released."""
        with self.db.read_session() as session:
            claimers = set(
                session.exec(
                    select(OutboundMessage.claimed_by)
                    .where(col(OutboundMessage.status) == "sending")
                    .distinct()
                ).all()
            )
        dead = sorted(c for c in claimers if c and _gone(c))
        if not dead:
            return 0
        release = (
            update(OutboundMessage)
            .where(col(OutboundMessage.status) == "sending")
            .where(col(OutboundMessage.claimed_by).in_(dead))
            .values(status="pending", claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
        with self.db.session() as session:
            released = int(session.exec(release).rowcount or 0)
        if released:
            log.warning("outbox: %d rows claimed by a stopped worker released", released)
        return released

    def deliver_due(self, limit: int = 50) -> int:
        """Claim and attempt up to `limit` due rows; returns how many were attempted.

        Rows are claimed as a batch and those delivered are marked sent as a batch: two
        commits a round, not two a message, since on SQLite every commit waits for the disk.
        A crash between delivery and marking resends those rows once their claim expires
        (the at-least-once promise above; the maildir ignores the second copy)."""
        attempted = 0
        while attempted < limit and not self._stopping.is_set():
            rows = self._claim_batch(limit - attempted)
            if not rows:
                break
            delivered: list[int] = []
            for row in rows:
                if not self._stopping.is_set():
                    self.before_each()
                if self._stopping.is_set():
                    self._release(row)
                    continue
                attempted += 1
                if self._attempt(row):
                    delivered.append(row.id or 0)
            self._mark_sent(delivered)
        return attempted

    def _due_clause(self, now: datetime) -> ColumnElement[bool]:
        return or_(
            and_(
                col(OutboundMessage.status) == "pending",
                col(OutboundMessage.next_attempt_at) <= now,
            ),
            and_(
                col(OutboundMessage.status) == "sending",
                col(OutboundMessage.claimed_until) < now,
            ),
        )

    def _claim_batch(self, limit: int) -> list[OutboundMessage]:
        """Due rows, claimed for this worker. The UPDATE re-checks that each row is still
        due, so of two workers that saw the same candidates only one claims each row."""
        if not self.transports:
            return []
        now = self.clock()
        until = now + self.lease
        candidates = (
            select(OutboundMessage.id)
            .where(self._due_clause(now))
            .where(col(OutboundMessage.channel).in_(sorted(self.transports)))
            .order_by(col(OutboundMessage.next_attempt_at), col(OutboundMessage.id))
            .limit(limit)
        )
        with self.db.read_session() as session:
            ids = [i for i in session.exec(candidates).all() if i is not None]
        if not ids:
            return []
        claim = (
            update(OutboundMessage)
            .where(col(OutboundMessage.id).in_(ids))
            .where(self._due_clause(now))
            .values(status="sending", claimed_by=self.worker_id, claimed_until=until)
            .execution_options(synchronize_session=False)
        )
        mine = (
            select(OutboundMessage)
            .where(col(OutboundMessage.id).in_(ids))
            .where(col(OutboundMessage.status) == "sending")
            .where(col(OutboundMessage.claimed_by) == self.worker_id)
            .where(col(OutboundMessage.claimed_until) == until)
            .order_by(col(OutboundMessage.next_attempt_at), col(OutboundMessage.id))
        )
        with self.db.session() as session:
            if session.exec(claim).rowcount == 0:
                return []
            return list(session.exec(mine).all())

    def _attempt(self, row: OutboundMessage) -> bool:
        """Hand one row to its transport; True when delivered (to be marked sent)."""
        transport = self.transports[row.channel]
        try:
            transport.deliver(row)
        except PermanentDeliveryError as exc:
            self._fail(row, _describe(exc))
        except TemporaryDeliveryError as exc:
            self._retry(row, _describe(exc))
        except Exception as exc:  # a bug or an unclassified error: retry, bounded by attempts
            log.exception("outbox: unexpected error delivering row %s", row.id)
            self._retry(row, _describe(exc))
        else:
            return True
        return False

    def _mark_sent(self, row_ids: list[int]) -> None:
        if not row_ids:
            return
        now = self.clock()
        # Not conditional on our claim: the message *was* handed over, whoever holds the row
        # now, and saying otherwise would only cause another copy.
        stmt = (
            update(OutboundMessage)
            .where(col(OutboundMessage.id).in_(row_ids))
            .where(col(OutboundMessage.status) != "sent")
            .values(
                status="sent",
                sent_at=now,
                attempts=col(OutboundMessage.attempts) + 1,
                claimed_by=None,
                claimed_until=None,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )
        with self.db.session() as session:
            session.exec(stmt)

    def _release(self, row: OutboundMessage) -> None:
        """Give back a claimed row not attempted (stopping), so it need not wait out the lease."""
        stmt = (
            update(OutboundMessage)
            .where(self._mine(row))
            .values(status="pending", claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
        with self.db.session() as session:
            session.exec(stmt)

    def _mine(self, row: OutboundMessage) -> ColumnElement[bool]:
        return and_(
            col(OutboundMessage.id) == row.id,
            col(OutboundMessage.status) == "sending",
            col(OutboundMessage.claimed_by) == self.worker_id,
        )

    def _retry(self, row: OutboundMessage, error: str) -> None:
        attempts = row.attempts + 1
        if attempts >= self.settings.outbox_max_attempts:
            self._fail(row, f"gave up after {attempts} attempts: {error}")
            return
        now = self.clock()
        stmt = (
            update(OutboundMessage)
            .where(self._mine(row))
            .values(
                status="pending",
                attempts=attempts,
                next_attempt_at=now + backoff(attempts),
                claimed_by=None,
                claimed_until=None,
                last_error=error[:ERROR_CHARS],
            )
            .execution_options(synchronize_session=False)
        )
        with self.db.session() as session:
            session.exec(stmt)
        log.warning(
            "outbox: row %s (%s) attempt %d failed, retrying: %s",
            row.id,
            row.purpose,
            attempts,
            error,
        )

    def _fail(self, row: OutboundMessage, error: str) -> None:
        stmt = (
            update(OutboundMessage)
            .where(self._mine(row))
            .values(
                status="failed",
                attempts=row.attempts + 1,
                claimed_by=None,
                claimed_until=None,
                last_error=error[:ERROR_CHARS],
            )
            .execution_options(synchronize_session=False)
        )
        with self.db.session() as session:
            if session.exec(stmt).rowcount != 1:
                return  # our claim lapsed and another worker owns the row now
            session.add(
                AuditEvent(
                    at=self.clock(),
                    referral_id=row.referral_id,
                    action="outbox_failed",
                    # Purpose, channel and ids only: the error may quote an address, never a
                    # child's details, but the subject might name initials, so leave it out.
                    detail=json.dumps(
                        {
                            "outbox_id": row.id,
                            "channel": row.channel,
                            "purpose": row.purpose,
                            "message_id": row.message_id,
                            "error": error[:ERROR_CHARS],
                        }
                    ),
                )
            )
        log.error("outbox: row %s (%s) failed: %s", row.id, row.purpose, error)

    # -- asynchronous driver ----------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; wakes on `wake()` or every `poll_seconds`."""
        try:
            await asyncio.to_thread(self.release_abandoned)
        except Exception:  # their leases still run out; delivery must start regardless
            log.exception("outbox: could not release rows of stopped workers")
        self._loop = asyncio.get_running_loop()
        wakeup = self._wakeup = asyncio.Event()
        self._stopping.clear()
        stop_task = asyncio.ensure_future(stop.wait())

        def _stop_now(_: object) -> None:
            self._stopping.set()

        stop_task.add_done_callback(_stop_now)
        try:
            while not stop.is_set():
                wakeup.clear()  # before delivering, so a wake during delivery is not lost
                try:
                    attempted = await asyncio.to_thread(self.deliver_due, self.batch_size)
                except Exception:
                    log.exception("outbox: delivery round failed")
                    attempted = 0
                if attempted >= self.batch_size:
                    continue  # a full batch: there may be more due already
                wake_task = asyncio.ensure_future(wakeup.wait())
                try:
                    await asyncio.wait(
                        {stop_task, wake_task},
                        timeout=self.poll_seconds,
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                finally:
                    wake_task.cancel()
        finally:
            stop_task.remove_done_callback(_stop_now)
            stop_task.cancel()
            self._stopping.clear()  # deliver_due may still be called directly afterwards
            self._wakeup = None
            self._loop = None

    def wake(self) -> None:
        """Ask the running worker to look for due rows now; safe from any thread."""
        loop, wakeup = self._loop, self._wakeup
        if loop is None or wakeup is None:
            return
        try:
            loop.call_soon_threadsafe(wakeup.set)
        except RuntimeError:
            pass  # the loop has closed; the next run() polls anyway


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return " ".join(text.split())
