"""Operations done once per caller's key. A front end makes one key per request (the CLI
one per invocation, or the `--key` given; Slack its request id); a retried request with
the same key gets the first result back, and nothing is done twice.

The record is written in the same transaction as the work, so a key is either done with
its result or not done at all. Two concurrent requests with the same key: the second's
insert fails on the unique index and its transaction (its work) is rolled back.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from bot.services.errors import ServiceError
from bot.store.models import OperationRecord
from bot.store.rows import insert_row


def done_before(session: Session, key: str | None, kind: str) -> dict[str, Any] | None:
    """The first result of this key, or None if it was never used."""
    if not key:
        return None
    row = session.exec(select(OperationRecord).where(OperationRecord.key == key)).first()
    if row is None:
        return None
    if row.kind != kind:
        raise ServiceError(f"the key {key!r} was already used for another operation ({row.kind})")
    result = json.loads(row.result_json)
    assert isinstance(result, dict)
    return result


def remember(
    session: Session,
    key: str | None,
    kind: str,
    result: dict[str, Any],
    *,
    actor: str,
    at: datetime,
    referral_id: int | None = None,
) -> None:
    if not key:
        return
    insert_row(
        session,
        OperationRecord(
            key=key[:200],
            kind=kind,
            actor=actor,
            at=at,
            referral_id=referral_id,
            result_json=json.dumps(result, default=str),
        ),
    )
