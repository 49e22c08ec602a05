"""Replies to on-call alert texts, received through Notify: each text acted on once, "ACK"
from an on-call person's phone acknowledging the alerts texted to that phone (through
`alerts.acknowledge_in`, as every other front end), anything else recorded and left.

The claim of a text is its row in `sms_reply` (unique Notify id; INSERT … ON CONFLICT DO
NOTHING, as the scheduler claims an occurrence), written in the same transaction as the
acknowledgement: a crash leaves neither and the next poll does it; two `swcu serve` on one
database act once. The row keeps what was done, never the text itself."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from bot.app import App
from bot.domain.sms_reply import (
    ReceivedText,
    TextedAlert,
    choose_alerts,
    normalise_number,
    parse_ack,
    people_with_number,
)
from bot.services.alerts import acknowledge_in
from bot.store.models import UTCDateTime
from bot.store.rows import row_values, update_row
from bot.store.schedule_rows import AlertText, OnCallAlert, SmsReply

log = logging.getLogger("swcu.sms")

# Each poll reads back this far before the newest text already seen: Notify lists by the
# time a text arrived, and one stored a moment late must not fall between two polls.
OVERLAP = timedelta(minutes=10)
# A database that has seen no text yet reads this far back (a reply sent while swcu was
# being installed or restarted still counts; older ones cannot match a recorded alert).
FIRST_LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class ReplyOutcome:
    notify_id: str
    outcome: str  # acknowledged | already | no_alert | not_ack | unknown_number
    sender: str
    alerts: tuple[int, ...] = ()
    references: tuple[str, ...] = ()


def seen_since(session: Session, now: datetime) -> tuple[datetime, set[str]]:
    """Where a poll should read back to, and the Notify ids already handled since then."""
    value = session.exec(select(func.max(SmsReply.received_at))).one()
    if isinstance(value, str):  # SQLite's max() hands back text, not the column's type
        value = datetime.fromisoformat(value)
    newest = UTCDateTime().process_result_value(value, session.connection().dialect)
    floor = newest - OVERLAP if newest is not None else now - FIRST_LOOKBACK
    known = set(session.exec(
        select(SmsReply.notify_id).where(col(SmsReply.received_at) >= floor)
    ).all())
    return floor, known


def handle_text(app: App, text: ReceivedText, *, now: datetime,
                worker: str = "") -> ReplyOutcome | None:
    """Act on one received text; None when it had been handled already (by this process
    earlier, or by another)."""
    with app.db.session() as session:
        claim_id = _claim(session, text, now=now, worker=worker)
        if claim_id is None:
            return None
        outcome = _decide(app, session, text, now=now)
        update_row(session, SmsReply, claim_id, sender=outcome.sender, outcome=outcome.outcome,
                   alerts=",".join(str(a) for a in outcome.alerts))
    # References and counts only: never the text, never an unknown sender's whole number.
    log.info("sms reply %s from %s: %s %s", text.id, outcome.sender, outcome.outcome,
             " ".join(outcome.references))
    return outcome


def _decide(app: App, session: Session, text: ReceivedText, *, now: datetime) -> ReplyOutcome:
    people = {k: p.phone for k, p in app.settings.oncall.people.items()}
    keys = people_with_number(people, text.user_number)
    number = normalise_number(text.user_number)
    if not keys or number is None:
        return ReplyOutcome(text.id, "unknown_number", f"unknown …{_last_digits(text)}")
    sender = "+".join(keys)
    reply = parse_ack(text.content)
    if reply is None:
        return ReplyOutcome(text.id, "not_ack", sender)
    # Acknowledged when the reply reached Notify (not when we polled), so a poll's delay
    # never counts against the person; never later than now, whatever Notify's clock says.
    at = min(text.received_at, now)
    chosen = choose_alerts(reply, texted_to(session, number), at)
    if not chosen:
        return ReplyOutcome(text.id, "no_alert", sender)
    results = [acknowledge_in(session, a, actor=f"sms:{sender}", now=at) for a in chosen]
    fresh = tuple(r.alert_id for r in results if not r.already)
    return ReplyOutcome(text.id, "acknowledged" if fresh else "already", sender,
                        tuple(r.alert_id for r in results),
                        tuple(dict.fromkeys(r.reference for r in results)))


def texted_to(session: Session, number: str) -> list[TextedAlert]:
    rows = session.exec(
        select(AlertText.alert_id, AlertText.texted_at, OnCallAlert.reference,
               OnCallAlert.acknowledged_at)
        .join(OnCallAlert, col(OnCallAlert.id) == col(AlertText.alert_id))
        .where(AlertText.phone == number)
    ).all()
    return [TextedAlert(alert_id, reference, texted_at, acknowledged_at is not None)
            for alert_id, texted_at, reference, acknowledged_at in rows]


def _last_digits(text: ReceivedText) -> str:
    digits = "".join(ch for ch in text.user_number if ch.isdigit())
    return digits[-4:]


@cache
def _claim_statement(dialect: str) -> Any:
    table = SmsReply.__table__  # type: ignore[attr-defined]
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=["notify_id"]).returning(
        table.c.id)


def _claim(session: Session, text: ReceivedText, *, now: datetime, worker: str) -> int | None:
    row = SmsReply(notify_id=text.id[:64], received_at=text.received_at, processed_at=now,
                   processed_by=worker)
    conn = session.connection()
    new_id = conn.execute(_claim_statement(conn.dialect.name), row_values(row)).scalar()
    return None if new_id is None else int(new_id)
