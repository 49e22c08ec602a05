"""How a referral ends. A placement takes a bed from the home's latest vacancy report."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services import audit
from bot.services.matching import MatchingError, find_referral
from bot.services.vacancies import add_report, beds_from_json
from bot.store.models import HomeRow, VacancyReport

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


def record_outcome(
    app: App,
    reference: str,
    outcome: str,
    *,
    home: str | None = None,
    reason: str | None = None,
    actor: str = "cli",
    now: datetime | None = None,
) -> str:
    if outcome not in OUTCOMES:
        raise MatchingError(f"outcome must be one of {', '.join(OUTCOMES)}")
    now = now or app.clock()
    with app.db.session() as session:
        row = find_referral(session, reference)
        if row.status in OUTCOMES:
            raise MatchingError(f"{row.reference} is already closed ({row.status})")
        if outcome == "placed":
            if not home:
                raise MatchingError("placed needs --home")
            hit = app.homes.by_code(home) or next(
                (h for h in app.homes.all() if h.name.lower() == home.strip().lower()), None
            )
            if hit is None:
                raise MatchingError(f"no home {home!r}")
            home_row = session.exec(select(HomeRow).where(HomeRow.code == hit.code)).one()
            latest = session.exec(
                select(VacancyReport)
                .where(VacancyReport.home_id == home_row.id)
                .order_by(VacancyReport.id.desc())  # type: ignore[union-attr]
            ).first()
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
        return row.reference
