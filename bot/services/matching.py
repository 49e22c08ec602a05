"""The ranked list of a referral: built from the store, computed by the pure matcher, sent
as a draft to the officers and, by `swcu send` (or `auto_send_lists`), to the social worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from bot.app import App
from bot.clock import london, london_words
from bot.domain.model import Home, Place
from bot.matching.matcher import MatchRequest, MatchResult, rank_homes
from bot.matching.types import RankedHome
from bot.notify.templates import plural
from bot.services import audit, idempotency
from bot.services.errors import ServiceError
from bot.services.homes import find_home
from bot.services.messages import queue_email, queue_plain, queue_slack
from bot.store import referrals as referral_store
from bot.store.codes import split_codes, split_set
from bot.store.models import Consultation, HomeRow, Referral

# One error type for every service; the old name stays for the callers that use it.
MatchingError = ServiceError


def age_on(dob: date | None, stated_age: int | None, day: date) -> int | None:
    if dob is None:
        return stated_age
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def needed_on(row: Referral, now: datetime) -> date:
    today = london(now).date()
    if row.needed_by is None or row.needed_now:
        return today
    return max(london(row.needed_by).date(), today)


def build_request(
    app: App, session: Session, row: Referral, now: datetime, homes: Sequence[Home]
) -> MatchRequest:
    day = needed_on(row, now)
    origin = _locate(app, row.home_area) or _locate(app, row.placing_authority)
    avoid_names = {n.lower() for n in split_codes(row.avoid_homes) or []}
    avoid_codes = frozenset(
        h.code for h in (homes if avoid_names else ()) if h.name.lower() in avoid_names
    )
    areas = tuple(p for p in (_locate(app, a) for a in split_codes(row.avoid_areas) or []) if p)
    answers = session.exec(
        select(Consultation.answer, HomeRow.code)
        .join(HomeRow, HomeRow.id == Consultation.home_id)  # type: ignore[arg-type]
        .where(Consultation.referral_id == row.id)
    ).all()
    return MatchRequest(
        reference=row.reference,
        age=age_on(row.date_of_birth, row.age, day),
        gender=row.gender,
        placement_type=row.placement_type,
        needed_on=day,
        risks=split_set(row.risks),
        needs=split_set(row.needs),
        origin=origin,
        avoid_home_codes=avoid_codes,
        avoid_areas=areas,
        declined_home_codes=frozenset(c for a, c in answers if a == "decline"),
        accepted_home_codes=frozenset(c for a, c in answers if a == "accept"),
    )


def _locate(app: App, text: str | None) -> Place | None:
    return app.gazetteer.locate(text) if text else None


def compute(app: App, session: Session, row: Referral, now: datetime | None = None) -> MatchResult:
    now = now or app.clock()
    homes, vacancies = app.matching_data(session)
    return rank_homes(build_request(app, session, row, now, homes), homes, vacancies, now)


def match(app: App, reference: str, *, now: datetime) -> MatchResult:
    """The ranked list of a stored referral as it stands now (nothing is sent)."""
    with app.db.read_session() as session:
        return compute(app, session, find_referral(session, reference), now)


def find_referral(session: Session, reference: str) -> Referral:
    row = referral_store.by_reference(session, reference.strip())
    if row is None:
        raise MatchingError(f"no referral {reference.strip()}")
    return row


def draft_list(app: App, referral_id: int, now: datetime | None = None) -> MatchResult | None:
    """Compute the list for a referral that has just become complete and send the draft to
    the officers (Slack when configured, else the unit's inbox)."""
    now = now or app.clock()
    with app.db.session() as session:
        row = session.get(Referral, referral_id)
        if row is None or row.status != "complete":
            return None
        result = compute(app, session, row, now)
        row.eligible_homes = ";".join(r.home.code for r in result.ranked)
        session.add(row)
        context = _list_context(app, row, result)
        # The full draft, with reasons, goes to the unit's inbox; a Slack channel (when
        # configured) gets a short notice with the reference and initials only.
        if app.settings.slack.enabled:
            queue_slack(
                app,
                session,
                "draft_list",
                dedupe_key=f"slack_draft_list:{row.reference}:{row.completed_at}",
                now=now,
                referral_id=row.id,
                **context,
            )
        queue_email(
            app,
            session,
            "draft_list",
            to=[app.settings.unit_inbox],
            dedupe_key=f"draft_list:{row.reference}:{row.completed_at}",
            now=now,
            referral_id=row.id,
            **context,
        )
        audit.record(
            session,
            "draft_list",
            at=now,
            referral_id=row.id,
            detail=f"{row.reference} {plural(len(result.ranked), 'home')} ranked",
        )
        key = f"auto_send_lists:{row.reference}:{row.completed_at}"
    if app.settings.auto_send_lists and result.ranked:
        send_list(app, row.reference, actor="auto_send_lists", key=key, now=now)
    return result


def rematch_one(app: App, referral_id: int, now: datetime) -> int | None:
    """Match a complete referral again after its fields changed; its ranked homes are kept
    to spot new ones later. Returns how many homes are ranked (None: not matched)."""
    with app.db.session() as session:
        row = session.get(Referral, referral_id)
        if row is None or row.status not in ("complete", "list_sent"):
            return None
        result = compute(app, session, row, now)
        row.eligible_homes = ";".join(r.home.code for r in result.ranked)
        session.add(row)
        return len(result.ranked)


def _list_context(app: App, row: Referral, result: MatchResult) -> dict[str, Any]:
    return {
        "unit_name": app.settings.unit_name,
        "reference": row.reference,
        "initials": row.initials or "",
        "placing_authority": row.placing_authority or "",
        "due_at": row.due_at,
        "ranked": [
            {
                "rank": r.rank,
                "home": r.home.name,
                "distance_miles": r.distance_miles,
                "reasons": r.reasons,
                "warnings": r.warnings,
            }
            for r in result.ranked
        ],
        "excluded": [
            {"home": e.home.name, "reason": e.reason, "detail": e.detail} for e in result.excluded
        ],
    }


@dataclass
class SendResult:
    reference: str
    homes: list[str]  # names of the homes sent
    sent_at: datetime
    repeated: bool = False  # the same key was used before: nothing sent again


def send_list(
    app: App,
    reference: str,
    homes: Sequence[str] | None = None,
    *,
    actor: str,
    key: str,
    now: datetime,
    note: str | None = None,
    again: bool = False,
) -> SendResult:
    """Email the social worker the potential placements and stop the two-hour clock.
    The same `key` twice sends once and returns the first result; a new key after a list
    was sent is refused (saying when) unless `again`."""
    with app.db.session() as session:
        first = idempotency.done_before(session, key, "send_list")
        if first is not None:
            return SendResult(
                str(first["reference"]),
                list(first["homes"]),
                datetime.fromisoformat(str(first["sent_at"])),
                repeated=True,
            )
        row = find_referral(session, reference)
        if row.status == "incomplete":
            raise MatchingError(
                f"{row.reference} is incomplete: missing {row.missing.replace(';', ', ')}"
            )
        if row.status not in ("complete", "list_sent"):
            raise MatchingError(f"{row.reference} is closed ({row.status})")
        if row.list_sent_at is not None and not again:
            raise MatchingError(
                f"{row.reference}: the list was already sent at {london_words(row.list_sent_at)}; "
                "ask to send it again to send another"
            )
        if not row.social_worker_email:
            raise MatchingError(f"{row.reference} has no social worker email")
        result = compute(app, session, row, now)
        chosen = _choose(app, result, homes)
        queue_email(
            app,
            session,
            "placement_list",
            to=[row.social_worker_email],
            dedupe_key=f"placement_list:{row.reference}:{key}",
            now=now,
            referral_id=row.id,
            in_reply_to=row.message_id,
            references=[row.message_id] if row.message_id else [],
            reference=row.reference,
            initials=row.initials or "",
            officer_note=note,
            homes=[
                {
                    "home": r.home.name,
                    "town": r.home.town,
                    "distance_miles": r.distance_miles,
                    "reasons": r.reasons,
                }
                for r in chosen
            ],
        )
        if row.list_sent_at is None:
            row.list_sent_at = now
        row.status = "list_sent"
        row.updated_at = now
        session.add(row)
        audit.record(
            session,
            "list_sent",
            at=now,
            referral_id=row.id,
            actor=actor,
            detail=f"{row.reference} {','.join(r.home.code for r in chosen)}",
        )
        sent = SendResult(row.reference, [r.home.name for r in chosen], now)
        idempotency.remember(
            session,
            key,
            "send_list",
            {"reference": sent.reference, "homes": sent.homes, "sent_at": now.isoformat()},
            actor=actor,
            at=now,
            referral_id=row.id,
        )
        return sent


def _choose(app: App, result: MatchResult, names: Sequence[str] | None) -> list[RankedHome]:
    if not names:
        chosen = result.ranked[: app.settings.list_size]
        if not chosen:
            raise MatchingError("no eligible home to send: name the homes to send")
        return chosen
    everyone = [r.home for r in result.ranked] + [e.home for e in result.excluded]
    picked = []
    for name in names:
        home = find_home(everyone, name)
        hit = next((r for r in result.ranked if r.home.code == home.code), None)
        if hit is None:
            excluded = next(e for e in result.excluded if e.home.code == home.code)
            raise MatchingError(f"{excluded.home.name} is excluded: {excluded.detail}")
        picked.append(hit)
    return picked


@dataclass
class EligibleNotice:
    home: str
    references: list[str] = field(default_factory=list)


def rematch_open(
    app: App, changed_home_code: str, *, changed_at: datetime, now: datetime | None = None
) -> EligibleNotice:
    """After the current vacancy position of one home changed (recorded at `changed_at`):
    re-match the open referrals and tell the officers, in one message, of the referrals for
    which that home has become eligible. A referral completed after the change, or not
    matched yet, is (or will be) matched with the change already known: not news."""
    now = now or app.clock()
    notice = EligibleNotice(changed_home_code)
    with app.db.session() as session:
        rows = referral_store.open_referrals(session, ["complete", "list_sent"])
        told: list[Referral] = []
        for row in rows:
            result = compute(app, session, row, now)
            before = split_codes(row.eligible_homes)
            now_eligible = [r.home for r in result.ranked]
            row.eligible_homes = ";".join(h.code for h in now_eligible)
            session.add(row)
            if before is None or (row.completed_at and row.completed_at > changed_at):
                continue
            home = next((h for h in now_eligible if h.code == changed_home_code), None)
            if home is not None and home.code not in before:
                notice.home = home.name
                told.append(row)
        notice.references = [r.reference for r in told]
        if told:
            listed = "\n".join(f"- {r.reference} ({r.initials or '--'})" for r in told)
            subject = (
                f"{notice.home} is now eligible for "
                f"{plural(len(told), 'open referral')}: " + ", ".join(r.reference for r in told)
            )
            queue_plain(
                app,
                session,
                to=[app.settings.unit_inbox],
                subject=subject,
                text=(
                    f"After a vacancy update at {london_words(changed_at)}, {notice.home} "
                    f"can now be considered for {plural(len(told), 'referral')}:\n"
                    f"{listed}\n"
                ),
                purpose="new_eligible_home",
                dedupe_key=f"new_eligible:{changed_home_code}:{changed_at.isoformat()}",
                now=now,
                referral_id=told[0].id if len(told) == 1 else None,
            )
    return notice
