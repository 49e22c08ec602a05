"""Consulting homes: an anonymised profile goes to chosen homes; their answers are recorded.
A decline excludes the home for that referral; an acceptance puts it first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, select

from bot.app import App
from bot.clock import london_words
from bot.intake.parsing.consultation import parse_consultation_reply
from bot.matching.labels import need_labels, risk_labels
from bot.services import audit
from bot.services.matching import MatchingError, age_on, find_referral, needed_on
from bot.store.codes import split_codes
from bot.store.models import Consultation, HomeRow, Referral

LEGAL_WORDS = {
    "s25_order": "secure accommodation order (s25) made",
    "s25_interim_order": "interim secure accommodation order",
    "s25_application_pending": "s25 application made, hearing to come",
    "s25_72_hour": "placed under the 72-hour rule",
    "remand": "remanded to local authority secure accommodation",
    "sentenced": "sentenced",
}


def profile(row: Referral, now: datetime) -> dict[str, object]:
    """What a home is told: no initials, no authority, no names, no case details."""
    return {
        "age": age_on(row.date_of_birth, row.age, needed_on(row, now)),
        "gender": row.gender or "not stated",
        "legal_status_words": LEGAL_WORDS.get(row.legal_status or "", "not stated"),
        "risks_words": risk_labels(split_codes(row.risks) or []),
        "needs_words": need_labels(split_codes(row.needs) or []),
        "needed_by": "now"
        if row.needed_now or row.needed_by is None
        else london_words(row.needed_by),
    }


def consult(app: App, reference: str, home_names: Sequence[str], actor: str = "cli") -> list[str]:
    from bot.notify.outbox import enqueue_email
    from bot.notify.templates import render_email

    now = app.clock()
    sent: list[str] = []
    with app.db.session() as session:
        row = find_referral(session, reference)
        if row.status not in ("complete", "list_sent"):
            raise MatchingError(
                f"{row.reference} is {row.status}: only complete referrals are consulted on"
            )
        for name in home_names:
            home = _home(session, name)
            if not home.contact_emails:
                raise MatchingError(f"{home.name} has no contact email")
            mail = render_email(
                app.templates,
                "consult",
                unit_name=app.settings.unit_name,
                reference=row.reference,
                profile=profile(row, now),
            )
            out = enqueue_email(
                session,
                app.settings,
                to=home.contact_emails.split(";"),
                subject=mail.subject,
                text=mail.text,
                html=mail.html,
                purpose="consult",
                dedupe_key=f"consult:{row.reference}:{home.code}",
                now=now,
                referral_id=row.id,
            )
            existing = session.exec(
                select(Consultation).where(
                    Consultation.referral_id == row.id, Consultation.home_id == home.id
                )
            ).first()
            if existing is None:
                session.add(
                    Consultation(
                        referral_id=row.id or 0,
                        home_id=home.id or 0,
                        message_id=out.message_id,
                        sent_at=now,
                    )
                )
            audit.record(
                session,
                "consulted",
                at=now,
                referral_id=row.id,
                actor=actor,
                detail=f"{row.reference} {home.code}",
            )
            sent.append(home.name)
    return sent


def _home(session: Session, name: str) -> HomeRow:
    from rapidfuzz import process

    rows = list(session.exec(select(HomeRow).where(HomeRow.active)))
    for r in rows:
        if name.strip().lower() in (r.code.lower(), r.name.lower()):
            return r
    best = process.extractOne(name, {r.code: r.name for r in rows}, score_cutoff=85)
    if best is None:
        raise MatchingError(f"no home matches {name!r}")
    return next(r for r in rows if r.code == best[2])


def record_answer(session: Session, consultation: Consultation, text: str, now: datetime) -> str:
    """Returns the email's disposition: processed, or flagged when the answer is unclear."""
    answer = parse_consultation_reply(text)
    if answer is None:
        audit.record(session, "consultation_unclear", at=now, referral_id=consultation.referral_id)
        return "flagged"
    consultation.answer = answer.answer
    consultation.reason = answer.reason
    consultation.answered_at = now
    session.add(consultation)
    audit.record(
        session, f"consultation_{answer.answer}", at=now, referral_id=consultation.referral_id
    )
    return "processed"
