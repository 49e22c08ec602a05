"""The SMTP adapter: aiosmtpd in swcu's own event loop. It turns an SMTP transaction into a
call to the intake service and the service's answer into an SMTP status; nothing more.

250 is answered only after the message and its record are committed. Any failure to store
answers 451 so the sending server keeps the message and tries again; aiosmtpd's own answer
to an exception (500, which makes senders give up) is never used.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import ssl
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from typing import Any, AnyStr

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from bot.load import IntakeLoad
from bot.services.intake import IntakeService, Reading
from bot.services.intake_decisions import NULL_REVERSE_PATH, Receipt
from bot.settings import Settings

log = logging.getLogger(__name__)

TEMPORARY_FAILURE = "451 4.3.0 Temporary problem storing the message; please try again later"
MESSAGE_TOO_BIG = "552 5.3.4 Error: message size exceeds fixed maximum message size"


class IntakeSMTP(SMTP):
    """aiosmtpd's server with one change: message content never gets a 500.

    RFC 5321 allows 1000 characters a line, but real mailers send longer ones, and a
    referral must not be refused for that: a line may be as long as the whole message may
    be. Past that, aiosmtpd answers "500 Line too long", which makes the sender give up on
    what is only a message too big: it gets the 552 the size limit gives."""

    def __init__(self, *args: Any, data_size_limit: int, **kwargs: Any) -> None:
        # Read by the base class's __init__ (its stream reader's limit): set before it.
        self.line_length_limit = data_size_limit + 2  # the line's CRLF
        super().__init__(*args, data_size_limit=data_size_limit, **kwargs)

    async def push(self, status: AnyStr) -> None:
        if isinstance(status, str) and status.startswith("500 Line too long"):
            status = MESSAGE_TOO_BIG  # type: ignore[assignment]
        await super().push(status)


class IntakeHandler:
    def __init__(
        self,
        intake: IntakeService,
        settings: Settings,
        executor: Executor,
        on_receipt: Callable[[Receipt], None] = lambda r: None,
        load: IntakeLoad | None = None,
        store_slots: int = 1,
    ) -> None:
        self.intake = intake
        self.load = load or IntakeLoad()
        self.settings = settings
        # Each message is read and then stored in one of these threads. Reading holds no
        # slot: a message that is slow to read (hostile, or just big) costs only its own
        # thread; storing waits for one of `store_slots` (the writers the database takes).
        self.executor = executor
        self._store_slots = threading.BoundedSemaphore(store_slots)
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
            # DATA follows a MAIL command, so no sender here is the null reverse-path.
            mail_from=envelope.mail_from or NULL_REVERSE_PATH,
            rcpt_to=tuple(envelope.rcpt_tos),
            peer=peer,
        )
        try:
            loop = asyncio.get_running_loop()
            # One hand-off from the event loop for both steps: a second one cost about a
            # tenth of the intake's throughput on one CPU.
            receipt = await loop.run_in_executor(self.executor, self._read_then_store, receive)
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

    def _read_then_store(self, receive: partial[Receipt]) -> Receipt:
        reading = self._read(receive.args[0])
        with self._store_slots:
            return receive(reading=reading)

    def _read(self, raw: bytes) -> Reading | None:
        with self.load.receiving():
            try:
                return self.intake.read(raw)
            except Exception:  # the store step reads it again, and stores it whatever
                log.exception("reading a message before storing it failed")
                return None

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
        # Constant time: how long a wrong password takes says nothing about the right one.
        expected = users.get(user, "").encode("utf-8")
        ok = hmac.compare_digest(expected, bytes(auth_data.password)) and user in users
        return AuthResult(success=ok, handled=False)

    return authenticate


def is_loopback(host: str) -> bool:
    """Whether an address to listen on takes connections from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False  # a name: it may resolve to anything, so it is treated as public


def smtp_factory(
    handler: IntakeHandler, settings: Settings, host: str | None = None
) -> Callable[[], IntakeSMTP]:
    """`host` is the address actually listened on (`--smtp-listen` may differ from the
    settings): STARTTLS is required unless that address is loopback-only."""
    tls = _tls_context(settings)
    loopback = is_loopback(settings.smtp_listen.host if host is None else host)
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
    factory = smtp_factory(handler, settings, host)
    return await loop.create_server(factory, host=host, port=port, reuse_address=True)
