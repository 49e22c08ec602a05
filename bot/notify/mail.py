"""Turning outbox rows into RFC 5322 messages, and the two ways to hand them on.

`MaildirTransport` is the embedded default (no relay configured): it is idempotent, so a
row delivered again after a crash is never written twice. `RelayTransport` speaks SMTP to
the configured relay; the relay's answer decides whether a failure is worth retrying.
"""

from __future__ import annotations

import hashlib
import logging
import os
import smtplib
import ssl
import uuid
from datetime import UTC
from email import policy
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

from bot.notify.outbox import PermanentDeliveryError, TemporaryDeliveryError, Transport
from bot.notify.slack_post import SlackTransport
from bot.settings import Settings
from bot.store.db import Database
from bot.store.models import OutboundMessage

log = logging.getLogger(__name__)


def sender_address(purpose: str, settings: Settings) -> str:
    """Vacancy mail comes from vacancies@ so homes' replies land in the vacancy flow."""
    if purpose.startswith("vacancy_"):
        return settings.vacancies_address
    return settings.referrals_address


def _one_line(value: str) -> str:
    # The email package refuses header values with line breaks; never let a stray one in
    # from stored text turn into a failed (or worse, injected) header.
    return " ".join(value.split())


class _HeaderClasses(HeaderRegistry):
    """The standard registry, remembering the class it makes for each header name: Python
    3.11's makes a new class every time a header is set, a third of the cost of writing a
    message (2.0 ms → 1.3 ms)."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().__getitem__(name)
        return made


POLICY = policy.default.clone(header_factory=_HeaderClasses())


def build_email(message: OutboundMessage, settings: Settings) -> EmailMessage:
    msg = EmailMessage(policy=POLICY)
    msg["From"] = formataddr((settings.unit_name, sender_address(message.purpose, settings)))
    msg["To"] = _one_line(message.to_addrs)
    msg["Subject"] = _one_line(message.subject)
    # The row's creation time, not the send time: a resent copy is then byte-identical.
    msg["Date"] = format_datetime(message.created_at.astimezone(UTC))
    msg["Message-ID"] = message.message_id
    if message.in_reply_to:
        msg["In-Reply-To"] = _one_line(message.in_reply_to)
    if message.references:
        msg["References"] = _one_line(message.references)
    # RFC 3834: anything but "no" tells auto-responders not to answer; "auto-replied" for
    # answers to a message, "auto-generated" for the rest (reminders, lists, consultations).
    msg["Auto-Submitted"] = "auto-replied" if message.in_reply_to else "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"  # Exchange/Outlook: no OOF, no read receipts
    msg.set_content(message.body_text or "", charset="utf-8")
    if message.body_html:
        msg.add_alternative(message.body_html, subtype="html", charset="utf-8")
    return msg


def recipients(message: OutboundMessage) -> list[str]:
    return [a.strip() for a in message.to_addrs.split(",") if a.strip()]


class MaildirTransport:
    """Writes each row once into a Maildir (tmp/ → new/), named after the row.

    The name joins the row id with a hash of its Message-ID, so a fresh database that
    reuses ids never collides with files from an old one.
    """

    def __init__(self, path: str | Path, *, settings: Settings | None = None) -> None:
        self.path = Path(path)
        self.settings = settings or Settings()
        for sub in ("tmp", "new", "cur"):
            (self.path / sub).mkdir(parents=True, exist_ok=True)

    @staticmethod
    def unique_name(message: OutboundMessage) -> str:
        digest = hashlib.sha256(message.message_id.encode()).hexdigest()[:16]
        return f"swcu-outbox-{message.id}.{digest}"

    def already_delivered(self, name: str) -> bool:
        if (self.path / "new" / name).exists():
            return True
        # A reader moves seen mail to cur/ and appends ":2,FLAGS" to the name.
        return any(
            entry == name or entry.startswith(name + ":") for entry in os.listdir(self.path / "cur")
        )

    def deliver(self, message: OutboundMessage) -> None:
        name = self.unique_name(message)
        try:
            if self.already_delivered(name):
                return
            data = build_email(message, self.settings).as_bytes()
            tmp = self.path / "tmp" / f"{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
            with open(tmp, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                # link() refuses to replace an existing file, so two writers racing on the
                # same row still leave one file in new/.
                os.link(tmp, self.path / "new" / name)
            except FileExistsError:
                pass
            except OSError:
                # Filesystems without hard links: rename (we checked new/ just above).
                os.replace(tmp, self.path / "new" / name)
            finally:
                tmp.unlink(missing_ok=True)
            _fsync_dir(self.path / "new")
        except OSError as exc:  # disk full, permissions: may be fixed without us
            raise TemporaryDeliveryError(f"maildir: {exc}") from exc


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class RelayTransport:
    """SMTP to the outbound relay: 4xx and connection trouble are temporary, 5xx permanent."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 30,
        settings: Settings | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.starttls = starttls
        self.timeout = timeout
        self.settings = settings or Settings()

    def deliver(self, message: OutboundMessage) -> None:
        msg = build_email(message, self.settings)
        envelope_from = sender_address(message.purpose, self.settings)
        rcpts = recipients(message)
        try:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        except smtplib.SMTPResponseException as exc:
            raise _classify(exc) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryDeliveryError(f"relay {self.host}:{self.port}: {exc}") from exc
        try:
            self._send(smtp, msg, envelope_from, rcpts, message)
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                # After DATA got its 250 the message is the relay's; a failed QUIT is noise.
                smtp.close()

    def _send(
        self,
        smtp: smtplib.SMTP,
        msg: EmailMessage,
        envelope_from: str,
        rcpts: list[str],
        message: OutboundMessage,
    ) -> None:
        try:
            if self.starttls:
                smtp.ehlo()
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.user:
                smtp.login(self.user, self.password or "")
            refused = smtp.send_message(msg, from_addr=envelope_from, to_addrs=rcpts)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(f"{code} {_text(text)}" for code, text in exc.recipients.values())
            if any(400 <= c < 500 for c in codes):
                raise TemporaryDeliveryError(f"relay refused recipients: {detail}") from exc
            raise PermanentDeliveryError(f"relay refused recipients: {detail}") from exc
        except smtplib.SMTPAuthenticationError as exc:
            # A wrong password is a configuration fault an operator can fix: keep the mail.
            raise TemporaryDeliveryError(f"relay login failed: {exc.smtp_code}") from exc
        except smtplib.SMTPResponseException as exc:
            raise _classify(exc) from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryDeliveryError(f"relay {self.host}:{self.port}: {exc}") from exc
        if refused:
            # Some recipients took it; retrying would send the others a second copy.
            log.warning(
                "relay accepted row %s for some recipients only: %s",
                message.id,
                "; ".join(f"{code}" for code, _ in refused.values()),
            )


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _classify(exc: smtplib.SMTPResponseException) -> Exception:
    text = f"relay said {exc.smtp_code} {_text(exc.smtp_error)}"
    if 500 <= exc.smtp_code < 600:
        return PermanentDeliveryError(text)
    return TemporaryDeliveryError(text)  # 4xx, or -1 for a garbled reply


def transports_for(settings: Settings, db: Database | None = None) -> dict[str, Transport]:
    """The transports `swcu serve` uses: relay or maildir for email, Slack and Notify SMS
    when configured."""
    transports: dict[str, Transport] = {}
    if settings.smtp_relay:
        transports["email"] = RelayTransport(
            settings.smtp_relay.host,
            settings.smtp_relay.port,
            user=settings.smtp_relay_user,
            password=settings.smtp_relay_password,
            starttls=settings.smtp_relay_starttls,
            settings=settings,
        )
    else:
        transports["email"] = MaildirTransport(settings.maildir, settings=settings)
    if settings.slack.enabled and settings.slack.bot_token:
        transports["slack"] = SlackTransport(
            settings.slack.bot_token, settings.slack.api_url, db=db
        )
    notify = settings.notify
    if notify.sms_enabled and notify.api_key and notify.sms_template_id:
        from bot.notify.sms import NotifySmsTransport

        transports["sms"] = NotifySmsTransport(
            notify.api_key, notify.sms_template_id, notify.base_url
        )
    return transports


__all__ = [
    "MaildirTransport",
    "RelayTransport",
    "build_email",
    "recipients",
    "sender_address",
    "transports_for",
]
