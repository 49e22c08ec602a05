"""What one stored message does, inside its transaction: a new referral or a reply to one
(and their answers), a home's vacancy report or consultation answer, or nothing but its
record. `IntakeService` (bot.services.intake) stores the message and hands it here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.app import App
from bot.domain.completeness import merge, missing_fields
from bot.domain.fields import given_paths, without_paths
from bot.domain.homes import home_by_email
from bot.domain.model import Home, ParsedMessage, ReferralDetails
from bot.domain.vocabulary import MISSING_IN_WORDS, OPEN_STATUSES
from bot.services import audit
from bot.services.messages import queue_answer
from bot.services.referrals import flag_duplicates, set_sources, sources_of
from bot.services.replies import reply_refused
from bot.services.vacancies import record_vacancy_email
from bot.store import referrals as referral_store
from bot.store.models import Consultation, HomeRow, InboundEmail, Referral
from bot.store.rows import insert_row, new_row, update_row

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


@dataclass
class Handling:
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
