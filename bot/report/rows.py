"""What the report is computed from: plain rows, read from the database by the service.

A child appears only by reference and initials. Homes carry no fees.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.model import BedVacancy, Place


@dataclass(frozen=True)
class ReferralRow:
    reference: str
    initials: str | None
    received_at: datetime  # aware UTC; the month a referral belongs to is read from this
    status: str
    completed_at: datetime | None = None
    list_sent_at: datetime | None = None
    closed_at: datetime | None = None
    authority: str | None = None  # placing authority, common name
    region: str | None = None
    gender: str | None = None
    age: int | None = None  # whole years on the London day received
    placement_type: str | None = None  # welfare | justice
    outcome_reason: str | None = None
    placed_home_code: str | None = None
    origin: Place | None = None  # the child's home area, located
    # None: never matched; (): matched and no home was eligible (unmet demand).
    eligible_home_codes: tuple[str, ...] | None = None
    # For unmet demand: the reason each home was excluded (matcher codes), as far as the
    # service could tell; empty when unknown.
    exclusion_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportHome:
    code: str
    name: str
    latitude: float
    longitude: float
    active: bool = True


@dataclass(frozen=True)
class BedReport:
    home_code: str
    reported_at: datetime  # when the home says its position was true
    recorded_at: datetime  # when it reached us; the newest recorded counts
    source: str  # email | slack | phone | cli | placement
    beds: tuple[BedVacancy, ...] = ()


@dataclass(frozen=True)
class Breach:
    """A complete referral whose list did not go within the two hours. Derived from the
    referral's times today (`kpi.derive_breaches`); a stored breach record can be passed
    instead once one exists."""

    reference: str
    initials: str | None
    completed_at: datetime
    list_sent_at: datetime | None
    minutes_to_list: float | None
    what_happened: str


@dataclass(frozen=True)
class MonthRows:
    """Everything the figures need for one month: the referrals received in the twelve
    months ending with it (the trend), the homes, the vacancy reports recorded in the month
    plus each home's last one before it, and the working days of the month (bank holidays
    are the caller's knowledge, not the figures')."""

    year: int
    month: int
    now: datetime  # the report's time: days after it are not yet counted
    referrals: tuple[ReferralRow, ...]
    homes: tuple[ReportHome, ...]
    vacancies: tuple[BedReport, ...]
    working_days: tuple[date, ...]
    breaches: tuple[Breach, ...] | None = None  # None: derive from the referrals
