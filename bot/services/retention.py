"""Raw emails are kept until their referral has been closed for the retention period, then
their bytes are purged; the record of the email (kind, dates, disposition) stays."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select, update

from bot.domain.vocabulary import OPEN_STATUSES
from bot.services import audit
from bot.store.models import InboundEmail, Referral


def purge_raw_emails(session: Session, now: datetime, retention_days: int) -> int:
    """Returns how many emails lost their raw bytes."""
    cutoff = now - timedelta(days=retention_days)
    closed = select(Referral.id).where(
        col(Referral.status).not_in(OPEN_STATUSES),
        col(Referral.closed_at).is_not(None),
        col(Referral.closed_at) < cutoff,
    )
    result = session.execute(
        update(InboundEmail)
        .where(
            col(InboundEmail.referral_id).in_(closed),
            col(InboundEmail.raw).is_not(None),
        )
        .values(raw=None, raw_purged_at=now)
    )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    if count:
        audit.record(session, "raw_emails_purged", at=now, detail=f"{count} emails")
    return count
