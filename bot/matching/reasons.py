"""Sentences an officer can read aloud, built only for homes that made the list."""

from __future__ import annotations

from datetime import date

from bot.domain.model import BedVacancy, Home
from bot.matching.labels import GENDER_ONLY, need_words, risk_words
from bot.matching.rules import STALE_AFTER_HOURS, UNDER_13_WARNING, RequestContext


def ago(hours: float) -> str:
    if hours < 1.0:
        minutes = max(0, int(hours * 60))
        if minutes <= 1:
            return "just now"
        return f"{minutes} minutes ago"
    if hours >= 72.0:
        return f"{int(hours // 24)} days ago"
    whole = int(hours)
    return "1 hour ago" if whole == 1 else f"{whole} hours ago"


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

    Many homes share the same wording (the same risks managed, the same needs supported),
    so phrases built from sets of codes are memoised for the length of one call.
    """

    def __init__(self, ctx: RequestContext, today: date) -> None:
        self.ctx = ctx
        self.today = today
        origin = ctx.request.origin
        self.origin_name = origin.name if origin is not None else None
        self._phrases: dict[tuple[str, frozenset[str]], str] = {}

    def _phrase(self, kind: str, codes: frozenset[str]) -> str:
        key = (kind, codes)
        text = self._phrases.get(key)
        if text is None:
            if kind == "manages":
                text = "manages " + risk_words(codes)
            elif kind == "unsaid":
                text = "has not said it manages " + risk_words(codes)
            elif kind == "supports":
                text = f"supports {need_words(codes)} needs"
            else:
                text = f"has not said it supports {need_words(codes)} needs"
            self._phrases[key] = text
        return text

    def build(
        self,
        home: Home,
        accepted: bool,
        miles: float | None,
        age_hours: float,
        beds: tuple[BedVacancy, ...],
    ) -> tuple[list[str], list[str]]:
        ctx = self.ctx
        reasons: list[str] = []
        warnings: list[str] = []
        if accepted:
            reasons.append("can consider this child (consulted)")
        if miles is not None and self.origin_name is not None:
            reasons.append(miles_from(miles, self.origin_name))
        else:
            warnings.append("child's home area not known: distance not counted")
        bed_words = describe_beds(beds, self.today)
        if age_hours <= STALE_AFTER_HOURS:
            reasons.append(f"vacancy confirmed {ago(age_hours)} ({bed_words})")
        else:
            reasons.append(f"vacancy reported: {bed_words}")
            warnings.append(f"vacancy last confirmed {ago(age_hours)}")
        risks = ctx.risks
        if risks:
            managed = risks & home.manages
            if managed:
                reasons.append(self._phrase("manages", managed))
            unsaid = risks - home.manages - home.cannot_manage
            if unsaid:
                warnings.append(self._phrase("unsaid", unsaid))
        needs = ctx.needs
        if needs:
            supported = needs & home.supports
            if supported:
                reasons.append(self._phrase("supports", supported))
            unsupported = needs - home.supports
            if unsupported:
                warnings.append(self._phrase("unsupported", unsupported))
        if home.ofsted == "Outstanding" or home.ofsted == "Good":
            reasons.append(f"Ofsted: {home.ofsted}")
        else:
            warnings.append(f"Ofsted: {home.ofsted}")
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
        age = ctx.age
        if age is None:
            warnings.append(
                f"child's age not known: the home takes ages {home.min_age} to {home.max_age}"
            )
        elif age < 13:
            warnings.append(UNDER_13_WARNING)
        return reasons, warnings
