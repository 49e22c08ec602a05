"""The scheduler's tables: the claim of each occurrence (exactly once), on-call alerts,
recorded two-hour breaches and the months whose report was sent to DfE."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from bot.store.models import UTCDateTime, utcnow


class ScheduleClaim(SQLModel, table=True):
    """One occurrence (job + due time + target), claimed before it is sent. The unique key
    is what makes two schedulers on one database send it once; the claim commits in the
    same transaction as the outbox rows it queues, so neither is ever lost alone."""

    __tablename__ = "schedule_claim"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=200)
    job: str = Field(index=True)
    due_at: datetime = Field(index=True, sa_type=UTCDateTime)
    target: str
    status: str = "done"  # done | moot (nothing to send any more) | skipped (past its grace)
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_by: str = ""
    # The Message-ID of the email this occurrence sent: a home's reply threads by it.
    message_id: str | None = Field(default=None, index=True)
    detail: str = ""


class OnCallAlert(SQLModel, table=True):
    __tablename__ = "oncall_alert"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=200)  # reference:event
    referral_id: int | None = Field(default=None, foreign_key="referral.id", index=True)
    reference: str
    event: str  # received | completed
    raised_at: datetime = Field(index=True, sa_type=UTCDateTime)
    stage: str = "oncall_alert"  # the last stage sent: oncall_alert | oncall_backup | ...
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    acknowledged_by: str | None = None


class KpiBreach(SQLModel, table=True):
    """A complete referral whose list did not go within the two hours, as the guard saw it
    (it stays recorded if the referral is later corrected and completed again)."""

    __tablename__ = "kpi_breach"
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", unique=True, index=True)
    reference: str
    completed_at: datetime = Field(sa_type=UTCDateTime)
    detected_at: datetime = Field(sa_type=UTCDateTime)


class ReportSubmission(SQLModel, table=True):
    __tablename__ = "report_submission"
    month: str = Field(primary_key=True, max_length=7)  # YYYY-MM
    marked_at: datetime = Field(sa_type=UTCDateTime)
    actor: str


class AlertText(SQLModel, table=True):
    """An alert texted to a number (normalised, +44…): an SMS has no thread, so a reply
    "ACK" is matched to the alerts texted to the number it came from."""

    __tablename__ = "oncall_alert_text"
    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="oncall_alert.id", index=True)
    phone: str = Field(index=True, max_length=20)
    stage: str  # oncall_alert | oncall_backup | oncall_manager
    texted_at: datetime = Field(sa_type=UTCDateTime)


class SmsReply(SQLModel, table=True):
    """A text received through Notify, once: the unique Notify id is the claim that makes
    two `swcu serve` (or a restart) act on it once. Holds what was done, not the text:
    the sender as a rota key (an unknown number only by its last digits)."""

    __tablename__ = "sms_reply"
    id: int | None = Field(default=None, primary_key=True)
    notify_id: str = Field(unique=True, index=True, max_length=64)
    received_at: datetime = Field(index=True, sa_type=UTCDateTime)
    processed_at: datetime = Field(sa_type=UTCDateTime)
    processed_by: str = ""
    sender: str = ""  # rota key(s), or "unknown …1234"
    # acknowledged | already | no_alert | not_ack | unknown_number
    outcome: str = ""
    alerts: str = ""  # the alert numbers acknowledged, comma-separated
