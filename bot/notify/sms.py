"""SMS through GOV.UK Notify: the outbox's `sms` transport, and what one text may hold.

A text is one message: at most 160 characters of the GSM 03.38 alphabet (a character
outside it makes the whole text UCS-2, 70 a part). Texts carry a referral's reference and
the child's initials only; `assert_sms_safe` refuses what looks like more, as the Slack
channel check does. The Notify client is imported only when SMS is configured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.notify.channel_safety import assert_channel_safe

if TYPE_CHECKING:
    from bot.store.models import OutboundMessage

SMS_CHARS = 160
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€")  # two characters each


def gsm_length(text: str) -> int | None:
    """The text's length in GSM characters, or None if it needs UCS-2."""
    length = 0
    for ch in text:
        if ch in _GSM:
            length += 1
        elif ch in _GSM_EXTENDED:
            length += 2
        else:
            return None
    return length


class UnsafeSms(ValueError):
    """A text that would not fit one message, or that carries more than it may."""


def assert_sms_safe(text: str) -> None:
    length = gsm_length(text)
    if length is None:
        raise UnsafeSms("SMS text has characters outside the GSM alphabet")
    if length > SMS_CHARS:
        raise UnsafeSms(f"SMS text is {length} characters; one message holds {SMS_CHARS}")
    try:
        assert_channel_safe(text)
    except ValueError as exc:
        raise UnsafeSms(str(exc).replace("Slack message", "SMS text")) from None


class NotifySmsTransport:
    """Delivers `channel == "sms"` outbox rows with Notify's send_sms_notification. The
    template's text is `((body))`; the row's Message-ID goes as Notify's reference."""

    def __init__(self, api_key: str, template_id: str, base_url: str, *,
                 timeout: int = 20) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client: Any = NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout)
        self.template_id = template_id

    def deliver(self, message: OutboundMessage) -> None:
        from notifications_python_client.errors import HTTPError
        from requests import RequestException

        from bot.notify.outbox import PermanentDeliveryError, TemporaryDeliveryError

        try:
            self.client.send_sms_notification(
                phone_number=message.to_addrs,
                template_id=self.template_id,
                personalisation={"body": message.body_text},
                reference=message.message_id,
            )
        except HTTPError as exc:
            status = int(getattr(exc, "status_code", 0) or 0)
            # 429 and 5xx are worth another try; a 4xx will fail the same way again. A
            # connection failure has no status (Notify's client reports 503).
            if status == 429 or status >= 500 or status == 0:
                raise TemporaryDeliveryError(f"notify: {status}") from exc
            raise PermanentDeliveryError(f"notify: {status} {_first_error(exc)}") from exc
        except (RequestException, OSError) as exc:
            raise TemporaryDeliveryError(f"notify: {type(exc).__name__}") from exc


def _first_error(exc: Exception) -> str:
    message = getattr(exc, "message", "")
    if isinstance(message, list) and message:
        first = message[0]
        return str(first.get("error", "")) if isinstance(first, dict) else str(first)
    return str(message)[:100]
