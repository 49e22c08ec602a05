"""Posting queued Slack messages, and the last line of defence for what they may say.

Slack channel messages carry a referral's reference and the child's initials only; building
them is the caller's job, but `assert_channel_safe` refuses text that looks like a date of
birth or an email address before it is ever queued.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.notify.channel_safety import UnsafeChannelContent, assert_channel_safe

if TYPE_CHECKING:
    from bot.store.models import OutboundMessage

__all__ = ["SlackTransport", "UnsafeChannelContent", "assert_channel_safe"]

# Slack error codes worth another try; anything else will fail the same way again.
_TEMPORARY_ERRORS = {
    "ratelimited",
    "rate_limited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
    "team_added_to_org",
}


class SlackTransport:
    """Delivers `channel == "slack"` outbox rows with chat.postMessage."""

    def __init__(self, token: str, api_url: str | None = None, *, timeout: int = 30) -> None:
        kwargs: dict[str, Any] = {"token": token, "timeout": timeout}
        if api_url:
            kwargs["base_url"] = api_url if api_url.endswith("/") else api_url + "/"
        self.client = WebClient(**kwargs)

    def deliver(self, message: OutboundMessage) -> None:
        from bot.notify.outbox import PermanentDeliveryError, TemporaryDeliveryError

        blocks = json.loads(message.body_html) if message.body_html else None
        try:
            self.client.chat_postMessage(
                channel=message.to_addrs, text=message.body_text, blocks=blocks
            )
        except SlackApiError as exc:
            status = getattr(exc.response, "status_code", 0) or 0
            code = _error_code(exc)
            if status == 429 or status >= 500 or code in _TEMPORARY_ERRORS:
                raise TemporaryDeliveryError(f"slack: {code or status}") from exc
            raise PermanentDeliveryError(f"slack: {code or status}") from exc
        except (SlackClientError, OSError) as exc:  # network trouble, timeouts
            raise TemporaryDeliveryError(f"slack: {type(exc).__name__}: {exc}") from exc


def _error_code(exc: SlackApiError) -> str:
    try:
        return str(exc.response.get("error") or "")
    except Exception:  # a non-JSON body (a proxy's error page) has no error code
        return ""
