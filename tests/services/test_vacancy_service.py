"""Vacancy reports: their wording, which report counts, and the beds stored as JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services.intake import IntakeService
from bot.services.vacancies import (
    add_report,
    bed_words,
    beds_from_json,
    beds_to_json,
    latest_reports,
)
from bot.store.models import HomeRow
from bot.store.models import VacancyReport as VacancyRow
from tests.conftest import sample
from tests.support.clock import FakeClock

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("bed", "words"),
    [
        (
            BedVacancy(1, "female", "welfare", date(2026, 11, 24)),
            "1 female welfare bed from Tue 24 Nov",
        ),
        (BedVacancy(2), "2 beds now"),
        (BedVacancy(1), "1 bed now"),
        (BedVacancy(1, "male", "justice"), "1 male justice bed now"),
        (BedVacancy(3, "any", "welfare"), "3 welfare beds now"),
        (BedVacancy(2, "female", "any", date(2026, 11, 30)), "2 female beds from Mon 30 Nov"),
        (BedVacancy(1, "male", "any", TODAY), "1 male bed now"),  # from today: now
        (BedVacancy(1, "any", "any", date(2026, 11, 1)), "1 bed now"),  # from a past day
        (
            BedVacancy(1, "female", "welfare", date(2027, 1, 4)),
            "1 female welfare bed from Mon 4 Jan",
        ),
    ],
)
def test_bed_words(bed: BedVacancy, words: str) -> None:
    assert bed_words(bed, TODAY) == words


@pytest.mark.parametrize(
    "beds",
    [
        (),
        (BedVacancy(1),),
        (
            BedVacancy(1, "female", "welfare", date(2026, 11, 24)),
            BedVacancy(2, "male", "justice"),
            BedVacancy(1, "any", "any", date(2027, 2, 28)),
        ),
    ],
)
def test_beds_json_round_trip(beds: tuple[BedVacancy, ...]) -> None:
    text = beds_to_json(beds)
    assert beds_from_json(text) == beds
    assert isinstance(json.loads(text), list)


def test_beds_json_defaults_and_empty_text() -> None:
    assert beds_from_json("") == ()
    assert beds_from_json('[{"count": "2"}]') == (BedVacancy(2, "any", "any", None),)
    assert json.loads(beds_to_json([BedVacancy(1, "female", "welfare", date(2026, 11, 24))])) == [
        {
            "count": 1,
            "gender": "female",
            "placement_type": "welfare",
            "available_from": "2026-11-24",
        }
    ]


def _home(app: App, code: str) -> HomeRow:
    with app.db.read_session() as s:
        return s.exec(select(HomeRow).where(HomeRow.code == code)).one()


def _add(app: App, code: str, beds: list[BedVacancy], at: datetime, source: str = "phone") -> int:
    home = _home(app, code)
    with app.db.session() as s:
        row = add_report(
            s, home, beds, reported_at=at, recorded_at=at, source=source, reported_by="test"
        )
        s.flush()
        assert row.id is not None
        return row.id


def _latest(app: App) -> dict[str, object]:
    with app.db.read_session() as s:
        return dict(latest_reports(s))


def test_the_newest_report_wins(app: App, clock: FakeClock) -> None:
    _add(app, "OAK", [BedVacancy(2)], clock.now - timedelta(hours=3), "email")
    _add(app, "OAK", [BedVacancy(1, "female", "welfare")], clock.now)
    _add(app, "HAR", [], clock.now - timedelta(hours=1))
    latest = _latest(app)
    oak = latest["OAK"]
    assert oak.beds == (BedVacancy(1, "female", "welfare"),)  # type: ignore[attr-defined]
    assert oak.reported_at == clock.now and oak.source == "phone"  # type: ignore[attr-defined]
    assert latest["HAR"].beds == ()  # type: ignore[attr-defined]
    assert "KES" not in latest  # never reported
    # and the service's cache agrees, after each new row
    assert app.matching_data()[1]["OAK"].beds == (BedVacancy(1, "female", "welfare"),)
    _add(app, "OAK", [], clock.now)
    assert app.matching_data()[1]["OAK"].beds == ()


def test_a_report_phoned_in_late_about_an_earlier_moment_changes_nothing_current(
    app: App, clock: FakeClock
) -> None:
    _add(app, "OAK", [BedVacancy(2)], clock.now - timedelta(minutes=10), "email")
    phoned_at = clock.now - timedelta(hours=2)  # the call came before the email, typed later
    _add(app, "OAK", [BedVacancy(1, "male")], phoned_at)
    oak = _latest(app)["OAK"]
    assert oak.beds == (BedVacancy(2),)  # type: ignore[attr-defined]
    assert oak.reported_at == clock.now - timedelta(minutes=10)  # type: ignore[attr-defined]
    assert app.matching_data()[1]["OAK"].beds == (BedVacancy(2),)
    with app.db.read_session() as s:
        rows = s.exec(select(VacancyRow).order_by(VacancyRow.id)).all()  # type: ignore[arg-type]
    assert [r.total_available for r in rows] == [2, 1]  # kept in the history


def test_reports_made_at_the_same_moment_are_ordered_by_when_recorded(
    app: App, clock: FakeClock
) -> None:
    home = _home(app, "OAK")
    at = clock.now - timedelta(hours=1)
    with app.db.session() as s:
        add_report(s, home, [BedVacancy(1)], reported_at=at, recorded_at=clock.now, source="phone")
        add_report(
            s,
            home,
            [BedVacancy(3)],
            reported_at=at,
            recorded_at=clock.now - timedelta(minutes=5),
            source="phone",
        )
    assert _latest(app)["OAK"].beds == (BedVacancy(1),)  # type: ignore[attr-defined]


def test_vacancy_set_with_an_earlier_at_is_history_and_says_so(
    app: App, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot import cli

    _add(app, "OAK", [BedVacancy(2)], datetime.now(UTC) - timedelta(minutes=5), "email")
    monkeypatch.setenv("SWCU_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("SWCU_STORE_DIR", str(app.settings.store_dir))
    earlier = (datetime.now(UTC) - timedelta(hours=3)).replace(second=0, microsecond=0)
    code = cli.main(
        [
            "vacancy",
            "set",
            "oak lodge",
            "--beds",
            "1",
            "--gender",
            "female",
            "--at",
            earlier.isoformat(timespec="minutes"),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "kept in the history only" in out.out
    oak = _latest(app)["OAK"]
    assert oak.beds == (BedVacancy(2),) and oak.source == "email"  # type: ignore[attr-defined]
    code = cli.main(["vacancy", "list", "--history", "--json"])
    [item] = [i for i in json.loads(capsys.readouterr().out) if i["home_code"] == "OAK"]
    assert [h["beds"] for h in item["history"]] == [["2 beds now"], ["1 female bed now"]]


def test_an_emailed_report_is_dated_by_the_email_but_never_in_the_future(
    app: App, clock: FakeClock
) -> None:
    service = IntakeService(app)
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # before the email's Date (09:48)
    service.receive(sample("05"))
    assert _latest(app)["OAK"].reported_at == clock.now  # type: ignore[attr-defined]

    clock.now = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
    later = sample("05").replace(b"<179532062728.7138.15069950609091468496@", b"<again-1@")
    service.receive(later)
    oak = _latest(app)["OAK"]
    assert oak.reported_at == datetime(2026, 11, 23, 9, 48, tzinfo=UTC)  # type: ignore[attr-defined]
    assert oak.beds == (BedVacancy(1, "female", "welfare", date(2026, 11, 24)),)  # type: ignore[attr-defined]
