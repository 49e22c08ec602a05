"""Consulting homes: what a home is told, and what its answer does to the list."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from bot.app import App
from bot.domain.model import BedVacancy
from bot.services.consultations import consult, profile, record_answer
from bot.services.intake import IntakeService
from bot.services.matching import MatchingError, compute
from bot.store.models import Consultation, HomeRow, Referral
from tests.conftest import FIXTURES, sample
from tests.services.test_matching_service import outbox, reload, report, store_referral
from tests.support.clock import FakeClock

IDENTIFYING = ("AK", "Hampshire", "Rachel", "Dunmore", "hants-cs", "Portsmouth", "Southampton")


def ask(app: App, reference: str, homes: list[str], **kw: object) -> list[str]:
    """`consult` as one request of a front end (a fresh key): the homes asked."""
    done = consult(
        app, reference, homes, actor="test", key=uuid.uuid4().hex, now=app.clock(), **kw  # type: ignore[arg-type]
    )
    return done.consulted


def _consultations(app: App) -> dict[str, Consultation]:
    with app.db.read_session() as s:
        rows = s.exec(
            select(Consultation, HomeRow.code).join(
                HomeRow,
                HomeRow.id == Consultation.home_id,  # type: ignore[arg-type]
            )
        ).all()
        return {code: c for c, code in rows}


def _match(app: App, reference: str) -> tuple[list[str], dict[str, str]]:
    with app.db.session() as s:
        row = s.exec(select(Referral).where(Referral.reference == reference)).one()
        result = compute(app, s, row)
    return [r.home.code for r in result.ranked], {e.home.code: e.reason for e in result.excluded}


def test_profile_is_anonymised(app: App, clock: FakeClock) -> None:
    row = store_referral(
        app,
        avoid_areas="Southampton",
        notes="Found in Southampton with older males",
        needed_by=datetime(2026, 11, 23, 18, 0, tzinfo=UTC),
    )
    p = profile(reload(app, row), clock.now)
    assert p["age"] == 14 and p["gender"] == "female"
    assert p["legal_status_words"] == "interim secure accommodation order"
    assert p["needed_by"] == "Mon 23 Nov 2026, 18:00"
    text = repr(p)
    for words in (*IDENTIFYING, "older males", "2012"):
        assert words not in text, words


def test_consult_emails_each_home_once_without_identifying_details(app: App) -> None:
    row = store_referral(app, notes="Found in Southampton with older males")
    assert ask(app, row.reference, ["Oak Lodge", "bea"]) == ["Oak Lodge", "Beacon View"]
    sent = outbox(app, "consult")
    assert [m.to_addrs for m in sent] == ["duty@oaklodge.test", "beaconview@devon-sch.test"]
    for mail in sent:
        assert mail.subject == f"Can you consider a young person? {row.reference}"
        everything = "\n".join([mail.subject, mail.body_text, mail.body_html or ""])
        for words in (*IDENTIFYING[1:], "older males"):
            assert words not in everything, words
        assert re.search(r"\bAK\b", everything) is None
        assert "Age: 14" in mail.body_text
    consultations = _consultations(app)
    assert set(consultations) == {"OAK", "BEA"}
    assert consultations["OAK"].message_id == sent[0].message_id
    assert consultations["OAK"].answer is None

    ask(app, row.reference, ["Oak Lodge"])  # asked again: no second email, no second row
    assert len(outbox(app, "consult")) == 2 and len(_consultations(app)) == 2


@pytest.mark.parametrize("status", ["incomplete", "placed", "withdrawn", "not_placed"])
def test_only_open_complete_referrals_are_consulted_on(app: App, status: str) -> None:
    row = store_referral(app, status=status)
    with pytest.raises(MatchingError, match="only complete referrals are consulted on"):
        ask(app, row.reference, ["Oak Lodge"])
    assert outbox(app) == [] and _consultations(app) == {}


def test_an_unknown_home_is_refused(app: App) -> None:
    row = store_referral(app)
    with pytest.raises(MatchingError, match="no home matches 'Nowhere Manor'"):
        ask(app, row.reference, ["Nowhere Manor"])
    assert outbox(app) == []


def test_answers_decline_and_accept_change_the_list(app: App, clock: FakeClock) -> None:
    for code in ("OAK", "BEA", "HAR"):
        report(app, code, BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    ranked, _ = _match(app, row.reference)
    assert ranked[0] == "HAR" and {"OAK", "BEA"} <= set(ranked)
    ask(app, row.reference, ["Oak Lodge", "Beacon View"])

    clock.advance(minutes=40)
    with app.db.session() as s:
        oak = s.exec(
            select(Consultation).join(HomeRow).where(HomeRow.code == "OAK")  # type: ignore[arg-type]
        ).one()
        assert record_answer(s, oak, "Sorry, we have to decline — peer mix.", clock.now) == (
            "processed"
        )
    ranked, excluded = _match(app, row.reference)
    assert excluded["OAK"] == "declined" and "OAK" not in ranked
    assert ranked[0] == "HAR"

    with app.db.session() as s:
        bea = s.exec(
            select(Consultation).join(HomeRow).where(HomeRow.code == "BEA")  # type: ignore[arg-type]
        ).one()
        assert record_answer(s, bea, "Yes, we can consider her.", clock.now) == "processed"
    ranked, excluded = _match(app, row.reference)
    assert ranked[0] == "BEA" and excluded["OAK"] == "declined"

    answers = _consultations(app)
    assert (answers["OAK"].answer, answers["OAK"].reason) == ("decline", "peer mix")
    assert answers["OAK"].answered_at == clock.now
    assert answers["BEA"].answer == "accept"


def test_an_unclear_answer_is_flagged_and_changes_nothing(app: App, clock: FakeClock) -> None:
    report(app, "OAK", BedVacancy(1, "female", "welfare"))
    row = store_referral(app)
    ask(app, row.reference, ["Oak Lodge"])
    with app.db.session() as s:
        [oak] = s.exec(select(Consultation)).all()
        assert record_answer(s, oak, "Can you tell us more about her needs?", clock.now) == (
            "flagged"
        )
    [c] = _consultations(app).values()
    assert c.answer is None and c.answered_at is None
    assert _match(app, row.reference)[0] == ["OAK"]


def test_profile_age_is_on_the_day_needed_and_now_when_asap(app: App, clock: FakeClock) -> None:
    birthday_soon = store_referral(
        app,
        date_of_birth=date(2012, 11, 25),
        needed_by=datetime(2026, 11, 26, 10, 0, tzinfo=UTC),
    )
    assert profile(reload(app, birthday_soon), clock.now)["age"] == 14
    asap = store_referral(app, needed_now=True, date_of_birth=date(2012, 11, 25))
    p = profile(reload(app, asap), clock.now)
    assert p["age"] == 13 and p["needed_by"] == "now"


# -- answers arriving by email ------------------------------------------------------------

CONSULT_DECLINE = (FIXTURES / "e2e" / "consult-decline-oak.eml").read_text()


def _consulted_referral(app: App) -> tuple[str, dict[str, str]]:
    IntakeService(app).receive(sample("01"))
    ask(app, "SWCU-2026-0001", ["Oak Lodge", "Beacon View"])
    ids = {m.to_addrs: m.message_id for m in outbox(app, "consult")}
    return "SWCU-2026-0001", ids


def test_a_homes_threaded_answer_is_recorded_for_that_home(app: App) -> None:
    reference, ids = _consulted_referral(app)
    raw = CONSULT_DECLINE.format(reference=reference, consult_message_id=ids["duty@oaklodge.test"])
    receipt = IntakeService(app).receive(raw.encode())
    assert receipt.disposition == "processed"
    answers = _consultations(app)
    assert (answers["OAK"].answer, answers["OAK"].reason) == ("decline", "peer mix")
    assert answers["BEA"].answer is None
    # the home's answer is not a referral update: nobody is emailed about it
    assert [m.purpose for m in outbox(app)] == ["ack", "consult", "consult"]


def test_an_answer_in_another_homes_thread_is_not_that_homes_answer(app: App) -> None:
    reference, ids = _consulted_referral(app)
    raw = (
        CONSULT_DECLINE.format(reference=reference, consult_message_id=ids["duty@oaklodge.test"])
        .replace("duty@oaklodge.test", "beaconview@devon-sch.test")
        .replace("Oak Lodge Duty", "Beacon View")
    )
    IntakeService(app).receive(raw.encode())
    assert _consultations(app)["OAK"].answer is None


def test_an_unthreaded_answer_naming_the_reference_never_tells_the_home_the_initials(
    app: App,
) -> None:
    reference, ids = _consulted_referral(app)
    raw = CONSULT_DECLINE.format(reference=reference, consult_message_id=ids["duty@oaklodge.test"])
    unthreaded = "\n".join(
        line for line in raw.splitlines() if not line.startswith(("In-Reply-To:", "References:"))
    )
    IntakeService(app).receive(unthreaded.encode())
    to_the_home = [m for m in outbox(app) if "oaklodge" in m.to_addrs and m.purpose != "consult"]
    for mail in to_the_home:
        assert re.search(r"\bAK\b", mail.subject + mail.body_text) is None, mail.subject
    assert [m.purpose for m in outbox(app)] == ["ack", "consult", "consult"]
