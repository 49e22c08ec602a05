"""Officer operations on referrals as services (no CLI, no network): show, correct, create,
assign, and possible duplicates."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy, Child, ReferralDetails, SocialWorker
from bot.services.errors import ServiceError
from bot.services.intake import IntakeService
from bot.services.referral_changes import (
    build_details,
    correct_fields,
    create_referral,
    pairs_from_json,
    parse_assignments,
)
from bot.services.referrals import assign, list_referrals, show_referral
from bot.store.models import AuditEvent, Referral
from tests.conftest import FIXTURES, sample
from tests.services.test_matching_service import outbox, report, store_referral
from tests.support.clock import FakeClock


def _row(app: App, reference: str) -> Referral:
    with app.db.read_session() as s:
        return s.exec(select(Referral).where(Referral.reference == reference)).one()


def _audit(app: App, action: str) -> list[AuditEvent]:
    with app.db.read_session() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)))


# -- correcting fields ---------------------------------------------------------------------


def test_an_officer_completes_an_incomplete_referral(app: App, clock: FakeClock) -> None:
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    IntakeService(app).receive(sample("03"))
    [ref] = [r.reference for r in list_referrals(app)]
    assert _row(app, ref).status == "incomplete" and outbox(app, "ack") == []

    clock.advance(minutes=25)
    done = correct_fields(
        app,
        ref,
        parse_assignments(["child.date_of_birth=2012-05-09", "legal_status=interim s25"]),
        actor="officer:jo",
        now=clock.now,
    )
    assert done.became_complete and done.status == "complete" and done.missing == []
    assert done.changed == {
        "child.date_of_birth": "2012-05-09",
        "legal_status": "s25_interim_order",
    }
    row = _row(app, ref)
    # The clock starts when the officer completed it, not when the email came.
    assert row.completed_at == clock.now and row.due_at == clock.now + timedelta(hours=2)
    [ack] = outbox(app, "ack")
    assert ack.to_addrs == "priya.shah@kent-cs.test" and ref in ack.subject
    assert ack.in_reply_to == row.message_id  # in the social worker's own thread
    [draft] = outbox(app, "draft_list")
    assert ref in draft.subject and done.ranked == 1
    sources = json.loads(row.sources)
    assert sources["child.date_of_birth"] == sources["legal_status"] == "officer"
    trail = _audit(app, "field_corrected")
    assert {(e.actor, e.detail) for e in trail} == {
        ("officer:jo", f"{ref} child.date_of_birth"),
        ("officer:jo", f"{ref} legal_status"),
    }
    assert all("2012" not in e.detail for e in trail)  # no child's detail in the trail


def test_a_later_reply_never_overwrites_an_officers_correction(app: App, clock: FakeClock) -> None:
    IntakeService(app).receive(sample("03"))
    ref = list_referrals(app)[0].reference
    correct_fields(
        app,
        ref,
        [("child.date_of_birth", "2012-05-09"), ("legal_status", "s25_order")],
        actor="officer:jo",
        now=clock.now,
    )
    completed = _row(app, ref).completed_at
    clock.advance(hours=1)
    IntakeService(app).receive(sample("06"))  # the social worker's reply: 09/08/2012, interim
    row = _row(app, ref)
    assert row.date_of_birth == date(2012, 5, 9) and row.legal_status == "s25_order"
    assert row.status == "complete" and row.completed_at == completed
    record = show_referral(app, ref)
    assert record.sources["child.date_of_birth"] == "officer"
    # and nobody asks the social worker again for what the officer set
    assert "child.date_of_birth" not in record.summary.missing


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("child.shoe_size=5", "unknown field 'child.shoe_size'"),
        ("child.date_of_birth=next spring", "child.date_of_birth:"),
        ("child.date_of_birth=2031-01-01", "in the future"),
        ("legal_status=on holiday", "legal_status: 'on holiday' not recognised"),
        ("risks=cse,juggling", "risks: not recognised: juggling"),
        ("child.gender=purple", "child.gender: 'purple' not recognised"),
        ("social_worker.email=not an address", "not an email address"),
        ("placing_authority=Atlantis", "not a known authority"),
        ("avoid_homes=Nowhere Manor", "no home matches 'Nowhere Manor'"),
        ("child.age=40", "not an age from 10 to 17"),
        ("child.gender", "is not FIELD=VALUE"),
    ],
)
def test_a_value_that_cannot_be_read_is_refused_and_changes_nothing(
    app: App, clock: FakeClock, pair: str, words: str
) -> None:
    row = store_referral(app, status="incomplete")
    with pytest.raises(ServiceError, match=words):
        correct_fields(app, row.reference, parse_assignments([pair]), actor="t", now=clock.now)
    after = _row(app, row.reference)
    assert after.sources == "{}" and after.updated_at == row.updated_at


def test_values_read_like_the_parser_reads_them(app: App, clock: FakeClock) -> None:
    row = store_referral(app)
    done = correct_fields(
        app,
        row.reference,
        parse_assignments(
            [
                "risks=cse,absconding",
                "needs=none",
                "child.gender=girl",
                "placing_authority=Hants",
                "avoid_homes=kestrel",
                "needed_by=ASAP",
            ]
        ),
        actor="t",
        now=clock.now,
    )
    assert done.changed["risks"] == "absconding, cse" and done.changed["needs"] == "none"
    after = _row(app, row.reference)
    assert after.gender == "female" and after.placing_authority == "Hampshire"
    assert after.placing_authority_code == "E10000014"
    assert after.avoid_homes == "Kestrel House" and after.needed_now
    assert not done.became_complete  # already complete: its clock is not restarted
    assert after.completed_at == row.completed_at


def test_a_closed_or_unknown_referral_cannot_be_corrected(app: App, clock: FakeClock) -> None:
    row = store_referral(app, status="placed")
    with pytest.raises(ServiceError, match=r"is closed \(placed\)"):
        correct_fields(app, row.reference, [("child.gender", "male")], actor="t", now=clock.now)
    with pytest.raises(ServiceError, match="no referral SWCU-2026-9999"):
        correct_fields(app, "SWCU-2026-9999", [("child.gender", "m")], actor="t", now=clock.now)
    with pytest.raises(ServiceError, match="no field to set"):
        correct_fields(app, row.reference, [], actor="t", now=clock.now)


# -- showing -------------------------------------------------------------------------------


def test_show_gives_fields_sources_warnings_and_history(app: App, clock: FakeClock) -> None:
    IntakeService(app).receive(sample("03"))
    ref = list_referrals(app)[0].reference
    correct_fields(
        app, ref, [("child.date_of_birth", "2012-05-09")], actor="officer:jo", now=clock.now
    )
    record = show_referral(app, ref)
    assert record.summary.status == "incomplete" and record.summary.missing == ["legal_status"]
    assert record.fields["child.initials"] == "LW"
    assert record.fields["child.date_of_birth"] == date(2012, 5, 9)
    assert record.sources["child.date_of_birth"] == "officer"
    whats = [h.what for h in record.history]
    assert whats[:2] == ["referral_received", "email in"] or "email in" in whats
    assert "field_corrected" in whats and "email out" in whats
    with pytest.raises(ServiceError, match="no referral SWCU-2026-9999"):
        show_referral(app, "SWCU-2026-9999")
    with pytest.raises(ServiceError, match="status must be one of"):
        list_referrals(app, status="lost")


# -- creating without an email -------------------------------------------------------------


def _phoned() -> ReferralDetails:
    return ReferralDetails(
        placing_authority="Kent",
        placing_authority_code="E10000016",
        social_worker=SocialWorker("Priya Shah", "priya.shah@kent-cs.test", None),
        child=Child("LW", date(2012, 5, 9), None, "female"),
        legal_status="s25_interim_order",
        needed_now=True,
        risks=["cse"],
    )


def test_a_referral_taken_by_phone_is_born_complete_without_an_email(
    app: App, clock: FakeClock
) -> None:
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    done = create_referral(
        app, _phoned(), origin="phone", actor="officer:jo", now=clock.now, key="k-1"
    )
    assert done.status == "complete" and done.became_complete and done.ranked == 1
    row = _row(app, done.reference)
    assert row.message_id is None and row.origin == "phone" and row.created_by == "officer:jo"
    assert row.due_at == clock.now + timedelta(hours=2)
    assert set(json.loads(row.sources).values()) == {"officer"}
    [ack] = outbox(app, "ack")
    assert ack.to_addrs == "priya.shah@kent-cs.test" and ack.in_reply_to is None
    assert len(outbox(app, "draft_list")) == 1
    assert _audit(app, "referral_created")[0].actor == "officer:jo"

    again = create_referral(
        app, _phoned(), origin="phone", actor="officer:jo", now=clock.now, key="k-1"
    )
    assert again.repeated and again.reference == done.reference
    assert len(list_referrals(app)) == 1 and len(outbox(app, "ack")) == 1


def test_a_phoned_referral_missing_details_asks_the_social_worker(
    app: App, clock: FakeClock
) -> None:
    details = _phoned()
    details.legal_status = None
    done = create_referral(app, details, origin="cli", actor="t", now=clock.now, key="k-2")
    assert done.status == "incomplete" and done.missing == ["legal_status"]
    [asked] = outbox(app, "missing")
    assert asked.to_addrs == "priya.shah@kent-cs.test"
    with pytest.raises(ServiceError, match="origin must be one of"):
        create_referral(app, _phoned(), origin="pigeon", actor="t", now=clock.now)


def test_a_referral_from_the_json_shape_is_read_like_an_officers_values(
    app: App, clock: FakeClock
) -> None:
    data = json.loads((FIXTURES / "samples" / "01-plain-complete.expected.json").read_text())
    details = build_details(app, pairs_from_json(data["referral"]), now=clock.now)
    assert details.placing_authority == "Hampshire" and details.child.initials == "AK"
    assert details.risks == sorted(data["referral"]["risks"])
    assert details.legal_status == data["referral"]["legal_status"]
    with pytest.raises(ServiceError, match="unknown field 'child.hat'"):
        pairs_from_json({"child": {"hat": "red"}})
    with pytest.raises(ServiceError, match="must be a JSON object"):
        pairs_from_json([1, 2])


# -- assigning -----------------------------------------------------------------------------


def test_assign_an_officer(app: App, clock: FakeClock) -> None:
    row = store_referral(app)
    assert assign(app, row.reference, "Jo Bloggs", actor="officer:sam", now=clock.now) is None
    assert assign(app, row.reference, "Sam  Lee", actor="officer:sam", now=clock.now) == (
        "Jo Bloggs"
    )
    assert _row(app, row.reference).assigned_to == "Sam Lee"
    assert [e.detail for e in _audit(app, "assigned")] == [
        f"{row.reference} Jo Bloggs",
        f"{row.reference} Sam Lee",
    ]
    with pytest.raises(ServiceError, match="name the officer"):
        assign(app, row.reference, "  ", actor="t", now=clock.now)
    closed = store_referral(app, status="withdrawn")
    with pytest.raises(ServiceError, match="is closed"):
        assign(app, closed.reference, "Jo", actor="t", now=clock.now)


# -- possible duplicates -------------------------------------------------------------------


def test_a_second_referral_for_the_same_child_is_flagged_on_both(
    app: App, clock: FakeClock
) -> None:
    IntakeService(app).receive(sample("01"))
    first = list_referrals(app)[0].reference
    clock.advance(minutes=10)
    copy = sample("01").replace(b"Message-ID: <", b"Message-ID: <copy-", 1)
    IntakeService(app).receive(copy)
    second = list_referrals(app)[0].reference
    assert second != first
    assert _row(app, first).possible_duplicates == second
    assert _row(app, second).possible_duplicates == first
    assert any(first in w for w in show_referral(app, second).warnings)
    # a different child from the same authority is not
    other = create_referral(app, _phoned(), origin="phone", actor="t", now=clock.now, key="other")
    assert other.possible_duplicates == []


def test_a_closed_referral_is_not_a_duplicate(app: App, clock: FakeClock) -> None:
    IntakeService(app).receive(sample("01"))
    first = list_referrals(app)[0].reference
    with app.db.session() as s:
        row = s.exec(select(Referral).where(Referral.reference == first)).one()
        row.status = "placed"
        s.add(row)
    IntakeService(app).receive(sample("01").replace(b"Message-ID: <", b"Message-ID: <b-", 1))
    assert list_referrals(app)[0].possible_duplicates == []
