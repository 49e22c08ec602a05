"""Intake: one received email becomes a stored record and, where it should, a change to a
referral or a vacancy and an answer in the outbox, all in one transaction.

The SMTP handler and `swcu ingest` both call `IntakeService.receive`; it knows nothing of
either.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, select

from bot.app import App
from bot.domain.model import Home, ParsedMessage
from bot.intake.parsing import ParseContext, parse_message, parsed_to_json
from bot.intake.parsing.storable import storable
from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.intake_decisions import Envelope, Handling, Receipt
from bot.store.models import InboundEmail
from bot.store.rows import insert_row, new_row

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reading:
    """A message parsed before storing it, with the homes it was read against."""

    parsed: ParsedMessage
    homes: Sequence[Home]


class IntakeService:
    def __init__(self, app: App) -> None:
        self.app = app

    def parse(
        self, raw: bytes, homes: Sequence[Home] | None = None, session: Session | None = None
    ) -> ParsedMessage:
        """Read one message; with `session`, a vacancy reply is threaded by the Message-IDs
        of the vacancy checks we sent (stored with the scheduler's claims)."""
        s = self.app.settings
        db = self.app.db

        def thread_home(ids: Sequence[str]) -> str | None:
            # Only a reply to a vacancy check asks, so most messages open no session.
            from bot.services.schedule import reminder_home

            if session is not None:
                return reminder_home(session, ids)
            with db.read_session() as read:
                return reminder_home(read, ids)

        ctx = ParseContext(
            authorities=self.app.authorities,
            homes=self.app.homes.all() if homes is None else homes,
            now=self.app.clock(),
            referrals_address=s.referrals_address,
            vacancies_address=s.vacancies_address,
            unit_domain=s.mail_domain,
            thread_home=thread_home,
        )
        return parse_message(raw, ctx)

    def read(self, raw: bytes) -> Reading:
        """The parse, on its own: pure, and possibly slow (a hostile message), so callers
        run it where it holds up no one else — never under the database writer."""
        # The homes as last loaded, unchecked: `receive` checks them in its own transaction
        # and reads the message again in the rare case they changed.
        homes = self.app.homes.last()
        return Reading(self.parse(raw, homes), homes)

    def receive(
        self,
        raw: bytes,
        *,
        mail_from: str = "",
        rcpt_to: tuple[str, ...] = (),
        peer: str = "",
        reading: Reading | None = None,
    ) -> Receipt:
        """Store and act on one message (read first unless `reading` is given). Raises only
        if it could not be stored at all.

        `mail_from` is the SMTP reverse-path; "<>" is the null one (a bounce or other
        notification), which is never answered (RFC 5321 4.5.5)."""
        now = self.app.clock()
        envelope = Envelope(mail_from, rcpt_to, peer)
        parsed: ParsedMessage | None = None
        try:
            # The parse runs before the writer is taken: a slow one costs only its sender.
            reading = reading or self.read(raw)
            parsed, homes = reading.parsed, reading.homes
            with self.app.db.session() as session:
                # Reading a vacancy reply needs the homes: if they changed in between (rare),
                # the message is read again against the current ones.
                current = self.app.current_homes(session)
                if current is not homes:
                    homes, parsed = current, self.parse(raw, current, session)
                # No look-up first: the unique index on message_id refuses a second copy at
                # this insert, and the IntegrityError branch below answers "duplicate".
                email = insert_row(session, _record(raw, parsed, now, envelope))
                receipt = Receipt(email.id, parsed.kind, "processed")
                Handling(
                    self.app, session, email, parsed, raw, now, receipt, homes, envelope
                ).run()
        except IntegrityError:
            # A concurrent delivery of the same Message-ID won the race: stored once.
            if parsed is not None and self._stored(_message_id(parsed, raw)):
                return Receipt(None, parsed.kind, "duplicate")
            return self._store_flagged(raw, parsed, now, envelope)
        except Exception as exc:
            # The parser, the rules or storing the parsed form failed on this message (a
            # database error included: a statement this message made too big, text the
            # database refused). Keep the raw email, flagged for an officer, rather than
            # refuse it forever; if even that cannot be stored, storage itself is down and
            # the caller answers 451. Never the SQL or its parameters in the log.
            log.error(
                "reading or storing a message failed (%s: %s); storing it flagged",
                type(exc).__name__,
                _short(exc),
            )
            return self._store_flagged(raw, parsed, now, envelope)
        log.info(
            "stored email %s kind=%s disposition=%s reference=%s",
            receipt.email_id,
            receipt.kind,
            receipt.disposition,
            receipt.reference,
        )
        return receipt

    def _store_flagged(
        self, raw: bytes, parsed: ParsedMessage | None, now: datetime, envelope: Envelope
    ) -> Receipt:
        # Unread if the parser itself failed: then it is named by its bytes.
        try:
            return self._insert_flagged(raw, parsed or ParsedMessage("unknown"), now, envelope)
        except SQLAlchemyError:
            if parsed is None:
                raise
        # Something in the parsed form still could not be stored: the raw bytes alone.
        return self._insert_flagged(
            raw, ParsedMessage("unknown", message_id=parsed.message_id), now, envelope
        )

    def _insert_flagged(
        self, raw: bytes, parsed: ParsedMessage, now: datetime, envelope: Envelope
    ) -> Receipt:
        email = _record(raw, parsed, now, envelope)
        email.disposition = "error"
        email.flags = ";".join(filter(None, [email.flags, "processing_error"]))
        with self.app.db.session() as session:
            if _already_stored(session, email.message_id):
                return Receipt(None, parsed.kind, "duplicate")
            insert_row(session, email)
        log.info("stored email %s flagged processing_error", email.id)
        return Receipt(email.id, parsed.kind, "error")

    def _stored(self, message_id: str) -> bool:
        with self.app.db.read_session() as session:
            return _already_stored(session, message_id)


def release_quarantined(app: App, email_id: int, *, actor: str, now: datetime) -> Receipt:
    """An officer vouches for a quarantined message: act on it as if its sender were known."""
    service = IntakeService(app)
    with app.db.session() as session:
        homes = app.current_homes(session)
        email = session.get(InboundEmail, email_id)
        if email is None or email.disposition != "quarantined" or email.raw is None:
            raise ServiceError(f"no quarantined email {email_id}")
        session.expunge(email)  # written back by the handling, like a newly received one
        parsed = service.parse(email.raw, homes)
        receipt = Receipt(email.id, parsed.kind, "processed")
        envelope = Envelope(email.mail_from, tuple(email.rcpt_to.split(",")), email.peer)
        Handling(
            app, session, email, parsed, email.raw, now, receipt, homes, envelope, trust_sender=True
        ).run()
        audit.record(
            session, "quarantine_released", at=now, actor=actor, detail=f"email {email_id}"
        )
    return receipt


def _short(exc: BaseException) -> str:
    """An error in a line: for a database error its driver's message, without the
    statement and parameters SQLAlchemy appends (megabytes for a message with a thousand
    References)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc)
    return text.splitlines()[0][:200] if text else ""


def synthetic_message_id(raw: bytes) -> str:
    return f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@swcu.invalid>"


def _already_stored(session: Session, message_id: str) -> bool:
    found = session.exec(
        select(InboundEmail.id).where(InboundEmail.message_id == message_id)
    ).first()
    return found is not None


def _message_id(parsed: ParsedMessage, raw: bytes) -> str:
    return parsed.message_id or synthetic_message_id(raw)


def _record(
    raw: bytes,
    parsed: ParsedMessage,
    now: datetime,
    envelope: Envelope,
) -> InboundEmail:
    try:
        parsed_json = storable(json.dumps(parsed_to_json(parsed)))
    except Exception:  # the record must be written even if the view of it cannot
        parsed_json = None
    # Every text column made storable here too: this is the fallback's last line.
    return new_row(
        InboundEmail,
        message_id=storable(_message_id(parsed, raw))[:998],
        received_at=now,
        mail_from=storable(envelope.mail_from[:320]),
        rcpt_to=storable(",".join(envelope.rcpt_to)[:2000]),
        peer=storable(envelope.peer[:200]),
        size=len(raw),
        raw=raw,
        kind=parsed.kind,
        subject=storable((parsed.subject or "")[:500]),
        sender=storable((parsed.sender or "")[:320]),
        flags=storable(";".join(parsed.flags)),
        warnings=storable("\n".join(parsed.warnings)),
        parsed_json=parsed_json,
    )
