"""How a referral ends, and the bed a placement takes."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services.matching import MatchingError
from bot.services.outcomes import record_outcome, take_bed
from bot.services.vacancies import beds_from_json
from bot.store.models import HomeRow
from bot.store.models import VacancyReport as VacancyRow
from tests.services.test_matching_service import reload, report, store_referral
from tests.support.clock import FakeClock

ANY = BedVacancy(1, "any", "any")
FEMALE_WELFARE = BedVacancy(1, "female", "welfare")
FEMALE_ANY = BedVacancy(1, "female", "any")
ANY_WELFARE = BedVacancy(1, "any", "welfare")
MALE = BedVacancy(1, "male", "any")


@pytest.mark.parametrize(
    ("beds", "gender", "ptype", "left"),
    [
        # the most specific fitting bed goes; an "any" bed stays free for someone else
        ((ANY, FEMALE_WELFARE), "female", "welfare", (ANY,)),
        ((FEMALE_WELFARE, ANY), "female", "welfare", (ANY,)),
        ((ANY, FEMALE_ANY), "female", "welfare", (ANY,)),
        ((ANY, ANY_WELFARE), "female", "welfare", (ANY,)),
        # gender-specific before type-specific
        ((ANY_WELFARE, FEMALE_ANY), "female", "welfare", (ANY_WELFARE,)),
        # a bed that does not fit is never taken
        ((MALE, ANY), "female", "welfare", (MALE,)),
        ((MALE,), "female", "welfare", (MALE,)),
        (
            (BedVacancy(1, "any", "justice"),),
            "female",
            "welfare",
            (BedVacancy(1, "any", "justice"),),
        ),
        # one of several beds in a row
        (
            (BedVacancy(3, "female", "welfare"),),
            "female",
            "welfare",
            (BedVacancy(2, "female", "welfare"),),
        ),
        ((), "female", "welfare", ()),
        # a child with no recorded gender takes only a bed open to any gender
        ((FEMALE_WELFARE, ANY), None, "welfare", (FEMALE_WELFARE,)),
    ],
)
def test_take_bed(
    beds: tuple[BedVacancy, ...],
    gender: str | None,
    ptype: str | None,
    left: tuple[BedVacancy, ...],
) -> None:
    assert take_bed(beds, gender, ptype) == left


def test_take_bed_keeps_the_date_a_bed_frees_up() -> None:
    later = BedVacancy(2, "female", "welfare", date(2026, 11, 30))
    assert take_bed((later,), "female", "welfare") == (
        BedVacancy(1, "female", "welfare", date(2026, 11, 30)),
    )


def _reports(app: App, code: str) -> list[VacancyRow]:
    with app.db.read_session() as s:
        home = s.exec(select(HomeRow).where(HomeRow.code == code)).one()
        return list(
            s.exec(
                select(VacancyRow).where(VacancyRow.home_id == home.id).order_by(VacancyRow.id)  # type: ignore[arg-type]
            )
        )


def close(app: App, reference: str, outcome: str, **kw: Any) -> str:
    """`record_outcome` as one request of a front end (a fresh key)."""
    done = record_outcome(
        app, reference, outcome, actor="test", key=uuid.uuid4().hex, now=app.clock(), **kw
    )
    return done.reference


def test_placed_takes_one_bed_from_the_homes_latest_report(app: App, clock: FakeClock) -> None:
    reported = clock.now - timedelta(hours=3)
    report(app, "PEN", BedVacancy(2, "female", "welfare"), BedVacancy(1), at=reported)
    row = store_referral(app, status="list_sent")
    clock.advance(minutes=20)
    assert close(app, row.reference, "placed", home="Pennine House") == row.reference

    first, second = _reports(app, "PEN")
    assert beds_from_json(second.beds_json) == (
        BedVacancy(1, "female", "welfare"),
        BedVacancy(1),
    )
    assert second.total_available == first.total_available - 1 == 2
    assert second.source == "placement"
    assert second.reported_at == reported  # the home's own report keeps its age
    closed = reload(app, row)
    assert closed.status == "placed" and closed.outcome_home_code == "PEN"
    assert closed.closed_at == clock.now
    latest = app.matching_data()[1]["PEN"]
    assert sum(b.count for b in latest.beds) == 2


def test_placed_by_home_code_and_without_a_report_records_no_vacancy(app: App) -> None:
    row = store_referral(app)
    close(app, row.reference, "placed", home="sev")
    assert reload(app, row).outcome_home_code == "SEV"
    assert _reports(app, "SEV") == []


def test_placed_needs_a_known_home(app: App) -> None:
    row = store_referral(app)
    with pytest.raises(MatchingError, match="a placement needs the home"):
        close(app, row.reference, "placed")
    with pytest.raises(MatchingError, match="no home matches 'Nowhere House'"):
        close(app, row.reference, "placed", home="Nowhere House")
    assert reload(app, row).status == "complete" and reload(app, row).closed_at is None


@pytest.mark.parametrize("outcome", ["withdrawn", "not_placed"])
def test_withdrawn_and_not_placed_close_the_referral(
    app: App, clock: FakeClock, outcome: str
) -> None:
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    clock.advance(hours=1)
    close(app, row.reference, outcome, reason="bed found in Wales")
    closed = reload(app, row)
    assert closed.status == outcome and closed.closed_at == clock.now
    assert closed.outcome_reason == "bed found in Wales" and closed.outcome_home_code is None
    assert len(_reports(app, "PEN")) == 1  # no bed taken


@pytest.mark.parametrize("first", ["placed", "withdrawn", "not_placed"])
def test_a_closed_referral_cannot_be_closed_again(app: App, clock: FakeClock, first: str) -> None:
    report(app, "PEN", BedVacancy(2, "female", "welfare"))
    row = store_referral(app)
    close(app, row.reference, first, home="PEN" if first == "placed" else None)
    closed_at = reload(app, row).closed_at
    clock.advance(hours=1)
    for again in ("placed", "withdrawn", "not_placed"):
        with pytest.raises(MatchingError, match=f"already closed \\({first}\\)"):
            close(app, row.reference, again, home="PEN")
    assert reload(app, row).status == first and reload(app, row).closed_at == closed_at
    assert len(_reports(app, "PEN")) == (2 if first == "placed" else 1)


def test_an_unknown_outcome_or_referral_is_refused(app: App) -> None:
    row = store_referral(app)
    with pytest.raises(MatchingError, match="outcome must be one of"):
        close(app, row.reference, "closed")
    with pytest.raises(MatchingError, match="no referral"):
        close(app, "SWCU-2026-9999", "withdrawn")
