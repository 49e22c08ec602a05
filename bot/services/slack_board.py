"""The officers' board in Slack: one post per referral in the officers' channel, updated in
place as the referral moves on (arrives, completes, nears its deadline, breaches it, is
sent, closes), and the App Home board of every user with a role.

Everything is queued in the outbox (a Slack outage never blocks intake or an officer's
operation); a post is queued only when what it shows has changed (its fingerprint), so
refreshing as often as we like says nothing twice. The clock is shown as a stage and a
due time in words, never as minutes left, so a card changes when its stage does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.app import App
from bot.clock import london, london_words
from bot.domain.vocabulary import OPEN_STATUSES
from bot.notify.slack_blocks import BoardCard, HomeBoard, card_blocks, card_fallback, home_view
from bot.services.referrals import ReferralSummary
from bot.store import slack_messages
from bot.store.models import Referral, SlackMessage

# "Nears its deadline": 90 minutes into the two-hour clock.
DUE_SOON = timedelta(minutes=30)


def stage_of(status: str, due_at: datetime | None, now: datetime) -> str:
    if status == "incomplete":
        return "waiting"
    if status == "complete":
        if due_at is None:
            return "on_time"
        if now >= due_at:
            return "breached"
        return "due_soon" if now >= due_at - DUE_SOON else "on_time"
    if status == "list_sent":
        return "sent"
    return "closed"


def urgency(status: str, due_at: datetime | None, received_at: datetime) -> tuple[int, float]:
    """Sort key, most urgent first: running clocks by due time, then referrals waiting for
    details (oldest first), then lists sent."""
    if status == "complete" and due_at is not None:
        return (0, due_at.timestamp())
    if status == "incomplete":
        return (1, received_at.timestamp())
    return (2, received_at.timestamp())


def card_of(row: Referral, now: datetime) -> BoardCard:
    outcome = None
    if row.status == "placed":
        outcome = f"placed at {row.outcome_home_code}" if row.outcome_home_code else "placed"
    elif row.status in ("withdrawn", "not_placed"):
        outcome = row.status.replace("_", " ")
    return BoardCard(
        reference=row.reference,
        initials=row.initials or "",
        authority=row.placing_authority or "",
        status=row.status,
        stage=stage_of(row.status, row.due_at, now),
        due_words=london_words(row.due_at) if row.due_at else None,
        assigned_to=row.assigned_to,
        missing=len([m for m in row.missing.split(";") if m]),
        outcome_words=outcome,
    )


def _fingerprint(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]


def refresh_board(app: App, *, now: datetime, references: Sequence[str] | None = None) -> list[str]:
    """Queue the post (or its update) of every referral whose card changed: the ones named,
    or else every open referral and every closed one changed since its card was queued.
    Returns the references queued. Does nothing while Slack is switched off."""
    if not app.settings.slack.enabled:
        return []
    from bot.notify.enqueue import enqueue_slack

    queued: list[str] = []
    with app.db.session() as s:
        rows = _candidates(s, references)
        known = slack_messages.by_keys(s, [f"board:{r.reference}" for r in rows])
        for row in rows:
            key = f"board:{row.reference}"
            card = card_of(row, now)
            blocks = card_blocks(card)
            fp = _fingerprint(blocks)
            existing = known.get(key)
            if existing is not None and existing.fingerprint == fp:
                continue
            enqueue_slack(
                s,
                channel=app.settings.slack.channel,
                text=card_fallback(card),
                blocks=blocks,
                purpose="board",
                dedupe_key=f"{key}:{fp}",
                now=now,
                referral_id=row.id,
                update_key=key,
            )
            slack_messages.note_queued(
                s,
                existing,
                key=key,
                channel=app.settings.slack.channel,
                fingerprint=fp,
                now=now,
                referral_id=row.id,
            )
            queued.append(row.reference)
    return queued


def _candidates(session: Session, references: Sequence[str] | None) -> list[Referral]:
    if references is not None:
        if not references:
            return []
        q = select(Referral).where(col(Referral.reference).in_(list(references)))
        return [r for r in session.exec(q) if not r.quarantined]
    open_rows = session.exec(
        select(Referral).where(col(Referral.status).in_(sorted(OPEN_STATUSES)))
    ).all()
    changed_closed = session.exec(
        select(Referral)
        .join(SlackMessage, col(SlackMessage.referral_id) == col(Referral.id))
        .where(col(Referral.status).not_in(sorted(OPEN_STATUSES)))
        .where(col(Referral.updated_at) > col(SlackMessage.queued_at))
    ).all()
    return [r for r in [*open_rows, *changed_closed] if not r.quarantined]


def deadline_reached(app: App, reference: str, *, now: datetime) -> list[str]:
    """For the scheduler: a referral's clock has reached 90 minutes or two hours; its card
    shows the new stage. (The periodic refresh would get there too, a little later.)"""
    return refresh_board(app, now=now, references=[reference])


def home_board(app: App, now: datetime) -> HomeBoard:
    """The App Home's content: open referrals most urgent first, homes silent today."""
    with app.db.read_session() as s:
        rows = s.exec(select(Referral).where(col(Referral.status).in_(sorted(OPEN_STATUSES)))).all()
        cards = [
            card_of(r, now)
            for r in sorted(rows, key=lambda r: urgency(r.status, r.due_at, r.received_at))
            if not r.quarantined
        ]
        homes, reports = app.matching_data(s)
    today = london(now).date()
    silent = [
        h.name
        for h in homes
        if h.code not in reports or london(reports[h.code].reported_at).date() < today
    ]
    return HomeBoard(cards, sorted(silent), as_of_words="")


