"""The SMTP adapter: aiosmtpd in swcu's own event loop. It turns an SMTP transaction into a
call to the intake service and the service's answer into an SMTP status; nothing more.

250 is answered only after the message and its record are committed. Any failure to store
answers 451 so the sending server keeps the message and tries again; aiosmtpd's own answer
to an exception (500, which makes senders give up) is never used.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from bot.load import IntakeLoad
from bot.services.intake import IntakeService, Receipt
from bot.settings import Settings

log = logging.getLogger(__name__)

TEMPORARY_FAILURE = "451 4.3.0 Temporary problem storing the message; please try again later"


class IntakeSMTP(SMTP):
    # RFC 5321 allows 1000 characters a line, but real mailers send longer ones; a referral
    # must not be refused for that. The size limit still bounds the whole message.
    line_length_limit = 1 << 20


class IntakeHandler:
    def __init__(
        self,
        intake: IntakeService,
        settings: Settings,
        executor: Executor,
        on_receipt: Callable[[Receipt], None] = lambda r: None,
        load: IntakeLoad | None = None,
    ) -> None:
        self.intake = intake
        self.load = load or IntakeLoad()
        self.settings = settings
        self.executor = executor
        self.on_receipt = on_receipt
        self.mailboxes = {settings.referrals_address, settings.vacancies_address}

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if address.lower() not in self.mailboxes:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(raw, str):  # only when decode_data is on; we keep bytes
            raw = raw.encode("utf-8", "surrogateescape")
        peer = str(session.peer[0]) if session.peer else ""
        receive = partial(
            self._receive,
            bytes(raw),
            mail_from=envelope.mail_from or "",
            rcpt_to=tuple(envelope.rcpt_tos),
            peer=peer,
        )
        try:
            loop = asyncio.get_running_loop()
            receipt = await loop.run_in_executor(self.executor, receive)
        except Exception:
            log.exception("could not store a message from %s", peer)
            return TEMPORARY_FAILURE
        try:
            self.on_receipt(receipt)
        except Exception:  # follow-up work must never turn a stored message into a retry
            log.exception("follow-up after storing email %s failed", receipt.email_id)
        if receipt.disposition == "duplicate":
            return "250 2.0.0 Already received"
        return "250 2.0.0 Received" + (f" {receipt.reference}" if receipt.reference else "")

    def _receive(self, raw: bytes, **envelope: Any) -> Receipt:
        with self.load.receiving():
            return self.intake.receive(raw, **envelope)

    async def handle_exception(self, error: Exception) -> str:
        log.error("SMTP session error: %s", type(error).__name__)
        return TEMPORARY_FAILURE


def _tls_context(settings: Settings) -> ssl.SSLContext | None:
    if not settings.smtp_tls_cert or not settings.smtp_tls_key:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(settings.smtp_tls_cert), str(settings.smtp_tls_key))
    return context


def _authenticator(settings: Settings) -> Callable[..., AuthResult] | None:
    users = dict(settings.smtp_auth_users)
    if not users:
        return None

    def authenticate(
        server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        return AuthResult(success=users.get(user) == password, handled=False)

    return authenticate


def smtp_factory(handler: IntakeHandler, settings: Settings) -> Callable[[], IntakeSMTP]:
    tls = _tls_context(settings)
    loopback = settings.smtp_listen.host in ("127.0.0.1", "::1", "localhost")
    return partial(
        IntakeSMTP,
        handler,
        data_size_limit=settings.max_message_bytes,
        enable_SMTPUTF8=True,
        decode_data=False,
        hostname=settings.mail_domain,
        ident="swcu intake",
        tls_context=tls,
        require_starttls=bool(tls) and not loopback,
        auth_required=settings.smtp_require_auth,
        auth_require_tls=bool(tls),
        authenticator=_authenticator(settings),
        timeout=120,
    )


async def start_smtp(
    handler: IntakeHandler, settings: Settings, host: str, port: int
) -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    factory = smtp_factory(handler, settings)
    return await loop.create_server(factory, host=host, port=port, reuse_address=True)
