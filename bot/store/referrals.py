"""Referral rows: references, and conversion to and from the plain `ReferralDetails`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from bot.domain.model import Child, ReferralDetails, SocialWorker
from bot.store.codes import join_codes, split_codes
from bot.store.models import InboundEmail, OutboundMessage, Referral

# One statement: the year's first reference creates its counter row.
_NEXT_NUMBER = text(
    "INSERT INTO reference_counter (year, last) VALUES (:y, 1) "
    "ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last"
)


def next_reference(session: Session, year: int) -> str:
    """SWCU-YYYY-NNNN, gap-free per year. The upsert takes the row lock (PostgreSQL) or the
    database write lock (SQLite), so concurrent intakes never share a number."""
    number = session.connection().execute(_NEXT_NUMBER, {"y": year}).scalar_one()
    return f"SWCU-{year}-{number:04d}"


def details_of(row: Referral) -> ReferralDetails:
    return ReferralDetails(
        placing_authority=row.placing_authority,
        placing_authority_code=row.placing_authority_code,
        social_worker=SocialWorker(
            row.social_worker_name, row.social_worker_email, row.social_worker_phone
        ),
        child=Child(row.initials, row.date_of_birth, row.age, row.gender, row.ethnicity),
        home_area=row.home_area,
        legal_status=row.legal_status,
        court_date=row.court_date,
        needed_by=row.needed_by,
        needed_now=row.needed_now,
        secretary_of_state_approval=row.secretary_of_state_approval,
        risks=split_codes(row.risks),
        needs=split_codes(row.needs),
        avoid_homes=split_codes(row.avoid_homes),
        avoid_areas=split_codes(row.avoid_areas),
        notes=row.notes,
    )


def detail_values(d: ReferralDetails) -> dict[str, Any]:
    """The referral columns that hold what was read or set (not status or clock)."""
    return {
        "placing_authority": d.placing_authority,
        "placing_authority_code": d.placing_authority_code,
        "social_worker_name": d.social_worker.name,
        "social_worker_email": d.social_worker.email,
        "social_worker_phone": d.social_worker.phone,
        "initials": d.child.initials,
        "date_of_birth": d.child.date_of_birth,
        "age": d.child.age,
        "gender": d.child.gender,
        "ethnicity": d.child.ethnicity,
        "home_area": d.home_area,
        "legal_status": d.legal_status,
        "placement_type": d.placement_type,
        "court_date": d.court_date,
        "needed_by": d.needed_by,
        "needed_now": d.needed_now,
        "secretary_of_state_approval": d.secretary_of_state_approval,
        "risks": join_codes(d.risks),
        "needs": join_codes(d.needs),
        "avoid_homes": join_codes(d.avoid_homes),
        # Areas are kept as written; ";" never appears in a place name.
        "avoid_areas": None if d.avoid_areas is None else ";".join(d.avoid_areas),
        "notes": d.notes,
    }


def write_details(row: Referral, d: ReferralDetails) -> None:
    for name, value in detail_values(d).items():
        setattr(row, name, value)


def by_reference(session: Session, reference: str) -> Referral | None:
    return session.exec(select(Referral).where(Referral.reference == reference.upper())).first()


THREAD_IDS = 60


def by_thread(session: Session, message_ids: Sequence[str]) -> Referral | None:
    """The referral a reply belongs to, from the ids it answers: the referral's own first
    email, any later email on it, or any email we sent about it."""
    # Callers name the most telling ids first (In-Reply-To, then References); a bound keeps
    # the statement small whatever a message carries.
    ids = [m for m in message_ids if m][:THREAD_IDS]
    if not ids:
        return None
    rid = session.exec(
        select(InboundEmail.referral_id).where(
            InboundEmail.message_id.in_(ids),  # type: ignore[attr-defined]
            InboundEmail.referral_id.is_not(None),  # type: ignore[union-attr]
        )
    ).first()
    if rid is None:
        rid = session.exec(
            select(OutboundMessage.referral_id).where(
                OutboundMessage.message_id.in_(ids),  # type: ignore[attr-defined]
                OutboundMessage.referral_id.is_not(None),  # type: ignore[union-attr]
            )
        ).first()
    if rid is None:
        return session.exec(
            select(Referral).where(Referral.message_id.in_(ids))  # type: ignore[union-attr]
        ).first()
    return session.get(Referral, rid)


def open_referrals(session: Session, statuses: Sequence[str]) -> list[Referral]:
    return list(
        session.exec(
            select(Referral).where(Referral.status.in_(statuses))  # type: ignore[attr-defined]
        )
    )


def set_complete(row: Referral, at: datetime) -> None:
    from datetime import timedelta

    row.status = "complete"
    row.completed_at = at
    row.due_at = at + timedelta(hours=2)
