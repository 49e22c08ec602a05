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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, select

from bot.app import App
from bot.domain.completeness import merge, missing_fields
from bot.domain.fields import given_paths, without_paths
from bot.domain.homes import home_by_email
from bot.domain.model import Home, ParsedMessage, ReferralDetails
from bot.domain.vocabulary import MISSING_IN_WORDS, OPEN_STATUSES
from bot.intake.parsing import ParseContext, parse_message, parsed_to_json
from bot.intake.parsing.storable import storable
from bot.services import audit
from bot.services.errors import ServiceError
from bot.services.messages import queue_answer
from bot.services.referrals import flag_duplicates, set_sources, sources_of
from bot.services.replies import reply_refused
from bot.services.vacancies import record_vacancy_email
from bot.store import referrals as referral_store
from bot.store.models import Consultation, HomeRow, InboundEmail, Referral
from bot.store.rows import insert_row, new_row, update_row

log = logging.getLogger(__name__)

NULL_REVERSE_PATH = "<>"  # MAIL FROM:<>, as the SMTP adapter passes it on
# Flags of a message whose content was not read: stored as an error for an officer.
UNREAD_FLAGS = frozenset({"parse_error", "mime_too_deep"})


@dataclass(frozen=True)
class Envelope:
    """What the SMTP transaction said, beside the message itself."""

    mail_from: str
    rcpt_to: tuple[str, ...]
    peer: str


