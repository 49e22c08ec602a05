"""Homes' vacancy replies over SMTP, as the home and the officers see them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.domain.model import BedVacancy
from bot.harness import ServerProcess
from bot.store.db import Database
from bot.store.models import HomeRow, InboundEmail, VacancyReport
from tests.conftest import sample
from tests.e2e.conftest import (
    VACANCIES,
    assert_no_fees,
    deliver,
    e2e_email,
    header_date,
    header_message_id,
    mails_to,
    outbox,
    record_beds,
    text_of,
    vacancy_json,
    wait_for_mail,
)


def latest_beds(server: ServerProcess, code: str) -> list[dict[str, object]]:
    db = Database(server.database_url)
    try:
        with db.read_session() as s:
            row = s.exec(
                select(VacancyReport)
                .join(HomeRow, HomeRow.id == VacancyReport.home_id)  # type: ignore[arg-type]
                .where(HomeRow.code == code)
                .order_by(VacancyReport.id.desc())  # type: ignore[union-attr]
            ).first()
            assert row is not None, f"no vacancy report for {code}"
            return json.loads(row.beds_json)  # type: ignore[no-any-return]
    finally:
        db.dispose()


def report_count(server: ServerProcess, code: str) -> int:
    db = Database(server.database_url)
    try:
        with db.read_session() as s:
            return len(
                s.exec(
                    select(VacancyReport.id)
                    .join(HomeRow, HomeRow.id == VacancyReport.home_id)  # type: ignore[arg-type]
                    .where(HomeRow.code == code)
                ).all()
            )
    finally:
        db.dispose()


def disposition(server: ServerProcess, message_id: str) -> str:
    db = Database(server.database_url)
    try:
        with db.read_session() as s:
            return s.exec(
                select(InboundEmail.disposition).where(InboundEmail.message_id == message_id)
            ).one()
    finally:
        db.dispose()


def test_sample_vacancy_reply_is_recorded_and_confirmed_in_thread(server: ServerProcess) -> None:
    raw = sample("05")
    before = datetime.now(UTC)
    deliver(server, raw, VACANCIES)
    after = datetime.now(UTC)

    oak = vacancy_json(server, "Oak Lodge")
    assert oak["total_available"] == 1 and oak["source"] == "email"
    [beds] = oak["beds"]
    # "from Tue 24 Nov" while that is still ahead of the real clock, "now" after it
    assert beds.startswith("1 female welfare bed ")
    assert latest_beds(server, "OAK") == [
        {
            "count": 1,
            "gender": "female",
            "placement_type": "welfare",
            "available_from": "2026-11-24",
        }
    ]
    # The report's time is the email's Date, but never later than when it arrived.
    reported_at = datetime.fromisoformat(oak["reported_at"])
    sent_at = header_date(raw)
    if sent_at > after:
        assert before.replace(microsecond=0) <= reported_at <= after
    else:
        assert reported_at == sent_at
    assert oak["age_hours"] >= 0

    [ack] = wait_for_mail(server, "duty@oaklodge.test", "Vacancy update recorded")
    assert str(ack["Subject"]) == "Vacancy update recorded: Oak Lodge"
    assert "vacancies@swcu.test" in str(ack["From"])
    assert ack["In-Reply-To"] == header_message_id(raw)
    assert header_message_id(raw) in str(ack["References"]).split()
    assert ack["Auto-Submitted"] == "auto-replied"
    assert ack["X-Auto-Response-Suppress"] == "All"
    assert "Recorded for Oak Lodge: 1 female welfare bed " in text_of(ack)
    assert_no_fees(server)


def test_free_text_replies_from_other_homes_are_recorded(server: ServerProcess) -> None:
    nil = e2e_email("vacancy-nil-kestrel.eml")
    severn = e2e_email("vacancy-freetext-severn.eml")
    # A phoned report made before the NIL reply was written: the reply replaces it.
    record_beds(server, "KES", BedVacancy(2), at=header_date(nil) - timedelta(hours=1))
    deliver(server, nil, VACANCIES)
    deliver(server, severn, VACANCIES)

    kestrel = vacancy_json(server, "Kestrel House")
    assert kestrel["total_available"] == 0 and kestrel["beds"] == []
    assert kestrel["source"] == "email"
    assert latest_beds(server, "KES") == []

    lodge = vacancy_json(server, "Severn Lodge")
    assert lodge["total_available"] == 2 and lodge["source"] == "email"
    assert latest_beds(server, "SEV") == [
        {"count": 1, "gender": "male", "placement_type": "welfare", "available_from": None},
        # "Monday 30th" read against the email's own date, Mon 23 Nov 2026
        {"count": 1, "gender": "female", "placement_type": "any", "available_from": "2026-11-30"},
    ]

    [k_ack] = wait_for_mail(server, "vacancies@kestrel-house.test", "Vacancy update recorded")
    assert "Recorded for Kestrel House: no vacancies." in text_of(k_ack)
    assert k_ack["In-Reply-To"] == header_message_id(nil)
    [s_ack] = wait_for_mail(server, "severnlodge@sglos-sch.test", "Vacancy update recorded")
    body = text_of(s_ack)
    assert "Recorded for Severn Lodge: 1 male welfare bed now and 1 female bed " in body
    assert s_ack["In-Reply-To"] == header_message_id(severn)
    assert s_ack["Auto-Submitted"] == "auto-replied"
    assert_no_fees(server)


def test_unreadable_reply_gets_an_officer_will_check_answer_and_changes_nothing(
    server: ServerProcess,
) -> None:
    record_beds(server, "HAR", BedVacancy(2, "female"))
    raw = e2e_email("vacancy-unclear-harbour.eml")
    deliver(server, raw, VACANCIES)
    assert report_count(server, "HAR") == 1  # decided before the 250: nothing recorded

    [answer] = wait_for_mail(server, "vacancies@harbourpoint.test", "Harbour Point")
    assert str(answer["Subject"]) == "Vacancy update received: Harbour Point"
    assert "an officer will check it" in text_of(answer)
    assert "Recorded for" not in text_of(answer)
    assert answer["In-Reply-To"] == header_message_id(raw)
    assert answer["Auto-Submitted"] == "auto-replied"

    after = vacancy_json(server, "Harbour Point")
    assert after["source"] == "phone" and after["beds"] == ["2 female beds now"]
    assert disposition(server, header_message_id(raw)) == "flagged"
    assert_no_fees(server)


def test_out_of_office_from_a_home_changes_nothing_and_gets_no_answer(
    server: ServerProcess,
) -> None:
    record_beds(server, "WIL", BedVacancy(1, "any", "welfare"))
    ooo = e2e_email("vacancy-ooo-willow.eml")
    deliver(server, ooo, VACANCIES)
    # Any answer or report would have been written before the 250: these are final.
    assert [m for m in outbox(server) if "willow" in m.to_addrs] == []
    assert disposition(server, header_message_id(ooo)) == "ignored"
    assert report_count(server, "WIL") == 1
    willow = vacancy_json(server, "Willow Court")
    assert willow["source"] == "phone" and willow["beds"] == ["1 welfare bed now"]

    # A later reply from another home is answered; by then an answer to Willow Court
    # would have left the outbox too.
    deliver(server, e2e_email("vacancy-nil-kestrel.eml"), VACANCIES)
    wait_for_mail(server, "vacancies@kestrel-house.test", "Vacancy update recorded")
    assert mails_to(server, "willow.vacancies@notts-sch.test") == []
    assert latest_beds(server, "WIL") == [
        {"count": 1, "gender": "any", "placement_type": "welfare", "available_from": None}
    ]
    assert_no_fees(server)
