"""The poll for replies to alert texts, inside `swcu serve`: every
`notify.inbound_poll_seconds`, read what reached Notify since the last text seen and hand
each new one to `services.sms_replies.handle_text`, which claims it (once, across
processes) and acknowledges. Thin on purpose: what counts as an ACK and which alerts it
answers are rules (`bot.domain.sms_reply`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.app import App
from bot.domain.sms_reply import ReceivedText
from bot.services import sms_replies

log = logging.getLogger("swcu.sms")


class Inbox(Protocol):
    def received_since(self, floor: datetime) -> list[ReceivedText]: ...


@dataclass
class PollResult:
    handled: list[sms_replies.ReplyOutcome] = field(default_factory=list)
    seen: int = 0  # already handled here or by another process
    failed: int = 0
    unavailable: bool = False  # Notify did not answer; nothing was read


class SmsReplyPoller:
    def __init__(self, app: App, inbox: Inbox, *, worker_id: str = "",
                 unavailable: tuple[type[Exception], ...] = ()) -> None:
        self.app = app
        self.inbox = inbox
        self.worker_id = worker_id
        # The inbox's "Notify did not answer" error: logged as a warning, not a traceback.
        self.unavailable = unavailable

    def poll(self, now: datetime | None = None) -> PollResult:
        now = now or self.app.clock()
        with self.app.db.read_session() as s:
            floor, known = sms_replies.seen_since(s, now)
        result = PollResult()
        try:
            texts = self.inbox.received_since(floor)
        except self.unavailable as exc:
            log.warning("sms replies: %s; asking again at the next poll", exc)
            result.unavailable = True
            return result
        for text in texts:
            if text.id in known:
                result.seen += 1
                continue
            try:
                outcome = sms_replies.handle_text(self.app, text, now=now, worker=self.worker_id)
            except Exception:
                # One bad text must not stop the others; it is tried again next poll.
                log.exception("sms replies: text %s failed; it will be tried again", text.id)
                result.failed += 1
                continue
            if outcome is None:
                result.seen += 1
            else:
                result.handled.append(outcome)
        return result
