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
    from bot.store.db import Database
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
    """Delivers `channel == "slack"` outbox rows: chat.postMessage; for a row with an
    update key, chat.update of the message posted for that key (its ts kept in
    `slack_message`, so the channel reads as a board); for a row with a view, views.publish
    of a user's App Home."""

    def __init__(
        self,
        token: str,
        api_url: str | None = None,
        *,
        timeout: int = 30,
        db: Database | None = None,
    ) -> None:
        kwargs: dict[str, Any] = {"token": token, "timeout": timeout}
        if api_url:
            kwargs["base_url"] = api_url if api_url.endswith("/") else api_url + "/"
        self.client = WebClient(**kwargs)
        self.db = db  # where the ts of messages updated in place is kept

    def deliver(self, message: OutboundMessage) -> None:
        from bot.notify.outbox import PermanentDeliveryError, TemporaryDeliveryError

        payload = json.loads(message.body_html) if message.body_html else None
        try:
            if isinstance(payload, dict) and payload.get("view"):
                self.client.views_publish(user_id=message.to_addrs, view=payload["view"])
            elif isinstance(payload, dict) and payload.get("update_key") and self.db:
                self._post_or_update(message, payload["update_key"], payload.get("blocks"))
            else:
                blocks = payload.get("blocks") if isinstance(payload, dict) else payload
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

    def _post_or_update(self, message: OutboundMessage, key: str, blocks: Any) -> None:
        from bot.store.slack_messages import posted_ts, store_ts

        assert self.db is not None
        with self.db.read_session() as s:
            found = posted_ts(s, key)
        if found is not None:
            channel, ts = found
            try:
                self.client.chat_update(
                    channel=channel, ts=ts, text=message.body_text, blocks=blocks
                )
                return
            except SlackApiError as exc:
                if _error_code(exc) not in ("message_not_found", "cant_update_message"):
                    raise
                # Deleted in Slack: post it again, and update that one from now on.
        answer = self.client.chat_postMessage(
            channel=message.to_addrs, text=message.body_text, blocks=blocks
        )
        # Updates name the channel ID Slack answers with (a post may name "#name").
        channel = str(answer.get("channel") or message.to_addrs)
        with self.db.session() as s:
            store_ts(s, key, channel, str(answer["ts"]))


def _error_code(exc: SlackApiError) -> str:
    try:
        return str(exc.response.get("error") or "")
    except Exception:  # a non-JSON body (a proxy's error page) has no error code
        return ""
