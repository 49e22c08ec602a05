"""The audit trail. `detail` holds references and codes only, never a child's details."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.store.models import AuditEvent
from bot.store.rows import insert_row, new_row


def record(
    session: Session,
    action: str,
    *,
    at: datetime,
    referral_id: int | None = None,
    actor: str = "swcu",
    detail: str = "",
) -> None:
    insert_row(
        session,
        new_row(
            AuditEvent, at=at, action=action, referral_id=referral_id, actor=actor, detail=detail
        ),
    )
