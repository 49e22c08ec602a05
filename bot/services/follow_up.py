"""The work that follows a stored message, wherever it was stored from (SMTP, `swcu ingest`,
a release from quarantine): the draft list of a referral that has just become complete,
and re-matching after a vacancy report.

Follow-ups run after the message's transaction, so a process that stops in between would
leave a complete referral with no draft list for the officers. `missing_draft_lists`
finds those from the database itself; `swcu serve` runs it at start and then every
minute, so a draft list lost that way is late, never missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import exists
from sqlmodel import col, select

from bot.app import App
from bot.services import matching
from bot.services.intake import Receipt
from bot.store.models import OutboundMessage, Referral


def follow_up(app: App, receipt: Receipt) -> None:
    if receipt.completed_referral_id is not None:
        matching.draft_list(app, receipt.completed_referral_id)
    if receipt.vacancy_home_code is not None and receipt.vacancy_changed_at is not None:
        matching.rematch_open(app, receipt.vacancy_home_code, changed_at=receipt.vacancy_changed_at)


def needs_follow_up(receipt: Receipt) -> bool:
    return receipt.completed_referral_id is not None or receipt.vacancy_home_code is not None


def missing_draft_lists(app: App, completed_before: datetime) -> list[int]:
    """Complete referrals, completed before the given time, that have no draft list."""
    drafted = exists().where(
        col(OutboundMessage.referral_id) == col(Referral.id),
        col(OutboundMessage.purpose) == "draft_list",
    )
    query = (
        select(Referral.id)
        .where(Referral.status == "complete")
        .where(col(Referral.completed_at) < completed_before)
        .where(~drafted)
        .order_by(col(Referral.completed_at))
    )
    with app.db.read_session() as session:
        return [rid for rid in session.exec(query).all() if rid is not None]


def make_missing_draft_lists(
    app: App, completed_before: datetime, before_each: Callable[[], None] = lambda: None
) -> list[int]:
    """Make the draft lists `missing_draft_lists` finds; `before_each` lets a server put
    its intake first between them. Returns the referrals drafted."""
    made = missing_draft_lists(app, completed_before)
    for referral_id in made:
        before_each()
        matching.draft_list(app, referral_id)
    return made
