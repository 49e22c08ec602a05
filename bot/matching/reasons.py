"""Sentences an officer can read aloud, built only for homes that made the list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.domain.model import BedVacancy
from bot.matching.labels import GENDER_ONLY, need_words, risk_words
from bot.matching.rules import RequestContext, time_words

if TYPE_CHECKING:  # prepared.py uses describe_beds
    from bot.matching.prepared import HomeFacts


def span(hours: float) -> str:
    """A length of time in words: "40 minutes", "30 hours", "4 days"."""
    if hours < 1.0:
        minutes = max(0, int(hours * 60))
        return "1 minute" if minutes <= 1 else f"{minutes} minutes"
    if hours >= 72.0:
        return f"{int(hours // 24)} days"
    whole = int(hours)
    return "1 hour" if whole == 1 else f"{whole} hours"


def under_13_warning(approval: str | None) -> str | None:
    """The warning for a child under 13, from what the referral notes of Secretary of State
    approval ("granted", "sought", other words, or nothing); None once it is granted."""
    if approval == "granted":
        return None
    if approval is None:
        return "under 13: no note of Secretary of State approval, needed before a secure placement"
    if approval == "sought":
        return "under 13: Secretary of State approval is being sought, not yet granted"
    words = " ".join(approval.split())
    if len(words) > 60:
        words = words[:59] + "…"
    return f"under 13: Secretary of State approval noted as “{words}”: check it is granted"


def miles_from(miles: float, place: str) -> str:
    whole = round(miles)
    if whole < 1:
        return f"less than a mile from {place}"
    return f"1 mile from {place}" if whole == 1 else f"{whole} miles from {place}"


def describe_beds(beds: tuple[BedVacancy, ...], today: date) -> str:
    parts = []
    for b in beds:
        words = [str(b.count)]
        if b.gender in ("female", "male"):
            words.append(b.gender)
        if b.placement_type in ("welfare", "justice"):
            words.append(b.placement_type)
        words.append("bed" if b.count == 1 else "beds")
        if b.available_from is not None and b.available_from > today:
            d = b.available_from
            words.append(f"from {d:%a} {d.day} {d:%b}")
        parts.append(" ".join(words))
    return ", ".join(parts)


class Wording:
    """Reasons and warnings for the ranked homes of one request.

    Many homes share the same wording (the same risks managed, the same needs supported), so
    phrases are memoised for the length of one call, keyed by the bitmask of the codes they
    name (see prepared.HomeFacts). Request codes that no home mentions have no bit: they are
    never managed nor supported, so they are in every "has not said" phrase of this call.
    """

    def __init__(
        self,
        ctx: RequestContext,
        today: date,
        risk_mask: int,
        need_mask: int,
        bits: Mapping[str, int],
    ) -> None:
        self.ctx = ctx
        self.today = today
        origin = ctx.request.origin
        self.origin_name = origin.name if origin is not None else None
        self.risk_mask = risk_mask
        self.need_mask = need_mask
        self.unknown_risks = any(code not in bits for code in ctx.risks)
        self.unknown_needs = any(code not in bits for code in ctx.needs)
        self._managed: dict[int, str] = {}
        self._unsaid: dict[int, str] = {}
        self._supported: dict[int, str] = {}
        self._unsupported: dict[int, str] = {}
        age = ctx.age
        self.under_13 = (
            under_13_warning(ctx.request.secretary_of_state_approval)
            if age is not None and age < 13
            else None
        )

    def build(
        self,
        facts: HomeFacts,
        accepted: bool,
        miles: float | None,
        age_hours: float,
        recent: bool,
        reported_at: datetime,
        beds: tuple[BedVacancy, ...],
        bed_words: str,
    ) -> tuple[list[str], list[str]]:
        """`bed_words` is `describe_beds(beds, today)`, which the caller may have memoised.
        Times are said as clock times (an email is read hours after it is written), and ages
        relative to this list, never to the moment of reading."""
        ctx = self.ctx
        home = facts.home
        reasons: list[str] = []
        warnings: list[str] = []
        if accepted:
            reasons.append("can consider this child (consulted)")
        if miles is not None and self.origin_name is not None:
            reasons.append(miles_from(miles, self.origin_name))
        else:
            warnings.append("child's home area not known: distance not counted")
        at = time_words(reported_at)
        if recent:
            reasons.append(f"vacancy confirmed at {at} ({bed_words})")
        else:
            reasons.append(f"vacancy reported at {at} ({bed_words})")
            warnings.append(f"vacancy last confirmed {span(age_hours)} before this list")
        risks = ctx.risks
        if risks:
            managed = self.risk_mask & facts.manages
            if managed:
                text = self._managed.get(managed)
                if text is None:
                    text = "manages " + risk_words(risks & home.manages)
                    self._managed[managed] = text
                reasons.append(text)
            unsaid = self.risk_mask & ~(facts.manages | facts.cannot)
            if unsaid or self.unknown_risks:
                text = self._unsaid.get(unsaid)
                if text is None:
                    codes = risks - home.manages - home.cannot_manage
                    text = "has not said it manages " + risk_words(codes)
                    self._unsaid[unsaid] = text
                warnings.append(text)
        needs = ctx.needs
        if needs:
            supported = self.need_mask & facts.supports
            if supported:
                text = self._supported.get(supported)
                if text is None:
                    text = f"supports {need_words(needs & home.supports)} needs"
                    self._supported[supported] = text
                reasons.append(text)
            unsupported = self.need_mask & ~facts.supports
            if unsupported or self.unknown_needs:
                text = self._unsupported.get(unsupported)
                if text is None:
                    text = f"has not said it supports {need_words(needs - home.supports)} needs"
                    self._unsupported[unsupported] = text
                warnings.append(text)
        # Every grade the same way: a fact about the home, not a warning for some grades.
        reasons.append(f"Ofsted: {home.ofsted}")
        if ctx.gender_open:
            if home.genders in GENDER_ONLY:
                warnings.append(
                    f"single-sex home ({GENDER_ONLY[home.genders]} only): check with the home "
                    "that it can meet this child's needs"
                )
            elif all(b.gender in GENDER_ONLY for b in beds):
                warnings.append(
                    "the vacant bed is for one gender only: check with the home "
                    "that it can meet this child's needs"
                )
        if ctx.age is None:
            warnings.append(
                f"child's age not known: the home takes ages {home.min_age} to {home.max_age}"
            )
        elif self.under_13 is not None:
            warnings.append(self.under_13)
        return reasons, warnings
