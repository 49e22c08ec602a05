"""Consulting homes: an anonymised profile goes to chosen homes; their answers are recorded.
A decline excludes the home for that referral; an acceptance puts it first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from bot.app import App
from bot.clock import london_words
from bot.domain.model import Home
from bot.intake.parsing.consultation import parse_consultation_reply
from bot.matching.labels import need_labels, risk_labels
from bot.services import audit, idempotency
from bot.services.homes import find_home
from bot.services.matching import MatchingError, age_on, compute, find_referral, needed_on
from bot.services.messages import queue_email
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


@dataclass
class ConsultResult:
    reference: str
    consulted: list[str]  # homes asked now
    already: list[str] = field(default_factory=list)  # asked before: not asked again
    warnings: list[str] = field(default_factory=list)
    repeated: bool = False  # the same key was used before: nothing done again


def consult(
    app: App,
    reference: str,
    home_names: Sequence[str],
    *,
    actor: str,
    key: str,
    now: datetime,
    force: bool = False,
) -> ConsultResult:
    """Send the anonymised profile to the homes named. A home already consulted is not
    asked twice; a home the matcher excludes is refused unless `force` (audited)."""
    if not home_names:
        raise MatchingError("name at least one home to consult")
    with app.db.session() as session:
        first = idempotency.done_before(session, key, "consult")
        if first is not None:
            return ConsultResult(
                str(first["reference"]),
                list(first["consulted"]),
                list(first["already"]),
                list(first["warnings"]),
                repeated=True,
            )
        row = find_referral(session, reference)
        if row.status not in ("complete", "list_sent"):
            raise MatchingError(
                f"{row.reference} is {row.status}: only complete referrals are consulted on"
            )
        homes = app.current_homes(session)
        chosen = _unique_homes([find_home(homes, name) for name in home_names])
        # A home with no vacancy reported may still be asked (a bed may be coming); a home
        # excluded for who the child is, or one that declined, needs the officer's say-so.
        excluded = {
            e.home.code: e
            for e in compute(app, session, row, now).excluded
            if e.reason != "no_vacancy"
        }
        result = ConsultResult(row.reference, [])
        for home in chosen:
            if home.code in excluded and not force:
                raise MatchingError(
                    f"{home.name} is excluded for {row.reference}: "
                    f"{excluded[home.code].detail} (consult anyway to override)"
                )
            if not home.contact_emails:
                raise MatchingError(f"{home.name} has no contact email")
        for home in chosen:
            home_row = _home_row(session, home.code)
            existing = session.exec(
                select(Consultation).where(
                    Consultation.referral_id == row.id, Consultation.home_id == home_row.id
                )
            ).first()
            if existing is not None:
                result.already.append(home.name)
                result.warnings.append(
                    f"{home.name} was already consulted at {london_words(existing.sent_at)}"
                )
                continue
            out = queue_email(
                app,
                session,
                "consult",
                to=list(home.contact_emails),
                dedupe_key=f"consult:{row.reference}:{home.code}",
                now=now,
                referral_id=row.id,
                reference=row.reference,
                profile=profile(row, now),
            )
            session.add(
                Consultation(
                    referral_id=row.id or 0,
                    home_id=home_row.id or 0,
                    message_id=out.message_id,
                    sent_at=now,
                )
            )
            forced = home.code in excluded
            if forced:
                result.warnings.append(
                    f"{home.name} consulted although excluded: {excluded[home.code].detail}"
                )
            audit.record(
                session,
                "consulted_excluded" if forced else "consulted",
                at=now,
                referral_id=row.id,
                actor=actor,
                detail=f"{row.reference} {home.code}",
            )
            result.consulted.append(home.name)
        idempotency.remember(
            session,
            key,
            "consult",
            {
                "reference": result.reference,
                "consulted": result.consulted,
                "already": result.already,
                "warnings": result.warnings,
            },
            actor=actor,
            at=now,
            referral_id=row.id,
        )
    return result


def _unique_homes(homes: list[Home]) -> list[Home]:
    seen: dict[str, Home] = {}
    for h in homes:
        seen.setdefault(h.code, h)
    return list(seen.values())


def _home_row(session: Session, code: str) -> HomeRow:
    return session.exec(select(HomeRow).where(HomeRow.code == code)).one()


def record_answer_by_hand(
    app: App,
    reference: str,
    home_text: str,
    answer: str,
    *,
    reason: str | None,
    actor: str,
    now: datetime,
) -> str:
    """A home's answer given by phone: accept or decline, for a home that was consulted.
    Returns the home's name."""
    if answer not in ("accept", "decline"):
        raise MatchingError("the answer must be accept or decline")
    with app.db.session() as session:
        row = find_referral(session, reference)
        home = find_home(app.current_homes(session), home_text)
        consultation = session.exec(
            select(Consultation).where(
                Consultation.referral_id == row.id,
                Consultation.home_id == _home_row(session, home.code).id,
            )
        ).first()
        if consultation is None:
            raise MatchingError(f"{home.name} was not consulted on {row.reference}")
        consultation.answer = answer
        consultation.reason = reason
        consultation.answered_at = now
        session.add(consultation)
        audit.record(
            session,
            f"consultation_{answer}",
            at=now,
            actor=actor,
            referral_id=row.id,
            detail=f"{row.reference} {home.code}",
        )
        return home.name


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
