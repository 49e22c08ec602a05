"""Who we may answer, and how often. Auto-responders must never get into a loop with us."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func
from sqlmodel import Session, select

from bot.store.models import OutboundMessage

# More answers than this to one address in an hour means something is looping.
MAX_REPLIES_PER_HOUR = 20


# Built once: the statement (and its cache key) is the same for every message.
_RECENT_REPLIES = (
    select(func.count())
    .select_from(OutboundMessage)
    .where(
        OutboundMessage.recipient == bindparam("recipient"),
        OutboundMessage.created_at >= bindparam("since"),
    )
)


def too_many_replies(session: Session, address: str, now: datetime) -> bool:
    count = (
        session.connection()
        .execute(_RECENT_REPLIES, {"recipient": address.lower(), "since": now - timedelta(hours=1)})
        .scalar_one()
    )
    return int(count) >= MAX_REPLIES_PER_HOUR
