"""Outbound messages: the durable outbox, email and Slack transports, and their wording.

Names are imported from their modules on first use, so that importing the outbox does not
load the mail or Slack clients.
"""

from importlib import import_module
from typing import Any

_HOMES = {
    "MaildirTransport": "mail",
    "RelayTransport": "mail",
    "build_email": "mail",
    "transports_for": "mail",
    "OutboxWorker": "outbox",
    "PermanentDeliveryError": "outbox",
    "TemporaryDeliveryError": "outbox",
    "Transport": "outbox",
    "enqueue_email": "outbox",
    "enqueue_slack": "outbox",
    "SlackTransport": "slack_post",
    "UnsafeChannelContent": "channel_safety",
    "assert_channel_safe": "channel_safety",
    "RenderedEmail": "templates",
    "make_templates": "templates",
    "render_email": "templates",
    "render_slack": "templates",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"bot.notify.{_HOMES[name]}"), name)
    raise AttributeError(name)

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
