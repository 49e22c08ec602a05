"""Vacancy reports: from a home's email, from a phone call typed in by an officer, and the
latest report of each home for matching."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.clock import london
from bot.domain.model import BedVacancy, Home, ParsedMessage
from bot.matching.matcher import VacancyReport
from bot.services import audit
from bot.store.models import HomeRow, InboundEmail
from bot.store.models import VacancyReport as VacancyRow

TYPE_WORDS = {"welfare": "welfare ", "justice": "justice ", "any": ""}
GENDER_WORDS = {"female": "female ", "male": "male ", "any": ""}


def beds_to_json(beds: Sequence[BedVacancy]) -> str:
    return json.dumps(
        [
            {
                "count": b.count,
                "gender": b.gender,
                "placement_type": b.placement_type,
                "available_from": b.available_from.isoformat() if b.available_from else None,
            }
            for b in beds
        ]
    )


def beds_from_json(text: str) -> tuple[BedVacancy, ...]:
    return tuple(
        BedVacancy(
            count=int(b["count"]),
            gender=b.get("gender", "any"),
            placement_type=b.get("placement_type", "any"),
            available_from=date.fromisoformat(b["available_from"])
            if b.get("available_from")
            else None,
        )
        for b in json.loads(text or "[]")
    )


def bed_words(bed: BedVacancy, today: date) -> str:
    """'1 female welfare bed from Tue 24 Nov', '2 beds now'."""
    noun = "bed" if bed.count == 1 else "beds"
    when = "now"
    if bed.available_from and bed.available_from > today:
        when = f"from {bed.available_from:%a} {bed.available_from.day} {bed.available_from:%b}"
    return f"{bed.count} {GENDER_WORDS[bed.gender]}{TYPE_WORDS[bed.placement_type]}{noun} {when}"


def latest_reports(
    session: Session, home_ids: Sequence[int] | None = None
) -> dict[str, VacancyReport]:
    """The latest report of each home, keyed by home code."""
    newest = select(col(VacancyRow.home_id), func.max(col(VacancyRow.id)).label("id")).group_by(
        col(VacancyRow.home_id)
    )
    if home_ids is not None:
        newest = newest.where(col(VacancyRow.home_id).in_(home_ids))
    sub = newest.subquery()
    rows = session.exec(
        select(VacancyRow, HomeRow.code)
        .join(sub, col(VacancyRow.id) == sub.c.id)
        .join(HomeRow, col(HomeRow.id) == col(VacancyRow.home_id))
    )
    return {
        code: VacancyReport(code, beds_from_json(v.beds_json), v.reported_at, v.source)
        for v, code in rows
    }


def add_report(
    session: Session,
    home: HomeRow,
    beds: Sequence[BedVacancy],
    *,
    reported_at: datetime,
    recorded_at: datetime,
    source: str,
    reported_by: str | None = None,
    email_id: int | None = None,
    confident: bool = True,
) -> VacancyRow:
    """A new report. The newest row counts (by id): a phoned-in report typed in late with
    `--at` still replaces what was there, and its age is shown from `reported_at`."""
    row = VacancyRow(
        home_id=home.id or 0,
        reported_at=reported_at,
        recorded_at=recorded_at,
        source=source,
        reported_by=reported_by,
        beds_json=beds_to_json(beds),
        total_available=sum(b.count for b in beds),
        confident=confident,
        inbound_email_id=email_id,
    )
    session.add(row)
    audit.record(
        session,
        "vacancy_recorded",
        at=recorded_at,
        actor=reported_by or source,
        detail=f"{home.code} {row.total_available} beds ({source})",
    )
    return row


@dataclass
class VacancyOutcome:
    disposition: str
    recorded: bool = False
    home_code: str | None = None
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


def record_vacancy_email(
    app: Any, session: Session, email: InboundEmail, parsed: ParsedMessage, now: datetime
) -> VacancyOutcome:
    v = parsed.vacancy
    home: Home | None = None
    if v is not None and v.home_code:
        home = app.homes.by_code(v.home_code)
    if home is None:
        home = app.homes.by_email(parsed.sender)
    if home is None:
        audit.record(session, "vacancy_home_unknown", at=now, detail=f"email {email.id}")
        return VacancyOutcome("flagged")
    row = session.exec(select(HomeRow).where(HomeRow.code == home.code)).one()
    email.home_id = row.id
    if v is None or not v.confident:
        audit.record(session, "vacancy_unclear", at=now, detail=f"{home.code} email {email.id}")
        return VacancyOutcome(
            "flagged",
            home_code=home.code,
            template="vacancy_unclear",
            context={"home_name": home.name},
        )
    reported_at = min(parsed.sent_at or now, now)
    add_report(
        session,
        row,
        v.beds,
        reported_at=reported_at,
        recorded_at=now,
        source="email",
        reported_by=parsed.sender,
        email_id=email.id,
    )
    today = london(now).date()
    return VacancyOutcome(
        "processed",
        recorded=True,
        home_code=home.code,
        template="vacancy_ack",
        context={
            "home_name": home.name,
            "nil": not v.beds,
            "beds_words": [bed_words(b, today) for b in v.beds],
        },
    )