@dataclass
class Receipt:
    """What happened to one message; carries no child's details (it is logged)."""

    email_id: int | None
    kind: str
    disposition: str  # processed | duplicate | quarantined | ignored | flagged | error
    reference: str | None = None
    completed_referral_id: int | None = None
    vacancy_home_code: str | None = None  # set when the home's current position changed
    vacancy_changed_at: datetime | None = None
    notes: list[str] = field(default_factory=list)


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
                _Handling(
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
        _Handling(
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


@dataclass
class _Handling:
    """The decisions for one stored message, inside its transaction."""

    app: App
    session: Session
    email: InboundEmail
    parsed: ParsedMessage
    raw: bytes
    now: datetime
    receipt: Receipt
    homes: Sequence[Home]
    envelope: Envelope
    trust_sender: bool = False  # an officer released it from quarantine

    def run(self) -> None:
        self._decide()
        # What the decisions found out about the email (the disposition, the referral or
        # home it belongs to), written back in one statement.
        self.email.disposition = self.receipt.disposition
        update_row(
            self.session,
            InboundEmail,
            self.email.id or 0,
            disposition=self.email.disposition,
            referral_id=self.email.referral_id,
            home_id=self.email.home_id,
        )

    def _decide(self) -> None:
        p = self.parsed
        if UNREAD_FLAGS.intersection(p.flags):
            # Not read at all (the parser failed, or the body nests past its budget): an
            # officer opens it, whoever sent it; nothing is answered.
            self.receipt.disposition = "error"
            self._audit("unreadable_email", detail=f"email {self.email.id}")
            return
        if p.kind in ("auto_reply", "bounce"):
            self._attach_to_thread()
            self.receipt.disposition = "ignored"
            return
        if self._acknowledgement():
            return
        authority = self.app.authorities.by_email(p.sender or "")
        home = home_by_email(self.homes, p.sender)
        ours = (p.sender or "").endswith("@" + self.app.settings.mail_domain)
        if ours:
            # Our own mail coming back: never act on it, never answer it.
            self.receipt.disposition = "ignored"
            return
        if authority is None and home is None and not self.trust_sender:
            self.receipt.disposition = "quarantined"
            self._audit("quarantined", detail=f"email {self.email.id}")
            return
        if home is not None and authority is None:
            self._from_home(home)
            return
        if p.kind == "vacancy_update":
            self._vacancy()
        elif p.kind == "referral_reply":
            self._reply()
        elif p.kind == "referral" and p.as_reply is not None and self._threads_to_known():
            # It reads as a referral but answers one we hold: it adds to that one.
            p.referral = p.as_reply
            self._reply()
        elif p.kind == "referral":
            self._new_referral(p.referral or ReferralDetails())
        else:
            self.receipt.disposition = "flagged"
            self._audit("unreadable_email", detail=f"email {self.email.id}")

    def _acknowledgement(self) -> bool:
        """"ACK" in reply to an on-call alert email (from any sender, our own staff's
        addresses included): the alert is acknowledged, nothing else happens."""
        from bot.services.alerts import acknowledge_by_reply

        p = self.parsed
        ack = acknowledge_by_reply(
            self.session, [m for m in [p.in_reply_to, *p.references] if m], p.text, p.sender,
            self.now,
        )
        if ack is None:
            return False
        self.email.referral_id = None
        self.receipt.disposition = "processed"
        return True

    def _audit(self, action: str, **kw: Any) -> None:
        audit.record(self.session, action, at=self.now, **kw)

    # -- answers ---------------------------------------------------------------------------

    def may_answer(self, *, referral_id: int | None = None, body: str | None = None) -> bool:
        p = self.parsed
        if p.auto_submitted or not p.sender or p.no_auto_reply:
            return False
        if self.envelope.mail_from.strip() == NULL_REVERSE_PATH:
            self.receipt.notes.append("reply suppressed: null reverse-path")
            return False
        refused = reply_refused(
            self.session, p.sender, self.now, referral_id=referral_id, body=body
        )
        if refused:
            self.receipt.notes.append(f"reply suppressed: {refused}")
            return False
        return True

    def _reply_headers(self) -> dict[str, object]:
        refs = [*self.parsed.references, self.email.message_id]
        return {"in_reply_to": self.email.message_id, "references": refs}

    def _answer_referral(self, row: Referral, template: str, **context: Any) -> None:
        queue_answer(
            self.app,
            self.session,
            template,
            to=_unique([self.parsed.sender, row.social_worker_email]),
            dedupe_key=f"{template}:{self.email.message_id}",
            now=self.now,
            referral_id=row.id,
            allow=lambda body: self.may_answer(referral_id=row.id, body=body),
            **self._reply_headers(),  # type: ignore[arg-type]
            reference=row.reference,
            initials=row.initials or "",
            unread_attachments=self.parsed.unread_attachments,
            **context,
        )

    # -- referrals -------------------------------------------------------------------------

    def _new_referral(self, details: ReferralDetails) -> None:
        missing = missing_fields(details)
        row = new_row(
            Referral,
            reference=referral_store.next_reference(self.session, self.now.year),
            received_at=self.now,
            updated_at=self.now,
            message_id=self.email.message_id,
            missing=";".join(missing),
            **referral_store.detail_values(details),
        )
        set_sources(row, details.sources)
        if not missing:
            referral_store.set_complete(row, self.now)
        insert_row(self.session, row)
        self._link(row)
        self._audit(
            "referral_received",
            referral_id=row.id,
            detail=f"{row.reference} {row.status}",
        )
        flag_duplicates(self.session, row, now=self.now)
        if missing:
            self._answer_referral(row, "missing", missing_words=_words(missing), warnings_words=[])
        else:
            self.receipt.completed_referral_id = row.id
            self._answer_referral(
                row,
                "ack",
                placing_authority=row.placing_authority or "",
                due_at=row.due_at,
                needed_now=row.needed_now,
            )

    def _reply(self) -> None:
        p = self.parsed
        thread = [m for m in [p.thread_of, p.in_reply_to, *p.references] if m]
        row = referral_store.by_thread(self.session, thread)
        if row is None and p.reference:
            row = referral_store.by_reference(self.session, p.reference)
        update = p.referral or ReferralDetails()
        if row is None:
            if update.placing_authority or update.child.initials:
                # A new referral sent as a reply to something else: treat it as new, with the
                # defaults a new referral gets.
                self._new_referral(self._as_new(update))
            else:
                self.receipt.disposition = "flagged"
                self._audit("unthreaded_reply", detail=f"email {self.email.id}")
            return
        self._link(row)
        if row.status not in OPEN_STATUSES:
            self.receipt.disposition = "flagged"
            self._audit("reply_to_closed_referral", referral_id=row.id, detail=row.reference)
            return
        # A field an officer set is theirs: a reply never overwrites it.
        sources = sources_of(row)
        update = without_paths(update, {p for p, src in sources.items() if src == "officer"})
        merged = merge(referral_store.details_of(row), update)
        referral_store.write_details(row, merged)
        for path in given_paths(update):
            sources[path] = "reply"
        set_sources(row, sources)
        missing = missing_fields(merged)
        row.missing = ";".join(missing)
        row.updated_at = self.now
        became_complete = row.status == "incomplete" and not missing
        if became_complete:
            referral_store.set_complete(row, self.now)
            self.receipt.completed_referral_id = row.id
        self.session.add(row)
        self._audit(
            "referral_updated",
            referral_id=row.id,
            detail=f"{row.reference} {row.status}",
        )
        self._answer_referral(
            row,
            "reply_update",
            now_complete=not missing,
            missing_words=_words(missing),
            due_at=row.due_at,
        )

    def _threads_to_known(self) -> bool:
        p = self.parsed
        thread = [m for m in [p.thread_of, p.in_reply_to, *p.references] if m]
        return bool(thread) and referral_store.by_thread(self.session, thread) is not None

    def _as_new(self, update: ReferralDetails) -> ReferralDetails:
        if update.social_worker.email is None and self.parsed.sender:
            update.social_worker.email = self.parsed.sender
        if update.home_area is None:
            update.home_area = update.placing_authority
        return update

    def _link(self, row: Referral) -> None:
        self.email.referral_id = row.id
        self.receipt.reference = row.reference

    def _attach_to_thread(self) -> None:
        p = self.parsed
        row = referral_store.by_thread(
            self.session, [m for m in [p.in_reply_to, *p.references] if m]
        )
        if row is not None:
            self._link(row)

    # -- homes -----------------------------------------------------------------------------

    def _vacancy(self) -> None:
        outcome = record_vacancy_email(self.app, self.session, self.email, self.parsed, self.now)
        self.receipt.disposition = outcome.disposition
        if outcome.changed_at is not None:
            self.receipt.vacancy_home_code = outcome.home_code
            self.receipt.vacancy_changed_at = outcome.changed_at
        if outcome.template:
            queue_answer(
                self.app,
                self.session,
                outcome.template,
                to=[self.parsed.sender or ""],
                dedupe_key=f"{outcome.template}:{self.email.message_id}",
                now=self.now,
                allow=lambda body: self.may_answer(body=body),
                **self._reply_headers(),  # type: ignore[arg-type]
                **outcome.context,
            )

    def _from_home(self, home: Home) -> None:
        """A home writes about vacancies or answers a consultation. It is never treated as a
        social worker: it must not update a referral, nor be told a child's details."""
        if self._consultation_answer(home):
            return
        if self.parsed.kind == "vacancy_update":
            self._vacancy()
            return
        self.receipt.disposition = "flagged"
        self._audit("home_email_unread", detail=f"{home.code} email {self.email.id}")

    def _consultation_answer(self, home: Home) -> bool:
        """An answer from this home to our consultation: found by the thread, or else by the
        referral's reference; only ever this home's own consultation."""
        from bot.services.consultations import record_answer

        p = self.parsed
        mine = (
            select(Consultation)
            .join(HomeRow, col(HomeRow.id) == col(Consultation.home_id))
            .where(HomeRow.code == home.code)
        )
        ids = [m for m in [p.in_reply_to, *p.references] if m]
        consultation = None
        if ids:
            consultation = self.session.exec(
                mine.where(col(Consultation.message_id).in_(ids))
            ).first()
        if consultation is None and p.reference:
            consultation = self.session.exec(
                mine.join(Referral, col(Referral.id) == col(Consultation.referral_id)).where(
                    Referral.reference == p.reference
                )
            ).first()
        if consultation is None:
            return False
        self.email.referral_id = consultation.referral_id
        self.receipt.disposition = record_answer(self.session, consultation, p.text, self.now)
        return True


def _unique(addresses: list[str | None]) -> list[str]:
    seen: list[str] = []
    for a in addresses:
        if a and a.lower() not in seen:
            seen.append(a.lower())
    return seen


def _words(missing: list[str]) -> list[str]:
    return [MISSING_IN_WORDS.get(m, m) for m in missing]
