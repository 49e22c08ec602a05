"""The matching service against a real database: the request built from a stored referral,
the officers' draft, the list to the social worker, re-matching after a vacancy change, and
London dates across the clock changes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services import matching
from bot.services.intake import IntakeService
from bot.services.matching import MatchingError, build_request, needed_on
from bot.services.vacancies import add_report
from bot.store.models import Consultation, HomeRow, OutboundMessage, Referral
from bot.store.referrals import next_reference, set_complete
from tests.conftest import sample
from tests.support.clock import FakeClock

GIRL: dict[str, Any] = dict(
    placing_authority="Hampshire",
    placing_authority_code="E10000014",
    social_worker_name="Rachel Dunmore",
    social_worker_email="rachel.dunmore@hants-cs.test",
    initials="AK",
    date_of_birth=date(2012, 2, 14),
    gender="female",
    home_area="Portsmouth",
    legal_status="s25_interim_order",
    placement_type="welfare",
    risks="absconding;cse;self_harm",
    needs="ehcp;mental_health",
)


def store_referral(app: App, status: str = "complete", **fields: Any) -> Referral:
    """A referral row as intake would leave it (details already parsed)."""
    now = app.clock()
    values = {**GIRL, "needed_by": now + timedelta(hours=6), **fields}
    with app.db.session() as s:
        row = Referral(
            reference=next_reference(s, now.year),
            received_at=now,
            message_id=f"<svc-{uuid.uuid4().hex}@hants-cs.test>",
            **values,
        )
        if status != "incomplete":
            set_complete(row, now)
        row.status = status
        if status == "incomplete":
            row.missing = "legal_status"
        s.add(row)
        s.flush()
        s.refresh(row)
    return row


def send(app: App, reference: str, homes: list[str] | None = None, **kw: Any) -> list[str]:
    """`send_list` with a fresh key, as one request of a front end."""
    done = matching.send_list(
        app, reference, homes, actor="test", key=uuid.uuid4().hex, now=app.clock(), **kw
    )
    return done.homes


def rematch(app: App, code: str) -> list[str]:
    return matching.rematch_open(app, code, changed_at=app.clock()).references


def reload(app: App, row: Referral) -> Referral:
    with app.db.read_session() as s:
        fresh = s.get(Referral, row.id)
        assert fresh is not None
        return fresh


def request_for(app: App, row: Referral) -> matching.MatchRequest:
    homes, _ = app.matching_data()
    with app.db.session() as s:
        fresh = s.get(Referral, row.id)
        assert fresh is not None
        return build_request(app, s, fresh, app.clock(), homes)


def report(app: App, code: str, *beds: BedVacancy, at: datetime | None = None) -> None:
    with app.db.session() as s:
        home = s.exec(select(HomeRow).where(HomeRow.code == code)).one()
        now = app.clock()
        add_report(s, home, beds, reported_at=at or now, recorded_at=now, source="phone")


def outbox(app: App, purpose: str | None = None) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        rows = list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))  # type: ignore[arg-type]
    return [r for r in rows if purpose is None or r.purpose == purpose]


# -- build_request ------------------------------------------------------------------------


def test_age_is_taken_on_the_day_the_bed_is_needed(app: App, clock: FakeClock) -> None:
    # 13 today (Mon 23 Nov 2026), 14 on Wed 25 Nov, the bed is needed on Thu 26 Nov.
    row = store_referral(
        app,
        date_of_birth=date(2012, 11, 25),
        needed_by=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
    )
    request = request_for(app, row)
    assert request.needed_on == date(2026, 11, 26)
    assert request.age == 14
    assert matching.age_on(date(2012, 11, 25), None, clock.now.date()) == 13


def test_needed_now_means_today_and_todays_age(app: App) -> None:
    row = store_referral(
        app,
        date_of_birth=date(2012, 11, 25),
        needed_by=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
        needed_now=True,
    )
    request = request_for(app, row)
    assert request.needed_on == date(2026, 11, 23) and request.age == 13


def test_a_needed_by_in_the_past_means_today(app: App) -> None:
    row = store_referral(app, needed_by=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    assert request_for(app, row).needed_on == date(2026, 11, 23)


def test_a_stated_age_is_used_when_there_is_no_date_of_birth(app: App) -> None:
    row = store_referral(app, date_of_birth=None, age=15)
    assert request_for(app, row).age == 15


def test_homes_to_avoid_become_codes_and_areas_are_geocoded(app: App) -> None:
    row = store_referral(
        app, avoid_homes="Kestrel House;Oak Lodge;No Such Home", avoid_areas="Southampton"
    )
    request = request_for(app, row)
    assert request.avoid_home_codes == frozenset({"KES", "OAK"})
    [area] = request.avoid_areas
    assert area.name == "Southampton"
    assert area.latitude == pytest.approx(50.91, abs=0.05)
    assert area.longitude == pytest.approx(-1.40, abs=0.05)
    assert request.risks == frozenset({"absconding", "cse", "self_harm"})
    assert request.needs == frozenset({"ehcp", "mental_health"})
    assert request.gender == "female" and request.placement_type == "welfare"


def test_origin_is_the_home_area_else_the_placing_authority(app: App) -> None:
    portsmouth = request_for(app, store_referral(app)).origin
    assert portsmouth is not None and portsmouth.name == "Portsmouth"
    unknown_area = request_for(app, store_referral(app, home_area="Nowhere-on-Sea")).origin
    no_area = request_for(app, store_referral(app, home_area=None)).origin
    for origin in (unknown_area, no_area):
        assert origin is not None and origin.name == "Hampshire"


def test_consultation_answers_reach_the_request(app: App) -> None:
    row = store_referral(app)
    with app.db.session() as s:
        homes = {h.code: h.id for h in s.exec(select(HomeRow))}
        s.add(Consultation(referral_id=row.id, home_id=homes["OAK"], answer="decline"))
        s.add(Consultation(referral_id=row.id, home_id=homes["BEA"], answer="accept"))
        s.add(Consultation(referral_id=row.id, home_id=homes["HAR"]))  # no answer yet
    request = request_for(app, row)
    assert request.declined_home_codes == frozenset({"OAK"})
    assert request.accepted_home_codes == frozenset({"BEA"})


# -- draft_list -----------------------------------------------------------------------------


def test_draft_list_queues_exactly_one_draft_to_the_unit(app: App) -> None:
    report(app, "HAR", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    result = matching.draft_list(app, row.id)  # type: ignore[arg-type]
    assert result is not None and [r.home.code for r in result.ranked] == ["HAR"]
    again = matching.draft_list(app, row.id)  # type: ignore[arg-type]
    assert again is not None
    [draft] = outbox(app, "draft_list")
    assert draft.to_addrs == app.settings.unit_inbox
    assert draft.referral_id == row.id
    assert row.reference in draft.subject and "1. Harbour Point" in draft.body_text
    assert reload(app, row).eligible_homes == "HAR"
    assert outbox(app, "placement_list") == []  # auto_send_lists is off


def test_draft_list_does_nothing_for_a_referral_that_is_not_complete(app: App) -> None:
    row = store_referral(app, status="incomplete")
    assert matching.draft_list(app, row.id) is None  # type: ignore[arg-type]
    assert matching.draft_list(app, 999_999) is None
    assert outbox(app) == []


# -- send_list -------------------------------------------------------------------------------


def test_send_list_mails_the_social_worker_and_stops_the_clock(app: App, clock: FakeClock) -> None:
    report(app, "HAR", BedVacancy(1, "female", "welfare"))
    report(app, "SEV", BedVacancy(2))
    row = store_referral(app)
    assert send(app, row.reference) == ["Harbour Point", "Severn Lodge"]
    [sent] = outbox(app, "placement_list")
    assert sent.to_addrs == "rachel.dunmore@hants-cs.test"
    assert sent.in_reply_to == row.message_id
    first = reload(app, row)
    assert first.status == "list_sent" and first.list_sent_at == clock.now

    clock.advance(minutes=30)  # sent again (another home chosen): the clock stopped earlier
    with pytest.raises(MatchingError, match="already sent at Mon 23 Nov 2026, 10:30"):
        send(app, row.reference, ["SEV"])
    assert send(app, row.reference, ["SEV"], again=True) == ["Severn Lodge"]
    assert reload(app, row).list_sent_at == first.list_sent_at
    assert len(outbox(app, "placement_list")) == 2


@pytest.mark.parametrize(
    ("status", "fields", "words"),
    [
        ("incomplete", {}, "is incomplete"),
        ("withdrawn", {}, "is closed (withdrawn)"),
        ("placed", {}, "is closed (placed)"),
        ("not_placed", {}, "is closed (not_placed)"),
        ("complete", {"social_worker_email": None}, "has no social worker email"),
    ],
)
def test_send_list_refuses(app: App, status: str, fields: dict[str, Any], words: str) -> None:
    report(app, "HAR", BedVacancy(1, "female", "welfare"))
    row = store_referral(app, status=status, **fields)
    with pytest.raises(MatchingError, match=words.replace("(", r"\(").replace(")", r"\)")):
        send(app, row.reference)
    assert outbox(app, "placement_list") == []
    assert reload(app, row).status == status and reload(app, row).list_sent_at is None


def test_send_list_refuses_an_excluded_or_unknown_home_and_an_empty_list(app: App) -> None:
    report(app, "HAR", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    with pytest.raises(MatchingError, match="Fenland House is excluded: takes boys only"):
        send(app, row.reference, ["Fenland House"])
    with pytest.raises(MatchingError, match="no home matches 'Nowhere'"):
        send(app, row.reference, ["Nowhere"])
    bare = store_referral(app, gender="male")  # HAR's only bed is for a girl
    with pytest.raises(MatchingError, match="no eligible home"):
        send(app, bare.reference)
    with pytest.raises(MatchingError, match="no referral SWCU-2026-9999"):
        send(app, "SWCU-2026-9999")
    assert outbox(app, "placement_list") == []


# -- rematch_open ---------------------------------------------------------------------------


def test_rematch_tells_the_officers_once_about_a_newly_eligible_home(
    app: App, clock: FakeClock
) -> None:
    row = store_referral(app)
    matching.draft_list(app, row.id)  # type: ignore[arg-type]
    assert reload(app, row).eligible_homes == ""

    clock.advance(minutes=5)
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    assert rematch(app, "PEN") == [row.reference]
    [told] = outbox(app, "new_eligible_home")
    assert told.to_addrs == app.settings.unit_inbox
    assert told.subject == f"Pennine House is now eligible for 1 open referral: {row.reference}"
    assert f"- {row.reference} (AK)" in told.body_text
    assert reload(app, row).eligible_homes == "PEN"

    clock.advance(minutes=5)
    report(app, "PEN", BedVacancy(2, "female", "welfare"))  # more beds, same home
    assert rematch(app, "PEN") == []
    assert rematch(app, "PEN") == []
    assert len(outbox(app, "new_eligible_home")) == 1


def test_rematch_says_nothing_when_the_changed_home_is_not_newly_eligible(
    app: App, clock: FakeClock
) -> None:
    report(app, "HAR", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    matching.draft_list(app, row.id)  # type: ignore[arg-type]
    clock.advance(minutes=5)
    report(app, "HAR", BedVacancy(2, "female", "welfare"))  # still eligible
    report(app, "MOO", BedVacancy(1, "male"))  # a boys' home: not eligible for her
    assert rematch(app, "HAR") == []
    assert rematch(app, "MOO") == []
    assert outbox(app, "new_eligible_home") == []


def test_rematch_leaves_incomplete_and_closed_referrals_alone(app: App) -> None:
    store_referral(app, status="incomplete")
    store_referral(app, status="withdrawn")
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    assert rematch(app, "PEN") == []
    assert outbox(app) == []


# -- time: London dates either side of the clock changes --------------------------------------


def _referral_email(sent: str, needed_by: str, court: str) -> bytes:
    return (
        sample("01")
        .replace(b"Date: Mon, 23 Nov 2026 10:12:00 +0000", f"Date: {sent}".encode())
        .replace(b"Bed needed by: 23/11/2026 18:00", f"Bed needed by: {needed_by}".encode())
        .replace(b"Court date: 24/11/2026 10:00", f"Court date: {court}".encode())
    )


def _stored_needed_by(app: App, reference: str) -> object:
    with app.db.read_session() as s:
        return s.execute(
            text("SELECT needed_by FROM referral WHERE reference = :r"), {"r": reference}
        ).scalar_one()


def _assert_stored_utc(app: App, reference: str, expected: datetime) -> None:
    raw = _stored_needed_by(app, reference)
    if isinstance(raw, str):  # SQLite keeps the UTC wall time as text
        assert raw.startswith(expected.strftime("%Y-%m-%d %H:%M:%S")), raw
    else:  # PostgreSQL: timestamptz, an instant
        assert isinstance(raw, datetime) and raw == expected


@pytest.mark.parametrize(
    ("clock_at", "sent", "needed_by", "court", "utc", "london_day"),
    [
        # Spring: the clocks go forward at 01:00 UTC on Sun 29 Mar 2026 (BST, UTC+1).
        (
            datetime(2026, 3, 28, 10, 30, tzinfo=UTC),
            "Sat, 28 Mar 2026 10:12:00 +0000",
            "30/03/2026 10:00",
            "31/03/2026 10:00",
            datetime(2026, 3, 30, 9, 0, tzinfo=UTC),
            date(2026, 3, 30),
        ),
        # Just after midnight in BST is still the day before in UTC.
        (
            datetime(2026, 3, 28, 10, 30, tzinfo=UTC),
            "Sat, 28 Mar 2026 10:12:00 +0000",
            "31/03/2026 00:30",
            "01/04/2026 10:00",
            datetime(2026, 3, 30, 23, 30, tzinfo=UTC),
            date(2026, 3, 31),
        ),
        # Autumn: the clocks go back at 01:00 UTC on Sun 25 Oct 2026 (GMT again).
        (
            datetime(2026, 10, 24, 10, 30, tzinfo=UTC),
            "Sat, 24 Oct 2026 11:12:00 +0100",
            "25/10/2026 00:30",
            "26/10/2026 10:00",
            datetime(2026, 10, 24, 23, 30, tzinfo=UTC),
            date(2026, 10, 25),
        ),
        (
            datetime(2026, 10, 24, 10, 30, tzinfo=UTC),
            "Sat, 24 Oct 2026 11:12:00 +0100",
            "26/10/2026 10:00",
            "27/10/2026 10:00",
            datetime(2026, 10, 26, 10, 0, tzinfo=UTC),
            date(2026, 10, 26),
        ),
    ],
)
def test_needed_by_across_the_clock_changes(
    app: App,
    clock: FakeClock,
    clock_at: datetime,
    sent: str,
    needed_by: str,
    court: str,
    utc: datetime,
    london_day: date,
) -> None:
    clock.now = clock_at
    receipt = IntakeService(app).receive(_referral_email(sent, needed_by, court))
    assert receipt.reference and receipt.completed_referral_id is not None
    with app.db.read_session() as s:
        row = s.exec(select(Referral).where(Referral.reference == receipt.reference)).one()
    assert row.needed_by == utc and row.needed_by.tzinfo == UTC
    assert row.received_at == clock_at and row.due_at == clock_at + timedelta(hours=2)
    _assert_stored_utc(app, row.reference, utc)
    assert needed_on(row, clock.now) == london_day
    assert request_for(app, row).needed_on == london_day


@pytest.mark.parametrize(
    ("now", "london_day"),
    [
        (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 3, 28)),  # GMT: same day
        (datetime(2026, 3, 29, 23, 30, tzinfo=UTC), date(2026, 3, 30)),  # BST: next day
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # BST: next day
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # GMT: same day
    ],
)
def test_needed_now_is_todays_london_date(
    app: App, clock: FakeClock, now: datetime, london_day: date
) -> None:
    clock.now = now
    row = store_referral(app, needed_by=now, needed_now=True)
    assert needed_on(row, now) == london_day
    assert request_for(app, row).needed_on == london_day


def test_the_ack_shows_the_due_time_in_london_across_the_spring_change(
    app: App, clock: FakeClock
) -> None:
    # 00:30 GMT; two hours later is 03:30 BST (01:00-02:00 does not exist that night).
    clock.now = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    raw = _referral_email("Sun, 29 Mar 2026 00:20:00 +0000", "29/03/2026 12:00", "30/03/2026 10:00")
    IntakeService(app).receive(raw)
    [ack] = outbox(app, "ack")
    assert "Sun 29 Mar 2026, 03:30" in ack.body_text
    with app.db.read_session() as s:
        row = s.exec(select(Referral)).one()
    assert row.due_at == datetime(2026, 3, 29, 2, 30, tzinfo=UTC)