def role_users(app: App) -> list[str]:
    s = app.settings.slack
    return sorted(s.officers | s.managers | s.on_call | s.viewers)


def refresh_homes(
    app: App, *, now: datetime, users: Iterable[str] | None = None, force: bool = False
) -> list[str]:
    """Queue views.publish of the App Home for each user (default: everyone with a role)
    whose home does not already show this board. Returns the users queued."""
    if not app.settings.slack.enabled:
        return []
    from bot.notify.enqueue import enqueue_slack

    view = home_view(home_board(app, now))
    fp = _fingerprint(view)
    targets = list(users) if users is not None else role_users(app)
    queued: list[str] = []
    with app.db.session() as s:
        known = slack_messages.by_keys(s, [f"home:{u}" for u in targets])
        for user in targets:
            key = f"home:{user}"
            existing = known.get(key)
            if existing is not None and existing.fingerprint == fp and not force:
                continue
            enqueue_slack(
                s,
                channel=user,
                text="swcu board",
                purpose="app_home",
                dedupe_key=f"{key}:{fp}:{now.isoformat() if force else ''}",
                now=now,
                view=view,
            )
            slack_messages.note_queued(s, existing, key=key, channel=user, fingerprint=fp, now=now)
            queued.append(user)
    return queued


def refresh_all(app: App, *, now: datetime, references: Sequence[str] | None = None) -> bool:
    """The board and the App Homes after something changed; True if anything was queued."""
    posted = refresh_board(app, now=now, references=references)
    homes = refresh_homes(app, now=now)
    return bool(posted or homes)


def summary_card(summary: ReferralSummary, now: datetime) -> BoardCard:
    """A card from the referrals service's summary (the list `/swcu referrals` shows)."""
    return BoardCard(
        reference=summary.reference,
        initials=summary.initials or "",
        authority=summary.placing_authority or "",
        status=summary.status,
        stage=stage_of(summary.status, summary.due_at, now),
        due_words=london_words(summary.due_at) if summary.due_at else None,
        assigned_to=summary.assigned_to,
        missing=len(summary.missing),
    )


def open_cards(app: App, now: datetime) -> list[BoardCard]:
    """Open referrals as cards, most urgent first."""
    from bot.services.referrals import list_referrals

    rows = [r for r in list_referrals(app) if r.status in OPEN_STATUSES]
    rows.sort(key=lambda r: urgency(r.status, r.due_at, r.received_at))
    return [summary_card(r, now) for r in rows]
