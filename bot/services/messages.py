"""The one place a message is rendered from its template and queued in the outbox, in the
caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.app import App
from bot.store.models import OutboundMessage


def queue_email(
    app: App,
    session: Session,
    template: str,
    *,
    to: Sequence[str],
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    purpose: str | None = None,
    **context: Any,
) -> OutboundMessage:
    """Render `template` and queue it."""
    queued = queue_answer(
        app,
        session,
        template,
        allow=lambda _text: True,
        to=to,
        dedupe_key=dedupe_key,
        now=now,
        referral_id=referral_id,
        in_reply_to=in_reply_to,
        references=references,
        purpose=purpose,
        **context,
    )
    assert queued is not None  # allowed always
    return queued


def queue_answer(
    app: App,
    session: Session,
    template: str,
    *,
    allow: Callable[[str], bool],
    to: Sequence[str],
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
    in_reply_to: str | None = None,
    references: Sequence[str] = (),
    purpose: str | None = None,
    **context: Any,
) -> OutboundMessage | None:
    """An automatic answer: `allow` sees the rendered text first and may refuse it (the
    loop breaker compares bodies), and then nothing is queued."""
    from bot.notify.enqueue import enqueue_email
    from bot.notify.templates import render_email

    mail = render_email(app.templates, template, **{"unit_name": app.settings.unit_name, **context})
    if not allow(mail.text):
        return None
    return enqueue_email(
        session,
        app.settings,
        to=to,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        purpose=purpose or template,
        dedupe_key=dedupe_key,
        now=now,
        referral_id=referral_id,
        in_reply_to=in_reply_to,
        references=references,
    )


def queue_slack(
    app: App,
    session: Session,
    template: str,
    *,
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
    channel: str | None = None,
    blocks: list[dict[str, Any]] | None = None,
    **context: Any,
) -> OutboundMessage:
    """A Slack post to the unit's channel, or to `channel` (a user ID: a DM); `blocks`
    (Block Kit) go with the rendered text, which stays the notification's words."""
    from bot.notify.enqueue import enqueue_slack
    from bot.notify.templates import render_slack

    return enqueue_slack(
        session,
        channel=channel or app.settings.slack.channel,
        text=render_slack(
            app.templates, template, **{"unit_name": app.settings.unit_name, **context}
        ),
        blocks=blocks,
        purpose=template,
        dedupe_key=dedupe_key,
        now=now,
        referral_id=referral_id,
    )


def queue_sms(
    app: App,
    session: Session,
    template: str,
    *,
    to: str,
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
    **context: Any,
) -> OutboundMessage:
    """A text through Notify (one message, reference and initials only)."""
    from bot.notify.enqueue import enqueue_sms
    from bot.notify.templates import render_sms

    return enqueue_sms(
        session,
        to=to,
        text=render_sms(
            app.templates, template, **{"unit_name": app.settings.unit_name, **context}
        ),
        purpose=template,
        dedupe_key=dedupe_key,
        now=now,
        referral_id=referral_id,
    )


def queue_plain(
    app: App,
    session: Session,
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    purpose: str,
    dedupe_key: str,
    now: datetime,
    referral_id: int | None = None,
) -> OutboundMessage:
    """A short notice to the officers that has no template of its own."""
    from bot.notify.enqueue import enqueue_email

    return enqueue_email(
        session,
        app.settings,
        to=to,
        subject=subject,
        text=text,
        purpose=purpose,
        dedupe_key=dedupe_key,
        now=now,
        referral_id=referral_id,
    )
