"""Who we may answer, and how often. Auto-responders must never get into a loop with us.

All of it is read from the outbox: what we have already written to an address decides
whether we write again. An auto-responder that sends no automatic headers answers every
answer we send; four limits end that loop however it is shaped."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, case, func
from sqlmodel import Session, col, select

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

# One statement counts all four over the day's answers to the address (the index on
# recipient finds them): a message answered costs one round trip, not four.
_DAY = OutboundMessage.created_at >= bindparam("day")
_COUNTS = (
    select(
        func.count(),
        func.coalesce(func.sum(case((col(OutboundMessage.created_at) >= bindparam("hour"), 1))), 0),
        func.coalesce(
            func.sum(case((col(OutboundMessage.referral_id) == bindparam("referral_id"), 1))), 0
        ),
        func.coalesce(func.sum(case((col(OutboundMessage.body_text) == bindparam("body"), 1))), 0),
    )
    .select_from(OutboundMessage)
    .where(OutboundMessage.recipient == bindparam("recipient"), _DAY)
)


def reply_refused(
    session: Session,
    address: str,
    now: datetime,
    *,
    referral_id: int | None = None,
    body: str | None = None,
) -> str | None:
    """Why we must not write to `address` again now (words for a note), or None."""
    day, hour, thread, same = (
        session.connection()
        .execute(
            _COUNTS,
            {
                "recipient": address.lower(),
                "day": now - timedelta(days=1),
                "hour": now - timedelta(hours=1),
                # NULL compares equal to nothing: an unasked count is 0.
                "referral_id": referral_id,
                "body": body,
            },
        )
        .one()
    )
    if hour >= MAX_REPLIES_PER_HOUR:
        return "too many replies to this sender in an hour"
    if day >= MAX_REPLIES_PER_DAY:
        return "too many replies to this sender today"
    if thread >= MAX_REPLIES_PER_THREAD:
        return "too many replies on this referral to this sender today"
    if same >= MAX_IDENTICAL_REPLIES:
        return "the same reply was already sent to this sender today"
    return None

