"""Officer operations that change the world, as services: the same idempotency key does
the work once; vacancies by when they were true, checked against the home; one notice per
vacancy change; consultations and answers; quarantine."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services import matching
from bot.services.consultations import consult, record_answer_by_hand
from bot.services.errors import ServiceError
from bot.services.homes import find_home
from bot.services.intake import IntakeService
from bot.services.outcomes import record_outcome
from bot.services.quarantine import list_quarantine, release
from bot.services.vacancies import list_vacancies, record_vacancy
from bot.store.models import AuditEvent, Consultation, Referral
from tests.conftest import sample
from tests.services.test_matching_service import outbox, reload, report, store_referral
from tests.support.clock import FakeClock


def _phone(app: App, home: str, *beds: BedVacancy, ago: timedelta = timedelta()) -> object:
    now = app.clock()
    return record_vacancy(
        app, home, list(beds), reported_at=now - ago, source="phone", actor="t", now=now
    )


# -- idempotency ---------------------------------------------------------------------------


def test_the_same_key_twice_sends_the_list_once(app: App, clock: FakeClock) -> None:
    report(app, "HAR", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    first = matching.send_list(app, row.reference, actor="t", key="double-click", now=clock.now)
    clock.advance(seconds=2)
    second = matching.send_list(app, row.reference, actor="t", key="double-click", now=clock.now)
    assert second.repeated and not first.repeated
    assert (second.homes, second.sent_at) == (first.homes, first.sent_at)
    assert len(outbox(app, "placement_list")) == 1
    with pytest.raises(ServiceError, match="already sent at Mon 23 Nov 2026, 10:30"):
        matching.send_list(app, row.reference, actor="t", key="another", now=clock.now)
    assert len(outbox(app, "placement_list")) == 1
    again = matching.send_list(
        app, row.reference, actor="t", key="another", now=clock.now, again=True
    )
    assert not again.repeated and len(outbox(app, "placement_list")) == 2
    assert reload(app, row).list_sent_at == first.sent_at  # the clock stopped at the first


def test_the_same_key_twice_consults_once_and_a_repeat_is_not_audited_as_consulted(
    app: App, clock: FakeClock
) -> None:
    row = store_referral(app)
    first = consult(app, row.reference, ["oak lodge"], actor="t", key="c1", now=clock.now)
    assert first.consulted == ["Oak Lodge"]
    assert consult(app, row.reference, ["Oak Lodge"], actor="t", key="c1", now=clock.now).repeated
    later = consult(app, row.reference, ["OAK"], actor="t", key="c2", now=clock.now)
    assert later.consulted == [] and later.already == ["Oak Lodge"]
    assert later.warnings == ["Oak Lodge was already consulted at Mon 23 Nov 2026, 10:30"]
    assert len(outbox(app, "consult")) == 1
    with app.db.read_session() as s:
        audited = s.exec(select(AuditEvent).where(AuditEvent.action == "consulted")).all()
    assert len(audited) == 1


def test_the_same_key_twice_records_one_outcome(app: App, clock: FakeClock) -> None:
    report(app, "PEN", BedVacancy(2, "female", "welfare"))
    row = store_referral(app)
    done = record_outcome(
        app, row.reference, "placed", home="pennine", actor="t", key="o1", now=clock.now
    )
    assert (done.outcome, done.home) == ("placed", "Pennine House")
    again = record_outcome(
        app, row.reference, "placed", home="pennine", actor="t", key="o1", now=clock.now
    )
    assert again.repeated and again.home == "Pennine House"
    assert sum(b.count for b in app.matching_data()[1]["PEN"].beds) == 1  # one bed taken
    with pytest.raises(ServiceError, match="already closed"):
        record_outcome(app, row.reference, "withdrawn", actor="t", key="o2", now=clock.now)
    with pytest.raises(ServiceError, match="already used for another operation"):
        matching.send_list(app, row.reference, actor="t", key="o1", now=clock.now)


# -- one home lookup -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["kestrel", "KESTREL HOUSE", "kes", "Kestrel Hse", "Kestrl House"])
def test_a_home_is_found_however_it_is_written(app: App, text: str) -> None:
    assert find_home(app.homes.all(), text).code == "KES"


def test_an_unknown_or_ambiguous_home_is_an_error_naming_the_candidates(app: App) -> None:
    with pytest.raises(ServiceError, match="no home matches 'Nowhere Manor'"):
        find_home(app.homes.all(), "Nowhere Manor")
    homes = app.homes.all()
    kes = next(h for h in homes if h.code == "KES")
    court = replace(kes, code="KEC", name="Kestrel Court")
    with pytest.raises(
        ServiceError, match=r"'kestrel' could be Kestrel House \(KES\) or Kestrel Court \(KEC\)"
    ):
        find_home([*homes, court], "kestrel")


def test_a_vacancy_is_recorded_for_a_home_named_in_lower_case(app: App) -> None:
    done = _phone(app, "kestrel", BedVacancy(1, "female", "welfare"))
    assert done.home == "Kestrel House" and done.current and done.changed  # type: ignore[attr-defined]
    assert app.matching_data()[1]["KES"].beds == (BedVacancy(1, "female", "welfare"),)


# -- sense checks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("home", "bed", "words"),
    [
        ("Oak Lodge", BedVacancy(999), "Oak Lodge has 6 places in all, not 999"),
        ("Oak Lodge", BedVacancy(1, "any", "justice"), "Oak Lodge has no justice places"),
        ("Kestrel House", BedVacancy(5, "any", "justice"), "has 4 justice places, not 5"),
        ("Beacon View", BedVacancy(1, "male"), "takes female children only"),
    ],
)
def test_beds_the_home_cannot_have_are_refused_with_the_reason(
    app: App, home: str, bed: BedVacancy, words: str
) -> None:
    with pytest.raises(ServiceError, match=words):
        _phone(app, home, bed)
    assert list_vacancies(app)[0].current is None or all(
        h.current is None for h in list_vacancies(app)
    )


def test_a_report_in_the_future_or_negative_is_refused(app: App, clock: FakeClock) -> None:
    with pytest.raises(ServiceError, match="in the future"):
        record_vacancy(
            app,
            "OAK",
            [BedVacancy(1)],
            reported_at=clock.now + timedelta(hours=1),
            source="phone",
            actor="t",
            now=clock.now,
        )
    with pytest.raises(ServiceError, match="0 or more"):
        _phone(app, "OAK", BedVacancy(-1))


def test_consulting_an_excluded_home_needs_force_and_is_audited(app: App, clock: FakeClock) -> None:
    row = store_referral(app)  # a girl: Fenland House takes boys only
    with pytest.raises(ServiceError, match="Fenland House is excluded .*takes boys only"):
        consult(app, row.reference, ["Fenland House"], actor="t", key="x1", now=clock.now)
    assert outbox(app, "consult") == []
    done = consult(
        app,
        row.reference,
        ["Fenland House"],
        actor="officer:jo",
        key="x2",
        now=clock.now,
        force=True,
    )
    assert done.consulted == ["Fenland House"]
    assert done.warnings == ["Fenland House consulted although excluded: takes boys only"]
    with app.db.read_session() as s:
        [event] = s.exec(select(AuditEvent).where(AuditEvent.action == "consulted_excluded"))
    assert event.actor == "officer:jo" and "FEN" in event.detail


# -- vacancies by when they were true; one notice per change -------------------------------


def test_a_late_older_report_is_history_and_tells_nobody(app: App, clock: FakeClock) -> None:
    row = store_referral(app)
    matching.draft_list(app, row.id or 0)
    _phone(app, "PEN", BedVacancy(2, "female", "welfare"))
    assert len(outbox(app, "new_eligible_home")) == 1
    clock.advance(minutes=30)
    late = _phone(app, "PEN", ago=timedelta(hours=3))  # "we were full at 8"
    assert not late.current and not late.changed  # type: ignore[attr-defined]
    assert late.warnings  # type: ignore[attr-defined]
    assert app.matching_data()[1]["PEN"].beds == (BedVacancy(2, "female", "welfare"),)
    [pen] = [h for h in list_vacancies(app, history=True) if h.home_code == "PEN"]
    assert [v.total_available for v in pen.history] == [2, 0]
    assert len(outbox(app, "new_eligible_home")) == 1


def test_one_notice_per_change_naming_only_the_changed_home(app: App, clock: FakeClock) -> None:
    first, second = store_referral(app), store_referral(app)
    for row in (first, second):
        matching.draft_list(app, row.id or 0)
    clock.advance(minutes=5)
    report(app, "HAR", BedVacancy(1, "female", "welfare"))  # recorded elsewhere, no notice
    done = _phone(app, "Pennine House", BedVacancy(1, "female", "welfare"))
    assert done.newly_eligible_for == [first.reference, second.reference]  # type: ignore[attr-defined]
    [notice] = outbox(app, "new_eligible_home")
    assert notice.subject == (
        f"Pennine House is now eligible for 2 open referrals: {first.reference}, {second.reference}"
    )
    assert "Harbour Point" not in notice.subject + notice.body_text
    # the same position again: no change, no re-match, no notice
    clock.advance(minutes=5)
    again = _phone(app, "PEN", BedVacancy(1, "female", "welfare"))
    assert not again.changed and len(outbox(app, "new_eligible_home")) == 1  # type: ignore[attr-defined]


def test_no_notice_for_a_referral_completed_after_the_change(app: App, clock: FakeClock) -> None:
    changed_at = clock.now
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    clock.advance(minutes=5)
    # completed after the report was recorded, its draft list not made yet
    waiting = store_referral(app)
    assert matching.rematch_open(app, "PEN", changed_at=changed_at).references == []
    # completed after it and matched with an older picture: still not told of that change
    with app.db.session() as s:
        row = s.get(Referral, waiting.id)
        assert row is not None
        row.eligible_homes = ""
        s.add(row)
    assert matching.rematch_open(app, "PEN", changed_at=changed_at).references == []
    assert outbox(app, "new_eligible_home") == []
    assert reload(app, waiting).eligible_homes == "PEN"  # but it is matched again


def test_a_late_report_that_is_still_the_newest_tells_the_officers(
    app: App, clock: FakeClock
) -> None:
    row = store_referral(app)
    matching.draft_list(app, row.id or 0)
    clock.advance(minutes=30)
    # the home rang an hour ago, typed in now: news to the officers who had the draft
    done = _phone(app, "PEN", BedVacancy(1, "female", "welfare"), ago=timedelta(hours=1))
    assert done.changed and done.newly_eligible_for == [row.reference]  # type: ignore[attr-defined]


# -- answers by hand -----------------------------------------------------------------------


def test_an_answer_given_by_phone_is_recorded(app: App, clock: FakeClock) -> None:
    row = store_referral(app)
    consult(app, row.reference, ["Oak Lodge"], actor="t", key="c", now=clock.now)
    assert (
        record_answer_by_hand(
            app,
            row.reference,
            "oak",
            "decline",
            reason="peer mix",
            actor="officer:jo",
            now=clock.now,
        )
        == "Oak Lodge"
    )
    with app.db.read_session() as s:
        [c] = s.exec(select(Consultation))
    assert (c.answer, c.reason, c.answered_at) == ("decline", "peer mix", clock.now)
    with pytest.raises(ServiceError, match="Beacon View was not consulted"):
        record_answer_by_hand(
            app, row.reference, "BEA", "accept", reason=None, actor="t", now=clock.now
        )
    with pytest.raises(ServiceError, match="accept or decline"):
        record_answer_by_hand(
            app, row.reference, "OAK", "maybe", reason=None, actor="t", now=clock.now
        )


# -- quarantine ----------------------------------------------------------------------------


def test_quarantine_list_and_release(app: App, clock: FakeClock) -> None:
    raw = sample("01").replace(b"hants-cs.test", b"example-stranger.test")
    receipt = IntakeService(app).receive(raw)
    [held] = list_quarantine(app)
    assert held.id == receipt.email_id and held.sender.endswith("example-stranger.test")
    released = release(app, held.id, actor="officer:jo", now=clock.now)
    assert released.reference and list_quarantine(app) == []
    assert len(outbox(app, "draft_list")) == 1  # what follows a complete referral followed
    with app.db.read_session() as s:
        [event] = s.exec(select(AuditEvent).where(AuditEvent.action == "quarantine_released"))
        assert s.exec(select(Referral)).one().status == "complete"
    assert event.actor == "officer:jo"
    with pytest.raises(ServiceError, match=f"no quarantined email {held.id}"):
        release(app, held.id, actor="t", now=clock.now)


def test_match_ranks_a_stored_referral_without_sending(app: App, clock: FakeClock) -> None:
    report(app, "PEN", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    result = matching.match(app, row.reference.lower(), now=clock.now)
    assert [r.home.code for r in result.ranked] == ["PEN"]
    assert outbox(app) == []
    with pytest.raises(ServiceError, match="no referral SWCU-2026-9999"):
        matching.match(app, "SWCU-2026-9999", now=clock.now)
