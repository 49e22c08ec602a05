"""Who we may answer, and how often. Auto-responders must never get into a loop with us."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.parser import BytesHeaderParser
from email.policy import compat32

from sqlalchemy import func
from sqlmodel import Session, select

from bot.store.models import OutboundMessage

# More answers than this to one address in an hour means something is looping.
MAX_REPLIES_PER_HOUR = 20
SUPPRESSING = {"all", "autoreply", "oof", "autoreplies"}


def sender_suppresses_replies(raw: bytes) -> bool:
    """X-Auto-Response-Suppress (Microsoft): the sender asks for no automatic answers."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw[:65536], headersonly=True)
        value = str(headers.get("X-Auto-Response-Suppress", "") or "")
    except Exception:
        return False
    words = {w.strip().lower() for w in value.replace(";", ",").split(",")}
    return bool(words & SUPPRESSING)


def too_many_replies(session: Session, address: str, now: datetime) -> bool:
    count = session.exec(
        select(func.count())
        .select_from(OutboundMessage)
        .where(
            OutboundMessage.recipient == address.lower(),
            OutboundMessage.created_at >= now - timedelta(hours=1),
        )
    ).one()
    return int(count) >= MAX_REPLIES_PER_HOUR
