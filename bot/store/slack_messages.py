"""Slack messages kept up to date in place: what was last queued for each key and, once
posted, where (channel and ts)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.store.models import SlackMessage, utcnow


def by_key(session: Session, key: str) -> SlackMessage | None:
    return session.exec(select(SlackMessage).where(SlackMessage.key == key)).first()


def by_keys(session: Session, keys: list[str]) -> dict[str, SlackMessage]:
    if not keys:
        return {}
    rows = session.exec(select(SlackMessage).where(col(SlackMessage.key).in_(keys)))
    return {r.key: r for r in rows}


def posted_ts(session: Session, key: str) -> tuple[str, str] | None:
    row = by_key(session, key)
    if row is None or not row.ts:
        return None
    return row.channel, row.ts


def store_ts(session: Session, key: str, channel: str, ts: str) -> None:
    row = by_key(session, key)
    if row is None:
        row = SlackMessage(key=key, channel=channel, fingerprint="")
    row.channel, row.ts, row.posted_at = channel, ts, utcnow()
    session.add(row)


def note_queued(
    session: Session,
    existing: SlackMessage | None,
    *,
    key: str,
    channel: str,
    fingerprint: str,
    now: datetime,
    referral_id: int | None = None,
) -> None:
    row = existing or SlackMessage(key=key, channel=channel, referral_id=referral_id)
    row.fingerprint, row.queued_at = fingerprint, now
    session.add(row)
