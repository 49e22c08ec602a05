"""Plain data passed between the transports, the parser, the rules and the store.

Everything here is a dataclass of plain values. A `None` means "not given"; for lists,
`None` means not given and `[]` means given as none ("none known").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Where a field of a referral was read from (ReferralDetails.sources values).
SOURCES = ("header", "label", "table", "attachment", "prose", "reply", "officer")


@dataclass
class SocialWorker:
    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass
class Child:
    initials: str | None = None
    date_of_birth: date | None = None
    age: int | None = None  # whole years on the day the message was sent
    gender: str | None = None  # female | male | non_binary | unknown
    ethnicity: str | None = None


@dataclass
class ReferralDetails:
    """What a referral email (or a reply to one) says about the referral."""

    placing_authority: str | None = None  # common name from the authorities table
    placing_authority_code: str | None = None  # ONS GSS code
    social_worker: SocialWorker = field(default_factory=SocialWorker)
    child: Child = field(default_factory=Child)
    home_area: str | None = None
    legal_status: str | None = None  # code from vocabulary.LEGAL_STATUSES
    court_date: datetime | None = None  # aware (UTC offset)
    needed_by: datetime | None = None  # aware; "now"/"ASAP" -> the message's own time
    needed_now: bool = False
    secretary_of_state_approval: str | None = None  # "granted" | "sought" | free text
    risks: list[str] | None = None
    needs: list[str] | None = None
    avoid_homes: list[str] | None = None  # canonical names of known homes
    avoid_areas: list[str] | None = None  # places as written
    notes: str | None = None
    # Where each stated field came from, by its `missing` path ("child.initials"): one of
    # SOURCES. Filled by the parser; "officer" only by an officer's correction.
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def placement_type(self) -> str | None:
        from bot.domain.vocabulary import LEGAL_STATUSES

        return LEGAL_STATUSES.get(self.legal_status) if self.legal_status else None


@dataclass
class BedVacancy:
    count: int
    gender: str = "any"  # female | male | any
    placement_type: str = "any"  # welfare | justice | any
    available_from: date | None = None  # None: now


@dataclass
class VacancyDetails:
    home: str | None = None  # canonical home name
    home_code: str | None = None
    beds: list[BedVacancy] = field(default_factory=list)
    confident: bool = True  # False: an officer must check before it counts

    @property
    def total_available(self) -> int:
        return sum(b.count for b in self.beds)


@dataclass
class ParsedMessage:
    """One email as the parser understood it. Nothing here has been stored."""

    kind: str  # vocabulary.MESSAGE_KINDS
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    subject: str = ""
    sender: str | None = None  # bare address, lower case
    sender_name: str | None = None
    sent_at: datetime | None = None  # aware
    complete: bool = False
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # e.g. "malformed_mime", "charset_guessed"
    referral: ReferralDetails | None = None
    vacancy: VacancyDetails | None = None
    thread_of: str | None = None  # Message-ID of the message this one replies to
    reference: str | None = None  # SWCU-YYYY-NNNN found in the subject or body
    auto_submitted: bool = False  # must never be answered
    no_auto_reply: bool = False  # X-Auto-Response-Suppress: the sender asks for no answers
    text: str = ""  # the readable body text the parser worked from


@dataclass(frozen=True)
class PlacingAuthority:
    code: str  # ONS GSS code
    name: str  # common name, e.g. "Hampshire"
    official_name: str
    region: str
    town: str
    latitude: float
    longitude: float
    aliases: tuple[str, ...] = ()
    email_domains: tuple[str, ...] = ()


@dataclass(frozen=True)
class Home:
    code: str
    name: str
    town: str
    postcode: str
    latitude: float
    longitude: float
    welfare_beds: int
    justice_beds: int
    genders: str  # mixed | female | male
    min_age: int
    max_age: int
    manages: frozenset[str] = frozenset()
    cannot_manage: frozenset[str] = frozenset()
    supports: frozenset[str] = frozenset()
    ofsted: str = "Good"
    contact_emails: tuple[str, ...] = ()
    weekly_fee_gbp: int | None = None  # confidential: never leaves the unit


@dataclass(frozen=True)
class Place:
    """A named point for distances: a town, a postcode area, an authority."""

    name: str
    latitude: float
    longitude: float
