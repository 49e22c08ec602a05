"""Who we may answer, and how often. Auto-responders must never get into a loop with us.

All of it is read from the outbox: what we have already written to an address decides
whether we write again. An auto-responder that sends no automatic headers answers every
answer we send; four limits end that loop however it is shaped."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from bot.store.models import OutboundMessage

# More answers than this to one address in an hour means something is looping.
MAX_REPLIES_PER_HOUR = 20
# ... and in a day: a slow loop (one an hour, say) is still a loop.
MAX_REPLIES_PER_DAY = 60
# Answers about one referral to one address in a day: a social worker adding details
# needs a few; dozens are an auto-responder answering our answers.
MAX_REPLIES_PER_THREAD = 10
# The same words to the same address twice in a day is already once too many.
MAX_IDENTICAL_REPLIES = 2

_TO_SINCE = (
    OutboundMessage.recipient == bindparam("recipient"),
    OutboundMessage.created_at >= bindparam("since"),
)
# Built once: the statements (and their cache keys) are the same for every message.
_REPLIES = select(func.count()).select_from(OutboundMessage).where(*_TO_SINCE)
_THREAD_REPLIES = _REPLIES.where(OutboundMessage.referral_id == bindparam("referral_id"))
_SAME_REPLIES = _REPLIES.where(OutboundMessage.body_text == bindparam("body"))


def reply_refused(
    session: Session,
    address: str,
    now: datetime,
    *,
    referral_id: int | None = None,
    body: str | None = None,
) -> str | None:
    """Why we must not write to `address` again now (words for a note), or None."""
    conn = session.connection()
    recipient = address.lower()
    hour = {"recipient": recipient, "since": now - timedelta(hours=1)}
    day = {"recipient": recipient, "since": now - timedelta(days=1)}
    if conn.execute(_REPLIES, hour).scalar_one() >= MAX_REPLIES_PER_HOUR:
        return "too many replies to this sender in an hour"
    if conn.execute(_REPLIES, day).scalar_one() >= MAX_REPLIES_PER_DAY:
        return "too many replies to this sender today"
    if referral_id is not None:
        thread = conn.execute(_THREAD_REPLIES, {**day, "referral_id": referral_id})
        if thread.scalar_one() >= MAX_REPLIES_PER_THREAD:
            return "too many replies on this referral to this sender today"
    if body is not None:
        same = conn.execute(_SAME_REPLIES, {**day, "body": body})
        if same.scalar_one() >= MAX_IDENTICAL_REPLIES:
            return "the same reply was already sent to this sender today"
    return None


def too_many_replies(session: Session, address: str, now: datetime) -> bool:
    return reply_refused(session, address, now) is not None
