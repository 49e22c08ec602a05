"""What the scheduler reads and claims: the database's state as plain data for the pure
due-lists, and the claim of one occurrence (INSERT … ON CONFLICT DO NOTHING, in the
caller's transaction, the same one that queues the occurrence's messages)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, or_, select

from bot.schedule.calendar import make_calendar
from bot.schedule.jobs import (
    AlertState,
    HomeState,
    Occurrence,
    Plan,
    Recipients,
    ReferralState,
    State,
)
from bot.settings import Settings
from bot.store.db import Database
from bot.store.models import HomeRow, Referral, VacancyReport
from bot.store.rows import row_values
from bot.store.schedule_rows import OnCallAlert, ReportSubmission, ScheduleClaim

# How far back the state reaches: reminders look back to the previous working day, alerts
# and guards to what a restart may still catch up on.
STATE_DAYS = 15
OPEN_STATUSES = ("incomplete", "complete")


def plan_for(settings: Settings) -> Plan:
    c = settings.calendar
    return Plan(
        calendar=make_calendar(c.hours, c.closed_days, c.open_days),
        schedule=settings.schedule,
        recipients=Recipients(
            officers=settings.unit_inbox,
            team_manager=settings.contacts.team_manager_email,
            authorities=settings.contacts.authorities,
            slack_channel=settings.slack.channel if settings.slack.enabled else None,
            oncall=settings.oncall,
        ),
    )


def read_state(session: Session, since: datetime) -> State:
    """Active homes with their vacancy reports recorded since `since`; referrals open, or
    received or completed since then; alerts raised since then; months marked sent."""
    homes = list(session.exec(select(HomeRow).where(HomeRow.active).order_by(HomeRow.code)))
    reports: dict[int, list[datetime]] = defaultdict(list)
    for home_id, recorded in session.exec(
        select(VacancyReport.home_id, VacancyReport.recorded_at)
        .where(col(VacancyReport.recorded_at) >= since)
        .order_by(col(VacancyReport.recorded_at))
    ):
        reports[home_id].append(recorded)
    referrals = session.exec(
        select(Referral)
        .where(col(Referral.quarantined).is_(False))
        .where(
            or_(
                col(Referral.status).in_(OPEN_STATUSES),
                col(Referral.received_at) >= since,
                col(Referral.completed_at) >= since,
            )
        )
    )
    alerts = session.exec(select(OnCallAlert).where(col(OnCallAlert.raised_at) >= since))
    return State(
        homes=tuple(
            HomeState(
                h.code,
                h.name,
                tuple(e.strip() for e in h.contact_emails.split(";") if e.strip()),
                tuple(reports.get(h.id or 0, ())),
            )
            for h in homes
        ),
        referrals=tuple(
            ReferralState(
                r.reference, r.initials, r.status, r.received_at, r.completed_at, r.list_sent_at
            )
            for r in referrals
        ),
        alerts=tuple(
            AlertState(a.id or 0, a.reference, a.raised_at, a.acknowledged_at) for a in alerts
        ),
        reports_sent=frozenset(session.exec(select(ReportSubmission.month)).all()),
    )


@cache
def _claim_statement(dialect: str) -> Any:
    table = ScheduleClaim.__table__  # type: ignore[attr-defined]
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=["key"]).returning(table.c.id)


def claim(
    session: Session, occ: Occurrence, *, worker: str, now: datetime, status: str = "done",
    detail: str = "",
) -> int | None:
    """Claim the occurrence in the caller's transaction: its id, or None when another
    scheduler has it already. On PostgreSQL a concurrent claim of the same key waits for
    the first transaction and then finds the key taken."""
    row = ScheduleClaim(
        key=occ.key, job=occ.job, due_at=occ.due, target=occ.target, status=status,
        claimed_at=now, claimed_by=worker, detail=detail[:500],
    )
    conn = session.connection()
    new_id = conn.execute(_claim_statement(conn.dialect.name), row_values(row)).scalar()
    return None if new_id is None else int(new_id)


def settle_claim(session: Session, claim_id: int, *, status: str, message_id: str | None = None,
                 detail: str = "") -> None:
    from bot.store.rows import update_row

    update_row(session, ScheduleClaim, claim_id, status=status, message_id=message_id,
               detail=detail[:500])


def claimed(session: Session, keys: Iterable[str]) -> set[str]:
    keys = list(keys)
    found: set[str] = set()
    for i in range(0, len(keys), 500):
        found |= set(
            session.exec(
                select(ScheduleClaim.key).where(col(ScheduleClaim.key).in_(keys[i : i + 500]))
            ).all()
        )
    return found


def last_claimed_due(session: Session) -> datetime | None:
    value = session.exec(select(func.max(ScheduleClaim.due_at))).one()
    if value is None:
        return None
    from bot.store.models import UTCDateTime

    if isinstance(value, str):  # SQLite's max() hands back text, not the column's type
        value = datetime.fromisoformat(value)
    return UTCDateTime().process_result_value(value, session.connection().dialect)


def reminder_home(session: Session, message_ids: Sequence[str]) -> str | None:
    """The home whose vacancy reminder (or chase) had one of these Message-IDs."""
    ids = [m for m in message_ids if m]
    if not ids:
        return None
    return session.exec(
        select(ScheduleClaim.target)
        .where(col(ScheduleClaim.message_id).in_(ids))
        .where(col(ScheduleClaim.job).in_(("vacancy_reminder", "vacancy_chase")))
    ).first()


def claims_between(session: Session, start: datetime, end: datetime) -> list[ScheduleClaim]:
    return list(
        session.exec(
            select(ScheduleClaim)
            .where(col(ScheduleClaim.due_at) >= start, col(ScheduleClaim.due_at) < end)
            .order_by(col(ScheduleClaim.due_at), col(ScheduleClaim.key))
        )
    )


def state_since(now: datetime) -> datetime:
    return now - timedelta(days=STATE_DAYS)


def preview(db: Database, settings: Settings, start: date, days: int,
            now: datetime) -> list[Occurrence]:
    """What the scheduler will send from `start` (a London day) for `days` days, given
    the configuration and the database as they are at `now`. Read-only: a database
    that has not been brought to the newest schema yet is migrated first."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from bot.schedule.calendar import wall_clock
    from bot.schedule.jobs import due_between

    plan = plan_for(settings)
    try:
        with db.read_session() as s:
            state = read_state(s, state_since(now))
    except (OperationalError, ProgrammingError):
        from bot.store import migrate

        migrate.upgrade(db)
        with db.read_session() as s:
            state = read_state(s, state_since(now))
    begin = wall_clock(start, time(0))
    end = wall_clock(start + timedelta(days=days), time(0))
    return due_between(plan, state, begin, end)


def upcoming(db: Database, settings: Settings, now: datetime) -> dict[str, Occurrence | None]:
    from bot.schedule.jobs import next_runs

    with db.read_session() as s:
        state = read_state(s, state_since(now))
    return next_runs(plan_for(settings), state, now)
