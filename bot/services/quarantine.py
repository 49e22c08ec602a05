"""Messages from unknown senders, held for an officer: the list, and a release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from bot.app import App
from bot.services.intake import Receipt, release_quarantined
from bot.store.models import InboundEmail


@dataclass
class Quarantined:
    id: int
    received_at: datetime
    sender: str
    kind: str
    subject: str
    size: int


def list_quarantine(app: App) -> list[Quarantined]:
    """Newest first."""
    with app.db.read_session() as s:
        rows = s.exec(
            select(InboundEmail)
            .where(InboundEmail.disposition == "quarantined")
            .order_by(col(InboundEmail.id).desc())
        ).all()
        return [
            Quarantined(r.id or 0, r.received_at, r.sender, r.kind, r.subject, r.size) for r in rows
        ]


def release(app: App, email_id: int, *, actor: str, now: datetime) -> Receipt:
    """Act on a quarantined message as if its sender were known, and do what follows (the
    draft list of a referral it completes, re-matching after a vacancy)."""
    from bot.services.follow_up import follow_up

    receipt = release_quarantined(app, email_id, actor=actor, now=now)
    follow_up(app, receipt)
    return receipt
