"""The October 2026 scenario written into a real database, as the product stores it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from bot.services.vacancies import beds_to_json
from bot.store.models import HomeRow, Referral
from bot.store.models import VacancyReport as VacancyRow
from tests.report.scenario import ALDER, BIRCH, FEE, HARBOUR, REFERRALS, VACANCIES

# code, name, lat, lon -> what the matcher needs: genders, ages, beds by type.
HOME_RULES = {
    "HAR": dict(genders="mixed", min_age=10, max_age=17, welfare_beds=8, justice_beds=2),
    "ALD": dict(genders="male", min_age=10, max_age=17, welfare_beds=4, justice_beds=2),
    "BIR": dict(genders="mixed", min_age=16, max_age=17, welfare_beds=4, justice_beds=0),
}


def seed_scenario(session: Session) -> None:
    for code, name, lat, lon in (HARBOUR, ALDER, BIRCH):
        session.add(
            HomeRow(
                code=code,
                name=name,
                town=name.split()[0],
                postcode="XX1 1XX",
                latitude=lat,
                longitude=lon,
                ofsted="Good",
                weekly_fee_gbp=FEE,
                **HOME_RULES[code],  # type: ignore[arg-type]
            )
        )
    session.flush()
    ids = {h.code: h.id for h in session.exec(select(HomeRow))}
    for code, at, source, beds in VACANCIES:
        session.add(
            VacancyRow(
                home_id=ids[code] or 0,
                reported_at=at,
                recorded_at=at,
                source=source,
                beds_json=beds_to_json(beds),
                total_available=sum(b.count for b in beds),
            )
        )
    for ref, f in REFERRALS.items():
        data: dict[str, Any] = dict(f)
        authority = data.pop("authority", None)
        eligible = data.pop("eligible", None)
        session.add(
            Referral(
                reference=ref,
                initials=ref[-1] * 2,
                placing_authority=authority[1] if authority else None,
                placing_authority_code=authority[0] if authority else None,
                outcome_reason=data.pop("reason", None),
                outcome_home_code=data.pop("placed_home_code", None),
                eligible_homes=None if eligible is None else ";".join(eligible),
                risks="",
                **data,
            )
        )
