"""Outbound messages: the durable outbox, email and Slack transports, and their wording."""

from bot.notify.mail import MaildirTransport, RelayTransport, build_email, transports_for
from bot.notify.outbox import (
    OutboxWorker,
    PermanentDeliveryError,
    TemporaryDeliveryError,
    Transport,
    enqueue_email,
    enqueue_slack,
)
from bot.notify.slack_post import SlackTransport, UnsafeChannelContent, assert_channel_safe
from bot.notify.templates import RenderedEmail, make_templates, render_email, render_slack

__all__ = [
    "MaildirTransport",
    "OutboxWorker",
    "PermanentDeliveryError",
    "RelayTransport",
    "RenderedEmail",
    "SlackTransport",
    "TemporaryDeliveryError",
    "Transport",
    "UnsafeChannelContent",
    "assert_channel_safe",
    "build_email",
    "enqueue_email",
    "enqueue_slack",
    "make_templates",
    "render_email",
    "render_slack",
    "transports_for",
]
