"""The tables. Times are stored in UTC; lists of codes as `;`-joined text (portable and
readable in a plain SQL client)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    LargeBinary,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; times must carry a zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class PlacingAuthorityRow(SQLModel, table=True):
    __tablename__ = "placing_authority"
    code: str = Field(primary_key=True, max_length=9)
    name: str = Field(index=True)
    official_name: str
    region: str
    town: str
    latitude: float
    longitude: float
    aliases: str = ""
    email_domains: str = ""


class HomeRow(SQLModel, table=True):
    __tablename__ = "home"
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True, max_length=16)
    name: str = Field(index=True)
    town: str
    postcode: str
    latitude: float
    longitude: float
    welfare_beds: int
    justice_beds: int
    genders: str
    min_age: int
    max_age: int
    manages: str = ""
    cannot_manage: str = ""
    supports: str = ""
    ofsted: str
    contact_emails: str = ""
    weekly_fee_gbp: int | None = None  # confidential: never leaves the unit
    active: bool = True
    updated_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)


class ReferenceCounter(SQLModel, table=True):
    __tablename__ = "reference_counter"
    year: int = Field(primary_key=True)
    last: int = 0


class Referral(SQLModel, table=True):
    __tablename__ = "referral"
    # Every new referral looks for an open one about the same child (possible duplicates).
    __table_args__ = (Index("ix_referral_same_child", "date_of_birth", "initials"),)
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True, index=True, max_length=16)
    status: str = Field(default="incomplete", index=True)
    quarantined: bool = False
    placing_authority: str | None = None
    placing_authority_code: str | None = None
    social_worker_name: str | None = None
    social_worker_email: str | None = None
    social_worker_phone: str | None = None
    initials: str | None = None
    date_of_birth: date | None = None
    age: int | None = None
    gender: str | None = None
    ethnicity: str | None = None
    home_area: str | None = None
    legal_status: str | None = None
    placement_type: str | None = None
    court_date: datetime | None = Field(default=None, sa_type=UTCDateTime)
    needed_by: datetime | None = Field(default=None, sa_type=UTCDateTime)
    needed_now: bool = False
    secretary_of_state_approval: str | None = None
    risks: str | None = None  # None: not given; "": none known
    needs: str | None = None
    avoid_homes: str | None = None
    avoid_areas: str | None = None
    notes: str | None = Field(default=None, sa_column=Column(Text))
    missing: str = ""
    message_id: str | None = Field(default=None, index=True)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    list_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    outcome_home_code: str | None = None
    outcome_reason: str | None = None
    eligible_homes: str | None = None  # codes ranked at the last match, to spot new ones
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Where each field's value came from: JSON {path: header|label|table|attachment|prose|
    # reply|officer}. A field an officer set is never overwritten by a reply.
    sources: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    origin: str = "email"  # how the referral came in: email | phone | cli | slack
    created_by: str | None = None  # the officer who keyed it in (not for email)
    assigned_to: str | None = None  # the officer who owns it
    # References of open referrals that may be the same child (authority, initials, date
    # of birth): flagged on both.
    possible_duplicates: str = ""


class InboundEmail(SQLModel, table=True):
    __tablename__ = "inbound_email"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(unique=True, index=True)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    mail_from: str = ""
    rcpt_to: str = ""
    peer: str = ""
    size: int = 0
    raw: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    raw_purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    kind: str = "unknown"
    subject: str = ""  # may name a child; shown to officers only
    sender: str = ""
    flags: str = ""
    warnings: str = Field(default="", sa_column=Column(Text))
    disposition: str = "processed"  # processed | quarantined | ignored | flagged | error
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    home_id: int | None = Field(default=None, foreign_key="home.id")
    parsed_json: str | None = Field(default=None, sa_column=Column(Text))


class VacancyReport(SQLModel, table=True):
    __tablename__ = "vacancy_report"
    id: int | None = Field(default=None, primary_key=True)
    home_id: int = Field(foreign_key="home.id", index=True)
    reported_at: datetime = Field(index=True, sa_type=UTCDateTime)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    source: str  # email | slack | phone | cli | placement
    reported_by: str | None = None
    beds_json: str = "[]"
    total_available: int = 0
    confident: bool = True
    inbound_email_id: int | None = Field(default=None, foreign_key="inbound_email.id")


class Consultation(SQLModel, table=True):
    __tablename__ = "consultation"
    __table_args__ = (UniqueConstraint("referral_id", "home_id"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    home_id: int = Field(foreign_key="home.id")
    message_id: str | None = Field(default=None, index=True)
    sent_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    answer: str | None = None  # accept | decline
    reason: str | None = None
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class OutboundMessage(SQLModel, table=True):
    """The outbox: a message is written here in the same transaction as the change that
    causes it, and delivered afterwards by the outbox worker."""

    __tablename__ = "outbound_message"
    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(unique=True, index=True)
    channel: str = "email"  # email | slack
    created_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
    to_addrs: str = ""  # email: comma-separated; slack: channel or user ID
    # The first address, lower case: what the loop breaker counts answers to, by index.
    recipient: str = Field(default="", index=True)
    subject: str = ""
    body_text: str = Field(default="", sa_column=Column(Text))
    body_html: str | None = Field(default=None, sa_column=Column(Text))
    message_id: str = Field(index=True)
    in_reply_to: str | None = None
    references: str | None = Field(default=None, sa_column=Column(Text))
    purpose: str = ""  # ack | missing | draft_list | list | vacancy_ack | consult | ...
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    status: str = Field(default="pending", index=True)  # pending | sending | sent | failed
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
    claimed_by: str | None = None
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = None


class OperationRecord(SQLModel, table=True):
    """An officer's operation done under the caller's idempotency key: the same key again
    returns this result instead of doing the work twice."""

    __tablename__ = "operation"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=200)
    kind: str  # send_list | consult | outcome | ...
    actor: str
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    result_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class AuditEvent(SQLModel, table=True):
    """What happened, by whom. Never a child's details: references and codes only."""

    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    actor: str = "swcu"
    action: str
    detail: str = ""


class SlackMessage(SQLModel, table=True):
    """A Slack message kept up to date in place (a referral's post on the officers'
    board, a user's App Home): what was last queued for it and, once posted, its ts, so
    the next change is a chat.update of the same message rather than a new one."""

    __tablename__ = "slack_message"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=200)  # board:REF | home:USER
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    channel: str  # a channel ID, or the user ID of an App Home
    ts: str | None = None  # set by the transport when the first post is made
    fingerprint: str = ""  # of the content last queued: the same content is not queued again
    queued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


import bot.store.schedule_rows  # noqa: E402,F401  (the scheduler's tables, on the same metadata)
