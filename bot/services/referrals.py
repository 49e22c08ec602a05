"""Referrals as officers see them: the list, one record with where each field came from,
who owns it, and possible duplicates. Plain results; no front end's wording."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.app import App
from bot.domain.fields import PATHS, get_path
from bot.domain.vocabulary import OPEN_STATUSES, REFERRAL_STATUSES
from bot.services import audit
from bot.services.errors import ServiceError
from bot.store import referrals as referral_store
from bot.store.models import AuditEvent, InboundEmail, OutboundMessage, Referral
from bot.store.rows import update_row


@dataclass
class ReferralSummary:
    reference: str
    status: str
    placing_authority: str | None
    initials: str | None
    received_at: datetime
    completed_at: datetime | None
    due_at: datetime | None
    list_sent_at: datetime | None
    message_id: str | None
    missing: list[str]
    assigned_to: str | None
    possible_duplicates: list[str]
    origin: str


@dataclass
class HistoryItem:
    at: datetime
    actor: str
    what: str  # an audit action, "email in" or "email out"
    detail: str


@dataclass
class ReferralRecord:
    summary: ReferralSummary
    fields: dict[str, Any]  # path -> value
    sources: dict[str, str]  # path -> where it came from
    warnings: list[str]
    history: list[HistoryItem] = field(default_factory=list)


def find_referral(session: Session, reference: str) -> Referral:
    row = referral_store.by_reference(session, reference.strip())
    if row is None:
        raise ServiceError(f"no referral {reference.strip()}")
    return row


def sources_of(row: Referral) -> dict[str, str]:
    data = json.loads(row.sources or "{}")
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def set_sources(row: Referral, sources: dict[str, str]) -> None:
    row.sources = json.dumps(dict(sorted(sources.items())))


def summary(row: Referral) -> ReferralSummary:
    return ReferralSummary(
        reference=row.reference,
        status=row.status,
        placing_authority=row.placing_authority,
        initials=row.initials,
        received_at=row.received_at,
        completed_at=row.completed_at,
        due_at=row.due_at,
        list_sent_at=row.list_sent_at,
        message_id=row.message_id,
        missing=[m for m in row.missing.split(";") if m],
        assigned_to=row.assigned_to,
        possible_duplicates=[r for r in row.possible_duplicates.split(";") if r],
        origin=row.origin,
    )


def list_referrals(app: App, *, status: str | None = None) -> list[ReferralSummary]:
    """Newest first."""
    if status is not None and status not in REFERRAL_STATUSES:
        raise ServiceError(f"status must be one of {', '.join(REFERRAL_STATUSES)}")
    with app.db.read_session() as s:
        q = select(Referral).order_by(col(Referral.received_at).desc(), col(Referral.id).desc())
        if status:
            q = q.where(Referral.status == status)
        return [summary(r) for r in s.exec(q)]


def show_referral(app: App, reference: str) -> ReferralRecord:
    with app.db.read_session() as s:
        row = find_referral(s, reference)
        details = referral_store.details_of(row)
        fields = {p: get_path(details, p) for p in PATHS}
        fields["needed_now"] = details.needed_now
        warnings = _warnings(s, row)
        return ReferralRecord(summary(row), fields, sources_of(row), warnings, _history(s, row))


def _warnings(session: Session, row: Referral) -> list[str]:
    out: list[str] = []
    emails = session.exec(
        select(InboundEmail.warnings)
        .where(InboundEmail.referral_id == row.id)
        .order_by(col(InboundEmail.id))
    )
    for text in emails:
        out += [w for w in (text or "").splitlines() if w and w not in out]
    for ref in summary(row).possible_duplicates:
        out.append(f"possibly the same child as {ref} (same authority, initials and date of birth)")
    return out


def _history(session: Session, row: Referral) -> list[HistoryItem]:
    items = [
        HistoryItem(e.at, e.actor, e.action, e.detail)
        for e in session.exec(select(AuditEvent).where(AuditEvent.referral_id == row.id))
    ]
    items += [
        HistoryItem(m.received_at, m.sender or "?", "email in", f"{m.kind} {m.disposition}")
        for m in session.exec(select(InboundEmail).where(InboundEmail.referral_id == row.id))
    ]
    items += [
        HistoryItem(m.created_at, "swcu", "email out", f"{m.purpose} to {m.recipient} ({m.status})")
        for m in session.exec(select(OutboundMessage).where(OutboundMessage.referral_id == row.id))
    ]
    return sorted(items, key=lambda i: i.at)


def assign(app: App, reference: str, officer: str, *, actor: str, now: datetime) -> str | None:
    """Who works the referral. Returns who had it before."""
    officer = " ".join(officer.split())
    if not officer or len(officer) > 80:
        raise ServiceError("name the officer (at most 80 characters)")
    with app.db.session() as s:
        row = find_referral(s, reference)
        if row.status not in OPEN_STATUSES:
            raise ServiceError(f"{row.reference} is closed ({row.status})")
        before = row.assigned_to
        row.assigned_to = officer
        row.updated_at = now
        s.add(row)
        audit.record(
            s,
            "assigned",
            at=now,
            actor=actor,
            referral_id=row.id,
            detail=f"{row.reference} {officer}",
        )
        return before


_SAME_CHILD = select(
    Referral.id, Referral.placing_authority_code, Referral.placing_authority
).where(
    Referral.initials == bindparam("initials"),
    Referral.date_of_birth == bindparam("date_of_birth"),
    col(Referral.status).in_(sorted(OPEN_STATUSES)),
    Referral.id != bindparam("id"),
)


def flag_duplicates(session: Session, row: Referral, *, now: datetime) -> list[str]:
    """Open referrals that may be the same child (same authority, initials and date of
    birth): flagged on both. Returns their references."""
    if not (row.placing_authority_code or row.placing_authority) or not row.initials:
        return []
    if row.date_of_birth is None:
        return []
    # A plain statement built once finds the candidates (nearly always none) without the
    # ORM's cost on every message; only a real match loads the rows to flag.
    candidates = session.connection().execute(
        _SAME_CHILD,
        {"initials": row.initials, "date_of_birth": row.date_of_birth, "id": row.id},
    )
    ids = [
        id_
        for id_, code, name in candidates
        if (
            code == row.placing_authority_code
            if row.placing_authority_code
            else name == row.placing_authority
        )
    ]
    if not ids:
        return []
    others = session.exec(select(Referral).where(col(Referral.id).in_(ids))).all()
    found: list[str] = []
    for other in others:
        if _add_ref(other, row.reference):
            session.add(other)
        _add_ref(row, other.reference)
        found.append(other.reference)
        audit.record(
            session,
            "possible_duplicate",
            at=now,
            referral_id=row.id,
            detail=f"{row.reference} {other.reference}",
        )
    if found:
        # `row` may be a new row inserted outside the session's unit of work.
        update_row(session, Referral, row.id or 0, possible_duplicates=row.possible_duplicates)
    return found


def _add_ref(row: Referral, reference: str) -> bool:
    refs = [r for r in row.possible_duplicates.split(";") if r]
    if reference in refs:
        return False
    row.possible_duplicates = ";".join([*refs, reference])
    return True
