"""The scheduler's notices as services: each queues its messages through
`services.messages` in the caller's session (the transaction holding the occurrence's
claim), with the claim's key as dedupe key, and returns the Message-ID of the email it
queued (None when there was nothing to send any more)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from bot.app import App
from bot.clock import london_words
from bot.schedule.jobs import HomeState, Plan, is_closure_notice, report_deadline
from bot.services import messages
from bot.services.errors import ServiceError
from bot.services.oncall import on_call
from bot.store.models import HomeRow, Referral
from bot.store.schedule_rows import KpiBreach, ReportSubmission, ScheduleClaim


def _home(session: Session, code: str) -> HomeRow | None:
    return session.exec(select(HomeRow).where(HomeRow.code == code)).first()


def _emails(home: HomeRow) -> list[str]:
    return [e.strip() for e in home.contact_emails.split(";") if e.strip()]


def vacancy_reminder(app: App, session: Session, *, home_code: str, due: datetime,
                     key: str, now: datetime, chase: bool = False) -> str | None:
    """The morning's vacancy check to one home (or, `chase`, the late-morning reminder,
    threaded under the morning's)."""
    home = _home(session, home_code)
    if home is None or not home.active or not _emails(home):
        return None
    parent = None
    if chase:
        parent = session.exec(
            select(ScheduleClaim.message_id)
            .where(ScheduleClaim.job == "vacancy_reminder", ScheduleClaim.target == home_code)
            .where(col(ScheduleClaim.due_at) <= due)
            .order_by(col(ScheduleClaim.due_at).desc())
        ).first()
    row = messages.queue_email(
        app, session, "vacancy_chase" if chase else "vacancy_reminder",
        to=_emails(home), dedupe_key=key, now=now, in_reply_to=parent or None,
        home_name=home.name, day=due,
    )
    return row.message_id


def vacancy_noon_list(app: App, session: Session, *, silent: Sequence[HomeState],
                      due: datetime, key: str, now: datetime) -> str | None:
    if not silent:
        return None
    row = messages.queue_email(
        app, session, "vacancy_noon_list", to=[app.settings.unit_inbox], dedupe_key=key,
        now=now, homes=[{"name": h.name, "code": h.code} for h in silent], day=due, at=due,
    )
    return row.message_id


def _open_without_list(session: Session, reference: str) -> Referral | None:
    r = session.exec(select(Referral).where(Referral.reference == reference)).first()
    if r is None or r.status != "complete" or r.list_sent_at is not None:
        return None
    return r


def guard_warning(app: App, session: Session, *, reference: str, key: str,
                  now: datetime) -> str | None:
    r = _open_without_list(session, reference)
    if r is None or r.completed_at is None:
        return None
    s = app.settings
    context: dict[str, Any] = dict(reference=r.reference, initials=r.initials or "?",
                   due_at=r.completed_at + timedelta(minutes=s.schedule.guard_breach_minutes),
                   minutes=s.schedule.guard_warning_minutes)
    row = messages.queue_email(app, session, "guard_warning", to=[s.unit_inbox],
                               dedupe_key=key, now=now, referral_id=r.id, **context)
    if s.slack.enabled:
        messages.queue_slack(app, session, "guard_warning", dedupe_key=f"{key}:slack", now=now,
                             referral_id=r.id, **context)
    return row.message_id


def guard_breach(app: App, session: Session, *, reference: str, key: str, now: datetime,
                 notify: bool = True) -> str | None:
    """Record the breach for the report and alert officers and the team manager (when
    `notify`: a breach noticed too late to be worth an alert is still recorded)."""
    r = _open_without_list(session, reference)
    if r is None or r.completed_at is None or r.id is None:
        return None
    if session.exec(select(KpiBreach).where(KpiBreach.referral_id == r.id)).first() is None:
        session.add(KpiBreach(referral_id=r.id, reference=r.reference,
                              completed_at=r.completed_at, detected_at=now))
        session.flush()
    if not notify:
        return None
    s = app.settings
    context: dict[str, Any] = dict(reference=r.reference, initials=r.initials or "?",
                   completed_at=r.completed_at)
    row = messages.queue_email(
        app, session, "guard_breach", to=[s.unit_inbox, s.contacts.team_manager_email],
        dedupe_key=key, now=now, referral_id=r.id, **context,
    )
    if s.slack.enabled:
        messages.queue_slack(app, session, "guard_breach", dedupe_key=f"{key}:slack", now=now,
                             referral_id=r.id, **context)
    return row.message_id


