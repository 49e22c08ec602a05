"""Vacancy reports: from a home's email, from a phone call typed in by an officer, and the
latest report of each home for matching."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.clock import london
from bot.domain.model import BedVacancy, Home, ParsedMessage
from bot.matching.matcher import VacancyReport
from bot.services import audit
from bot.store.models import HomeRow, InboundEmail
from bot.store.models import VacancyReport as VacancyRow

if TYPE_CHECKING:
    from bot.app import App

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
    """The current report of each home, keyed by home code: the one the home made latest
    (`reported_at`), ties by when it was recorded. A report phoned in late about an earlier
    moment is history, not the current position."""
    rank = (
        func.row_number()
        .over(
            partition_by=col(VacancyRow.home_id),
            order_by=(
                col(VacancyRow.reported_at).desc(),
                col(VacancyRow.recorded_at).desc(),
                col(VacancyRow.id).desc(),
            ),
        )
        .label("rank")
    )
    ranked: Any = select(col(VacancyRow.id).label("id"), rank)
    if home_ids is not None:
        ranked = ranked.where(col(VacancyRow.home_id).in_(home_ids))
    sub = ranked.subquery()
    rows = session.exec(
        select(VacancyRow, HomeRow.code)
        .join(sub, col(VacancyRow.id) == sub.c.id)
        .join(HomeRow, col(HomeRow.id) == col(VacancyRow.home_id))
        .where(sub.c.rank == 1)
    )
    return {
        code: VacancyReport(code, beds_from_json(v.beds_json), v.reported_at, v.source)
        for v, code in rows
    }


def current_report(session: Session, home_id: int) -> VacancyRow | None:
    return session.exec(
        select(VacancyRow)
        .where(VacancyRow.home_id == home_id)
        .order_by(
            col(VacancyRow.reported_at).desc(),
            col(VacancyRow.recorded_at).desc(),
            col(VacancyRow.id).desc(),
        )
    ).first()


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
    """A new report, kept in the history whatever its date; whether it is the current one
    is decided by `reported_at` (see `latest_reports`)."""
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


def record_report(
    session: Session,
    home: HomeRow,
    beds: Sequence[BedVacancy],
    *,
    reported_at: datetime,
    recorded_at: datetime,
    source: str,
    reported_by: str | None = None,
    email_id: int | None = None,
) -> tuple[VacancyRow, bool, bool]:
    """Add a report; returns (row, whether it is now the current report, whether the current
    position changed). Only a change of the current position calls for re-matching."""
    before = current_report(session, home.id or 0)
    row = add_report(
        session,
        home,
        beds,
        reported_at=reported_at,
        recorded_at=recorded_at,
        source=source,
        reported_by=reported_by,
        email_id=email_id,
    )
    session.flush()
    after = current_report(session, home.id or 0)
    current = after is not None and after.id == row.id
    changed = current and (
        before is None or beds_from_json(before.beds_json) != beds_from_json(row.beds_json)
    )
    return row, current, changed


@dataclass
class VacancyOutcome:
    disposition: str
    recorded: bool = False
    home_code: str | None = None
    changed_at: datetime | None = None  # when recorded, if the current position changed
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


def record_vacancy_email(
    app: App, session: Session, email: InboundEmail, parsed: ParsedMessage, now: datetime
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
    _, _, changed = record_report(
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
        changed_at=now if changed else None,
        template="vacancy_ack",
        context={
            "home_name": home.name,
            "nil": not v.beds,
            "beds_words": [bed_words(b, today) for b in v.beds],
        },
    )


@dataclass
class VacancyResult:
    home: str
    home_code: str
    beds: list[str]  # in words
    reported_at: datetime
    current: bool  # False: an older report than the current one, kept in history only
    changed: bool  # the current position changed (and open referrals were matched again)
    warnings: list[str] = field(default_factory=list)
    newly_eligible_for: list[str] = field(default_factory=list)  # references told


def check_beds(home: Home, beds: Sequence[BedVacancy]) -> None:
    """Refuse what cannot be true of this home, with the reason."""
    from bot.services.errors import ServiceError

    places = {"welfare": home.welfare_beds, "justice": home.justice_beds}
    total_places = home.welfare_beds + home.justice_beds
    for kind in ("welfare", "justice"):
        wanted = sum(b.count for b in beds if b.placement_type == kind)
        if wanted and places[kind] == 0:
            raise ServiceError(f"{home.name} has no {kind} places")
        if wanted > places[kind]:
            raise ServiceError(
                f"{home.name} has {places[kind]} {kind} place"
                f"{'s' if places[kind] != 1 else ''}, not {wanted}"
            )
    total = sum(b.count for b in beds)
    if total > total_places:
        raise ServiceError(
            f"{home.name} has {total_places} place{'s' if total_places != 1 else ''} "
            f"in all, not {total}"
        )
    for b in beds:
        if b.gender != "any" and home.genders not in ("mixed", b.gender):
            raise ServiceError(f"{home.name} takes {home.genders} children only, not {b.gender}")


def record_vacancy(
    app: App,
    home_text: str,
    beds: Sequence[BedVacancy],
    *,
    reported_at: datetime,
    source: str,
    actor: str,
    now: datetime,
) -> VacancyResult:
    """A vacancy report an officer records (a phone call): the home found by the one
    lookup, the beds checked against the home's places, and open referrals matched again
    only if the home's current position changed."""
    from bot.services.errors import ServiceError
    from bot.services.homes import find_home

    if reported_at > now:
        raise ServiceError("the time reported is in the future")
    if any(b.count < 0 for b in beds):
        raise ServiceError("a number of beds must be 0 or more")
    beds = [b for b in beds if b.count > 0]
    with app.db.session() as s:
        home = find_home(app.current_homes(s), home_text)
        check_beds(home, beds)
        row = s.exec(select(HomeRow).where(HomeRow.code == home.code)).one()
        _, current, changed = record_report(
            s,
            row,
            beds,
            reported_at=reported_at,
            recorded_at=now,
            source=source,
            reported_by=actor,
        )
    today = london(now).date()
    result = VacancyResult(
        home.name, home.code, [bed_words(b, today) for b in beds], reported_at, current, changed
    )
    if not current:
        result.warnings.append(
            "a later report is already recorded: this one is kept in the history only"
        )
    if changed:
        from bot.services.matching import rematch_open

        notice = rematch_open(app, home.code, changed_at=now, now=now)
        result.newly_eligible_for = notice.references
    return result


@dataclass
class HomeVacancies:
    home: str
    home_code: str
    current: VacancyReport | None
    history: list[VacancyRow]  # newest reported first; includes the current one


def list_vacancies(app: App, *, history: bool = False) -> list[HomeVacancies]:
    with app.db.read_session() as s:
        reports = latest_reports(s)
        past: dict[int, list[VacancyRow]] = {}
        if history:
            for v in s.exec(
                select(VacancyRow).order_by(
                    col(VacancyRow.reported_at).desc(), col(VacancyRow.recorded_at).desc()
                )
            ):
                past.setdefault(v.home_id, []).append(v)
        rows = {r.code: r.id or 0 for r in s.exec(select(HomeRow).where(HomeRow.active))}
    return [
        HomeVacancies(h.name, h.code, reports.get(h.code), past.get(rows.get(h.code, 0), []))
        for h in app.homes.all()
    ]
