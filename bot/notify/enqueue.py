"""Queueing outbound messages: each is a row written in the caller's open session, so it
commits (or rolls back) with the change that causes it, and its `dedupe_key` makes the same
event queue one message however often the code reacting to it runs. Delivery is
`bot.notify.outbox`'s."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import Session, select

from bot.notify.channel_safety import assert_channel_safe
from bot.settings import Settings
from bot.store.models import OutboundMessage
from bot.store.rows import new_row, row_values


def new_message_id(purpose: str, domain: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in purpose) or "message"
    return f"<swcu.{safe}.{uuid.uuid4().hex}@{domain}>"


def enqueue_email(
    session: Session,
    settings: Settings,
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    purpose: str,
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
) -> OutboundMessage:
    """Queue an email in the caller's transaction; the same dedupe_key returns the first row.
    `now` is the caller's clock: the row is due from then, and the loop breaker counts
    answers by it."""
    if isinstance(to, str):  # a bare string would be queued one letter per recipient
        to = [to]
    recipients = [a.strip() for a in to if a and a.strip()]
    if not recipients:
        raise ValueError("enqueue_email: no recipients")
    if any("," in a or "\n" in a or "\r" in a for a in recipients):
        raise ValueError("enqueue_email: one address per entry, no commas or line breaks")
    refs = [r for r in references if r]
    if in_reply_to and in_reply_to not in refs:
        refs.append(in_reply_to)  # RFC 5322: References ends with the parent's id
    row = new_row(
        OutboundMessage,
        dedupe_key=dedupe_key,
        channel="email",
        to_addrs=", ".join(recipients),
        recipient=recipients[0].lower(),
        subject=" ".join(subject.split()),
        body_text=text,
        body_html=html,
        message_id=new_message_id(purpose, settings.mail_domain),
        in_reply_to=in_reply_to,
        references=" ".join(refs) or None,
        purpose=purpose,
        referral_id=referral_id,
        created_at=now,
        next_attempt_at=now,
    )
    return _add_once(session, row)


def enqueue_slack(
    session: Session,
    *,
    channel: str,
    text: str,
    blocks: list | None = None,
    purpose: str,
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
    update_key: str | None = None,
    view: dict | None = None,
) -> OutboundMessage:
    """Queue a Slack post; blocks travel as JSON in body_html. Refuses child details.

    With `update_key` (a `slack_message.key`) the post is made once and later rows with the
    same key update it in place (chat.update of the stored ts); with `view` the row
    publishes an App Home view to the user `channel` (views.publish)."""
    if update_key or view:
        blocks_json: str | None = json.dumps(
            {"blocks": blocks or None, "update_key": update_key, "view": view}
        )
    else:
        blocks_json = json.dumps(blocks) if blocks else None
    assert_channel_safe(text)
    if blocks_json:
        assert_channel_safe(blocks_json)
    row = new_row(
        OutboundMessage,
        dedupe_key=dedupe_key,
        channel="slack",
        to_addrs=channel,
        recipient=channel.lower(),
        body_text=text,
        body_html=blocks_json,
        message_id=f"slack.{purpose}.{uuid.uuid4().hex}",
        purpose=purpose,
        referral_id=referral_id,
        created_at=now,
        next_attempt_at=now,
    )
    return _add_once(session, row)


def enqueue_sms(
    session: Session,
    *,
    to: str,
    text: str,
    purpose: str,
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
) -> OutboundMessage:
    """Queue a text message (delivered by Notify); refuses one that would not fit one
    message or that carries a child's details."""
    from bot.notify.sms import assert_sms_safe

    assert_sms_safe(text)
    number = "".join(to.split())
    row = new_row(
        OutboundMessage,
        dedupe_key=dedupe_key,
        channel="sms",
        to_addrs=number,
        recipient=number,
        body_text=text,
        message_id=f"sms.{purpose}.{uuid.uuid4().hex}",
        purpose=purpose,
        referral_id=referral_id,
        created_at=now,
        next_attempt_at=now,
    )
    return _add_once(session, row)


# Built once: the statement (and its cache key) is the same for every message.
_BY_DEDUPE_KEY = select(OutboundMessage).where(OutboundMessage.dedupe_key == bindparam("key"))


@cache
def _insert_once(dialect: str) -> ReturningInsert[Any]:
    table = OutboundMessage.__table__  # type: ignore[attr-defined]
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(table.c.id)
    )


def _add_once(session: Session, row: OutboundMessage) -> OutboundMessage:
    """One statement: INSERT … ON CONFLICT (dedupe_key) DO NOTHING. On PostgreSQL a
    concurrent transaction holding the same key makes it wait for that one to end, and the
    caller's transaction stays usable either way (no savepoint needed)."""
    conn = session.connection()
    new_id = conn.execute(_insert_once(conn.dialect.name), row_values(row)).scalar()
    if new_id is None:
        return session.exec(_BY_DEDUPE_KEY, params={"key": row.dedupe_key}).one()
    row.id = new_id
    return row
