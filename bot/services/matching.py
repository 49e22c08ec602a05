"""The ranked list of a referral: built from the store, computed by the pure matcher, sent
as a draft to the officers and, by `swcu send` (or `auto_send_lists`), to the social worker."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session, select

from bot.app import App
from bot.clock import london, london_words
from bot.domain.model import Home, Place
from bot.matching.matcher import MatchRequest, MatchResult, rank_homes
from bot.matching.render import for_social_worker, list_for_people
from bot.services import audit
from bot.services.errors import ServiceError
from bot.store import referrals as referral_store
from bot.store.codes import split_codes, split_set
from bot.store.models import Consultation, HomeRow, Referral


class MatchingError(ServiceError):
    """The referral cannot be matched or sent; the message says why in plain words."""


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
        secretary_of_state_approval=row.secretary_of_state_approval,
    )


def _locate(app: App, text: str | None) -> Place | None:
    return app.gazetteer.locate(text) if text else None


def compute(app: App, session: Session, row: Referral, now: datetime | None = None) -> MatchResult:
    now = now or app.clock()
    homes, vacancies = app.matching_data(session)
    request = build_request(app, session, row, now, homes)
    return rank_homes(request, homes, vacancies, now, app.settings.ranking)


def find_referral(session: Session, reference: str) -> Referral:
    row = referral_store.by_reference(session, reference)
    if row is None:
        raise MatchingError(f"no referral {reference}")
    return row


def draft_list(app: App, referral_id: int) -> MatchResult | None:
    """Compute the list for a referral that has just become complete and send the draft to
    the officers (Slack when configured, else the unit's inbox)."""
    from bot.notify.outbox import enqueue_email, enqueue_slack
    from bot.notify.templates import render_email, render_slack

    now = app.clock()
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
            enqueue_slack(
                session,
                channel=app.settings.slack.channel,
                text=render_slack(app.templates, "draft_list", **context),
                purpose="draft_list",
                dedupe_key=f"slack_draft_list:{row.reference}:{row.completed_at}",
                now=now,
                referral_id=row.id,
            )
        mail = render_email(app.templates, "draft_list", **context)
        enqueue_email(
            session,
            app.settings,
            to=[app.settings.unit_inbox],
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            purpose="draft_list",
            dedupe_key=f"draft_list:{row.reference}:{row.completed_at}",
            now=now,
            referral_id=row.id,
        )
        audit.record(
            session,
            "draft_list",
            at=now,
            referral_id=row.id,
            detail=f"{row.reference} {len(result.ranked)} ranked",
        )
    if app.settings.auto_send_lists and result.ranked:
        send_list(app, row.reference, actor="auto_send_lists")
    return result


def _list_context(app: App, row: Referral, result: MatchResult) -> dict[str, object]:
    return {
        "unit_name": app.settings.unit_name,
        "reference": row.reference,
        "initials": row.initials or "",
        "placing_authority": row.placing_authority or "",
        "due_at": row.due_at,
        "slack_enabled": app.settings.slack.enabled,
        **list_for_people(result),
    }


def send_list(
    app: App,
    reference: str,
    homes: Sequence[str] | None = None,
    *,
    actor: str = "cli",
    note: str | None = None,
) -> list[str]:
    """Email the social worker the potential placements and stop the two-hour clock.
    Returns the names of the homes sent."""
    from bot.notify.outbox import enqueue_email
    from bot.notify.templates import render_email

    now = app.clock()
    with app.db.session() as session:
        row = find_referral(session, reference)
        if row.status == "incomplete":
            raise MatchingError(f"{row.reference} is incomplete: missing {row.missing}")
        if row.status not in ("complete", "list_sent"):
            raise MatchingError(f"{row.reference} is closed ({row.status})")
        if not row.social_worker_email:
            raise MatchingError(f"{row.reference} has no social worker email")
        result = compute(app, session, row, now)
        chosen = _choose(app, result, homes)
        mail = render_email(
            app.templates,
            "placement_list",
            unit_name=app.settings.unit_name,
            reference=row.reference,
            initials=row.initials or "",
            officer_note=note,
            homes=for_social_worker(chosen),
        )
        sent_before = row.list_sent_at
        enqueue_email(
            session,
            app.settings,
            to=[row.social_worker_email],
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            purpose="placement_list",
            dedupe_key=f"placement_list:{row.reference}:{now.isoformat()}",
            now=now,
            referral_id=row.id,
            in_reply_to=row.message_id,
            references=[row.message_id] if row.message_id else [],
        )
        if sent_before is None:
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
        return [r.home.name for r in chosen]


def _choose(app: App, result: MatchResult, names: Sequence[str] | None) -> list:
    if not names:
        chosen = result.ranked[: app.settings.list_size]
        if not chosen:
            raise MatchingError("no eligible home to send; name homes with --homes")
        return chosen
    picked = []
    for name in names:
        want = name.strip().lower()
        hit = next(
            (r for r in result.ranked if want in (r.home.code.lower(), r.home.name.lower())), None
        )
        if hit is None:
            excluded = next(
                (e for e in result.excluded if want in (e.home.code.lower(), e.home.name.lower())),
                None,
            )
            if excluded is not None:
                raise MatchingError(f"{excluded.home.name} is excluded: {excluded.detail}")
            raise MatchingError(f"no home {name!r} on this referral's list")
        picked.append(hit)
    return picked


def rematch_open(app: App, changed_home_code: str) -> list[str]:
    """After a vacancy change: re-match open referrals and tell the officers when a home
    becomes eligible that was not before. Returns the references told."""
    from bot.notify.outbox import enqueue_email

    now = app.clock()
    told: list[str] = []
    with app.db.session() as session:
        rows = referral_store.open_referrals(session, ["complete", "list_sent"])
        for row in rows:
            result = compute(app, session, row, now)
            before = set(split_codes(row.eligible_homes) or [])
            now_eligible = [r.home for r in result.ranked]
            new = [h for h in now_eligible if h.code not in before]
            row.eligible_homes = ";".join(h.code for h in now_eligible)
            session.add(row)
            if not new:
                continue
            names = ", ".join(h.name for h in new)
            enqueue_email(
                session,
                app.settings,
                to=[app.settings.unit_inbox],
                subject=f"{row.reference} ({row.initials}): new eligible home {names}",
                text=(
                    f"After a vacancy update at {london_words(now)}, {names} can now be "
                    f"considered for {row.reference} ({row.initials}).\n"
                    f"Run: swcu match {row.reference}\n"
                ),
                purpose="new_eligible_home",
                dedupe_key=f"new_eligible:{row.reference}:{changed_home_code}:{now.isoformat()}",
                now=now,
                referral_id=row.id,
            )
            told.append(row.reference)
    return told