def _on_call_words(app: App, at: datetime) -> tuple[str, str | None]:
    """What authorities are told to do out of hours, and the on-call officer's name."""
    person = on_call(app.settings, at).person
    phone = app.settings.contacts.on_call_phone
    contact = f"ring {phone}" if phone else f"email {app.settings.referrals_address}"
    return contact, person.name if person else None


def friday_notice(app: App, session: Session, plan: Plan, *, target: str, due: datetime,
                  key: str, now: datetime) -> str | None:
    """Open until the Friday close, then on-call; or, sent on the working day before a
    closed Friday, the closure notice."""
    cal = plan.calendar
    closes = cal.next_close(due)
    reopens = cal.next_open(closes)
    closure = is_closure_notice(plan, due)
    template = "friday_closure" if closure else "friday_notice"
    contact, name = _on_call_words(app, closes)
    context: dict[str, Any] = dict(
        closes=closes, reopens=reopens, closed_from=closes + timedelta(days=1),
        on_call_contact=contact, on_call_name=name,
        referrals_address=app.settings.referrals_address,
    )
    if target == "slack":
        messages.queue_slack(app, session, template, dedupe_key=key, now=now, **context)
        return None
    first = None
    # One each: no authority sees the others' addresses. No list set: the unit's inbox.
    for address in app.settings.contacts.authorities or (app.settings.unit_inbox,):
        row = messages.queue_email(app, session, template, to=[address],
                                   dedupe_key=f"{key}:{address.lower()}", now=now, **context)
        first = first or row.message_id
    return first


def friday_handover(app: App, session: Session, *, due: datetime, key: str,
                    now: datetime) -> str | None:
    """The open referrals and their clocks, reference and initials only, to on-call."""
    open_refs = session.exec(
        select(Referral)
        .where(col(Referral.status).in_(("incomplete", "complete")))
        .where(col(Referral.quarantined).is_(False))
        .order_by(col(Referral.received_at))
    ).all()
    referrals = [
        {"reference": r.reference, "initials": r.initials or "?", "clock": _clock(r, now)}
        for r in open_refs
    ]
    person = on_call(app.settings, due).person
    name = person.name if person else None
    if app.settings.slack.enabled:
        messages.queue_slack(app, session, "friday_handover", dedupe_key=key, now=now,
                             referrals=referrals, on_call_name=name)
        return None
    to = person.email if person and person.email else app.settings.unit_inbox
    row = messages.queue_email(app, session, "friday_handover", to=[to], dedupe_key=key,
                               now=now, referrals=referrals, on_call_name=name)
    return row.message_id


def _clock(r: Referral, now: datetime) -> str:
    if r.status == "incomplete":
        return "incomplete, clock not started"
    if r.due_at is None:
        return "complete"
    minutes = int((r.due_at - now).total_seconds() // 60)
    if minutes < 0:
        return f"no list, overdue by {-minutes} min"
    return f"no list, {minutes} min left (due {london_words(r.due_at).split(', ')[-1]})"


def report_ready(app: App, session: Session, plan: Plan, *, month: str, files: Sequence[Path],
                 key: str, now: datetime) -> str:
    row = messages.queue_email(
        app, session, "monthly_report", to=[app.settings.contacts.team_manager_email],
        dedupe_key=key, now=now, month=month, files=[str(f) for f in files],
        deadline=report_deadline(plan, month),
        deadline_day=plan.schedule.report_deadline_working_day,
    )
    return row.message_id


def report_reminder(app: App, session: Session, plan: Plan, *, month: str, key: str,
                    now: datetime) -> str | None:
    if session.get(ReportSubmission, month) is not None:
        return None
    row = messages.queue_email(
        app, session, "monthly_report_reminder", to=[app.settings.contacts.team_manager_email],
        dedupe_key=key, now=now, month=month, deadline=report_deadline(plan, month),
    )
    return row.message_id


def mark_report_sent(app: App, month: str, *, actor: str, now: datetime) -> dict[str, object]:
    """Record that `month`'s report went to DfE (no reminder then); again is harmless."""
    from bot.services import audit
    from bot.services.report import parse_month

    try:
        parse_month(month)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None
    with app.db.session() as session:
        done = session.get(ReportSubmission, month)
        if done is not None:
            return {"month": month, "marked_at": done.marked_at, "already": True}
        session.add(ReportSubmission(month=month, marked_at=now, actor=actor))
        audit.record(session, "report_marked_sent", at=now, actor=actor, detail=month)
    return {"month": month, "marked_at": now, "already": False}

