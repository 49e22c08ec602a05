"""Texts received on the service's Notify number: GET /v2/received-text-messages, newest
first, paged by `older_than`. Polled (swcu may run without a public address for Notify's
callbacks). The Notify client is imported only when SMS is configured."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain.sms_reply import ReceivedText

# A page holds up to 250 texts; an alert number's replies are a handful a night. The cap
# keeps one poll bounded whatever Notify holds (it keeps texts for 7 days).
MAX_PAGES = 8


class InboxUnavailable(RuntimeError):
    """Notify did not answer the inbound call usefully (5xx, 4xx, no connection, bad JSON);
    the next poll asks again."""


class NotifyInbox:
    """Reads received texts with Notify's `get_received_texts`. Its own client: Notify's
    is not thread-safe and the outbox worker uses the transport's."""

    def __init__(self, api_key: str, base_url: str, *, timeout: int = 20) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client: Any = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)

    def received_since(self, floor: datetime) -> list[ReceivedText]:
        """The texts that reached Notify at or after `floor`, oldest first."""
        from notifications_python_client.errors import APIError
        from requests import RequestException

        found: list[ReceivedText] = []
        older_than: str | None = None
        try:
            for _ in range(MAX_PAGES):
                page = self.client.get_received_texts(older_than=older_than)
                items = (page.get("received_text_messages") or []) if isinstance(page, dict) \
                    else []
                texts = [t for t in (_text(item) for item in items) if t is not None]
                found += [t for t in texts if t.received_at >= floor]
                more = isinstance(page, dict) and (page.get("links") or {}).get("next")
                # Notify links a next page only when there is one.
                if not items or not more or any(t.received_at < floor for t in texts):
                    break
                older_than = str(items[-1].get("id") or "")
                if not older_than:
                    break
        except (APIError, RequestException, OSError, ValueError) as exc:
            status = getattr(exc, "status_code", "")
            raise InboxUnavailable(f"notify inbound: {type(exc).__name__} {status}".strip()) \
                from exc
        return sorted(found, key=lambda t: (t.received_at, t.id))


def _text(item: Any) -> ReceivedText | None:
    """One received text, or None when the entry lacks what matching needs."""
    if not isinstance(item, dict) or not item.get("id") or not item.get("user_number"):
        return None
    try:
        at = datetime.fromisoformat(str(item.get("created_at") or ""))
    except ValueError:
        return None
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return ReceivedText(id=str(item["id"]), user_number=str(item["user_number"]),
                        content=str(item.get("content") or ""), received_at=at)
