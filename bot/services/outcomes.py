"""How a referral ends. A placement takes a bed from the home's latest vacancy report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services import audit, idempotency
from bot.services.homes import find_home
from bot.services.matching import MatchingError, find_referral
from bot.services.vacancies import add_report, beds_from_json, current_report
from bot.store.models import HomeRow

OUTCOMES = ("placed", "withdrawn", "not_placed")


def take_bed(
    beds: tuple[BedVacancy, ...],
    gender: str | None,
    placement_type: str | None,
) -> tuple[BedVacancy, ...]:
    """The beds left after one is taken: the most specific bed that fits goes first, so an
    'any' bed stays free for a child a restricted bed could not take."""

    def fits(b: BedVacancy) -> bool:
        return b.gender in ("any", gender) and b.placement_type in ("any", placement_type)

    candidates = sorted(
        (i for i, b in enumerate(beds) if fits(b) and b.count > 0),
        key=lambda i: (beds[i].gender == "any", beds[i].placement_type == "any"),
    )
    if not candidates:
        return beds
    i = candidates[0]
    left = list(beds)
    b = left[i]
    left[i] = BedVacancy(b.count - 1, b.gender, b.placement_type, b.available_from)
    return tuple(x for x in left if x.count > 0)


@dataclass
class OutcomeResult:
    reference: str
    outcome: str
    home: str | None
    repeated: bool = False  # the same key was used before: nothing done again


def record_outcome(
    app: App,
    reference: str,
    outcome: str,
    *,
    home: str | None = None,
    reason: str | None = None,
    actor: str,
    key: str,
    now: datetime,
) -> OutcomeResult:
    """Close a referral. A placement takes a bed from the home's current vacancy report."""
    if outcome not in OUTCOMES:
        raise MatchingError(f"the outcome must be one of {', '.join(OUTCOMES)}")
    with app.db.session() as session:
        first = idempotency.done_before(session, key, "outcome")
        if first is not None:
            return OutcomeResult(
                str(first["reference"]), str(first["outcome"]), first.get("home"), repeated=True
            )
        row = find_referral(session, reference)
        if row.status in OUTCOMES:
            raise MatchingError(f"{row.reference} is already closed ({row.status})")
        placed_at = None
        if outcome == "placed":
            if not home:
                raise MatchingError("a placement needs the home the child was placed at")
            hit = find_home(app.current_homes(session), home)
            home_row = session.exec(select(HomeRow).where(HomeRow.code == hit.code)).one()
            latest = current_report(session, home_row.id or 0)
            if latest is not None:
                beds = take_bed(beds_from_json(latest.beds_json), row.gender, row.placement_type)
                add_report(
                    session,
                    home_row,
                    beds,
                    reported_at=latest.reported_at,
                    recorded_at=now,
                    source="placement",
                    reported_by=actor,
                )
            row.outcome_home_code = hit.code
            placed_at = hit.name
        elif home:
            raise MatchingError(f"a home is named only for a placement, not for {outcome}")
        row.status = outcome
        row.outcome_reason = reason
        row.closed_at = now
        row.updated_at = now
        session.add(row)
        audit.record(
            session,
            f"outcome_{outcome}",
            at=now,
            referral_id=row.id,
            actor=actor,
            detail=f"{row.reference} {row.outcome_home_code or ''}".strip(),
        )
        result = OutcomeResult(row.reference, outcome, placed_at)
        idempotency.remember(
            session,
            key,
            "outcome",
            {"reference": row.reference, "outcome": outcome, "home": placed_at},
            actor=actor,
            at=now,
            referral_id=row.id,
        )
        return result
