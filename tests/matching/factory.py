"""Small builders for matcher tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.model import BedVacancy, Home, Place
from bot.matching import MatchRequest, VacancyReport
from tests.support.homes import demo_homes

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
PORTSMOUTH = Place("Portsmouth", 50.8198, -1.0880)
SOUTHAMPTON = Place("Southampton", 50.9097, -1.4044)


def load_homes() -> list[Home]:
    return demo_homes()


def home(code: str = "AAA", **kw: object) -> Home:
    values: dict[str, object] = dict(
        code=code,
        name=f"{code.title()} House",
        town="Fareham",
        postcode="PO16 7BX",
        latitude=50.8520,
        longitude=-1.1780,
        welfare_beds=6,
        justice_beds=2,
        genders="mixed",
        min_age=10,
        max_age=17,
        manages=frozenset({"cse", "absconding", "self_harm"}),
        cannot_manage=frozenset(),
        supports=frozenset({"mental_health"}),
        ofsted="Good",
        contact_emails=(f"{code.lower()}@example.test",),
        weekly_fee_gbp=7777,
    )
    values.update(kw)
    return Home(**values)  # type: ignore[arg-type]


def bed(count: int = 1, gender: str = "any", kind: str = "any", when: date | None = None):
    return BedVacancy(count, gender, kind, when)


def report(code: str, *beds: BedVacancy, hours_ago: float = 1.0, source: str = "email"):
    return VacancyReport(code, tuple(beds) or (bed(),), NOW - timedelta(hours=hours_ago), source)


def request(**kw: object) -> MatchRequest:
    values: dict[str, object] = dict(
        reference="SWCU-2026-0042",
        age=14,
        gender="female",
        placement_type="welfare",
        needed_on=TODAY,
        risks=frozenset({"cse", "absconding"}),
        needs=frozenset({"mental_health"}),
        origin=PORTSMOUTH,
    )
    values.update(kw)
    return MatchRequest(**values)  # type: ignore[arg-type]


def place_north_of(origin: Place, miles: float, name: str = "Somewhere") -> Place:
    # One degree of latitude is 69.09 miles on a 3958.8-mile sphere.
    return Place(name, origin.latitude + miles / 69.0940, origin.longitude)
