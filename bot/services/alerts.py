"""On-call alerts: raised for a referral that arrives (or becomes complete) while the unit
is closed, escalated to the backup and then the team manager while nobody acknowledges,
and acknowledged by any front end (`swcu ack`, a reply "ACK" to the email or to the SMS, the
Slack button) through `acknowledge_in`.

Each alert goes by every channel the person can be reached on: a Slack DM (Slack
configured and a user ID known), an SMS through Notify (configured and a phone known),
else an email. Each is its own outbox row, so one failing channel never holds up the
others and retries on its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.app import App
from bot.domain.sms_reply import normalise_number
from bot.services import audit, messages
from bot.services.errors import ServiceError
from bot.services.oncall import person_for_stage
from bot.settings_schedule import Person
from bot.store.models import Referral
from bot.store.rows import insert_row
from bot.store.schedule_rows import AlertText, OnCallAlert, ScheduleClaim

EVENT_WORDS = {"received": "received", "completed": "now complete"}
ALERT_JOBS = ("oncall_alert", "oncall_backup", "oncall_manager")


@dataclass(frozen=True)
class AckResult:
    alert_id: int
    reference: str
    acknowledged_at: datetime
    acknowledged_by: str
    already: bool  # it had been acknowledged before (this call changed nothing)


def _send(app: App, session: Session, alert: OnCallAlert, person: Person | None, *,
          stage: str, key: str, now: datetime, initials: str, event_at: datetime) -> str | None:
    """Queue the alert to `person` by each channel; the email's Message-ID (for an ACK
    reply) if one went."""
    s = app.settings
    context: dict[str, Any] = dict(alert_id=alert.id, reference=alert.reference, initials=initials,
                   event=EVENT_WORDS.get(alert.event, alert.event), at=event_at,
                   escalated=stage != "oncall_alert")
    rid = alert.referral_id
    slack_sent = sms_sent = False
    if person is not None and person.slack and s.slack.enabled:
        from bot.notify.slack_blocks import alert_blocks

        # The DM carries an Acknowledge button (the Slack front end calls acknowledge_alert).
        blocks = alert_blocks(str(alert.id), f"{alert.reference} ({initials}): {context['event']}")
        messages.queue_slack(app, session, "oncall_alert", channel=person.slack, blocks=blocks,
                             dedupe_key=f"{key}:slack", now=now, referral_id=rid, **context)
        slack_sent = True
    if person is not None and person.phone and s.notify.sms_enabled:
        messages.queue_sms(app, session, "oncall_alert", to=person.phone,
                           dedupe_key=f"{key}:sms", now=now, referral_id=rid, **context)
        # An SMS has no thread: a reply "ACK" finds its alert by the number it went to.
        insert_row(session, AlertText(alert_id=alert.id or 0, stage=stage, texted_at=now,
                                      phone=normalise_number(person.phone) or person.phone))
        sms_sent = True
    email = person.email if person is not None else None
    if email is None and stage == "oncall_manager":
        email = s.contacts.team_manager_email
    if sms_sent:
        email = None  # email is the channel for when SMS is not configured
    elif email is None and not slack_sent:
        email = s.unit_inbox  # nobody to reach: the unit's inbox rather than nothing
    if email is None:
        return None
    row = messages.queue_email(app, session, "oncall_alert", to=[email],
                               dedupe_key=f"{key}:email", now=now, referral_id=rid, **context)
    return row.message_id


def raise_alert(app: App, session: Session, *, target: str, due: datetime, key: str,
                now: datetime) -> str | None:
    """The first alert, to whoever is on call at `due`. `target` is "REFERENCE:event"."""
    reference, _, event = target.rpartition(":")
    r = session.exec(select(Referral).where(Referral.reference == reference)).first()
    if r is None:
        return None
    existing = session.exec(select(OnCallAlert).where(OnCallAlert.key == target)).first()
    if existing is not None:
        return None
    # Raised when it is sent (late, after downtime, the escalation still waits its 15
    # minutes); the message says when the referral came.
    alert = OnCallAlert(key=target, referral_id=r.id, reference=reference, event=event,
                        raised_at=now)
    session.add(alert)
    session.flush()
    audit.record(session, "oncall_alert", at=now, referral_id=r.id, detail=f"alert {alert.id}")
    person = person_for_stage(app.settings, "oncall_alert", now)
    return _send(app, session, alert, person, stage="oncall_alert", key=key, now=now,
                 initials=r.initials or "?", event_at=due)


def escalate(app: App, session: Session, *, alert_id: int, stage: str, due: datetime,
             key: str, now: datetime) -> str | None:
    """The next step for an alert still unacknowledged; None once acknowledged."""
    alert = session.get(OnCallAlert, alert_id)
    if alert is None or alert.acknowledged_at is not None:
        return None
    alert.stage = stage
    session.add(alert)
    r = session.get(Referral, alert.referral_id) if alert.referral_id else None
    person = person_for_stage(app.settings, stage, alert.raised_at)
    audit.record(session, stage, at=now, referral_id=alert.referral_id,
                 detail=f"alert {alert.id}")
    event_at = (r.completed_at if alert.event == "completed" else r.received_at) if r else None
    return _send(app, session, alert, person, stage=stage, key=key, now=now,
                 initials=(r.initials if r else None) or "?", event_at=event_at or alert.raised_at)


def acknowledge_alert(app: App, alert_id: int | str, *, actor: str,
                      now: datetime) -> AckResult:
    """Acknowledge an alert: no further escalation. Repeating it is harmless (the first
    acknowledgement stands). The same call serves the CLI, the email reply and Slack."""
    with app.db.session() as session:
        return acknowledge_in(session, alert_id, actor=actor, now=now)


def acknowledge_in(session: Session, alert_id: int | str, *, actor: str,
                   now: datetime) -> AckResult:
    number = _alert_number(alert_id)
    alert = session.get(OnCallAlert, number)
    if alert is None:
        raise ServiceError(f"no alert {alert_id}")
    already = alert.acknowledged_at is not None
    if not already:
        alert.acknowledged_at = now
        alert.acknowledged_by = actor
        session.add(alert)
        audit.record(session, "alert_acknowledged", at=now, actor=actor,
                     referral_id=alert.referral_id, detail=f"alert {alert.id}")
    assert alert.acknowledged_at is not None
    return AckResult(number, alert.reference, alert.acknowledged_at,
                     alert.acknowledged_by or actor, already)


def _alert_number(alert_id: int | str) -> int:
    text = str(alert_id).strip().upper().removeprefix("ALERT").strip().lstrip("#")
    if not text.isdigit():
        raise ServiceError(f"an alert is named by its number, not {alert_id!r}")
    return int(text)


_ACK = re.compile(r"^\s*ack\b", re.IGNORECASE)


def acknowledge_by_reply(session: Session, thread_ids: Sequence[str], text: str,
                         sender: str | None, now: datetime) -> AckResult | None:
    """A reply to one of our alert emails whose first word is ACK acknowledges it."""
    ids = [m for m in thread_ids if m]
    if not ids or not _ACK.match(text or ""):
        return None
    found = session.exec(
        select(ScheduleClaim.job, ScheduleClaim.target)
        .where(col(ScheduleClaim.message_id).in_(ids))
        .where(col(ScheduleClaim.job).in_(ALERT_JOBS))
    ).first()
    if found is None:
        return None
    job, target = found
    if job == "oncall_alert":
        alert = session.exec(select(OnCallAlert).where(OnCallAlert.key == target)).first()
        if alert is None or alert.id is None:
            return None
        number = alert.id
    else:
        number = int(target)
    return acknowledge_in(session, number, actor=f"email:{(sender or '').lower()}", now=now)


def alert_list(session: Session, since: datetime) -> list[OnCallAlert]:
    return list(
        session.exec(
            select(OnCallAlert)
            .where(col(OnCallAlert.raised_at) >= since)
            .order_by(col(OnCallAlert.raised_at))
        )
    )
