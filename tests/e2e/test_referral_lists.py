"""A referral over SMTP to the ranked list: the officers' draft, the list to the social
worker (by an officer or automatically), re-matching when a home reports a bed, and a reply
that completes a referral."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from bot.domain.model import BedVacancy
from bot.harness import ServerProcess
from tests.conftest import sample, sample_01_avoiding_nowhere
from tests.e2e.conftest import (
    UNIT_INBOX,
    VACANCIES,
    assert_no_fees,
    deliver,
    draft_sections,
    e2e_email,
    header_message_id,
    mails_to,
    outbox,
    record_beds,
    referral_json,
    set_vacancy,
    swcu_json,
    text_of,
    wait_for_mail,
    wait_until,
)

REF = "SWCU-2026-0001"
SOCIAL_WORKER = "rachel.dunmore@hants-cs.test"
LIST_TARGET_SECONDS = 2.0
LIST_BOUND_SECONDS = 5.0  # the target is 2 s; the bound leaves room for a busy CI machine


def beds_for_a_girl(server: ServerProcess) -> None:
    """Beds free now, so the list does not depend on the real date the tests run on."""
    record_beds(server, "HAR", BedVacancy(1, "female", "welfare"))
    record_beds(server, "SEV", BedVacancy(1))
    record_beds(server, "PEN", BedVacancy(1, "female", "welfare"))
    record_beds(server, "MOO", BedVacancy(1, "male"))  # a boys' home: excluded


def test_complete_referral_gets_a_draft_list_to_the_officers_within_two_seconds(
    server: ServerProcess,
) -> None:
    beds_for_a_girl(server)
    raw = sample_01_avoiding_nowhere()
    sent = deliver(server, raw)
    assert REF.encode() in sent.reply

    def draft_arrived() -> float | None:
        found = [m for m in mails_to(server, UNIT_INBOX) if "Draft list" in str(m["Subject"])]
        return time.perf_counter() if found else None

    arrived = wait_until(draft_arrived, timeout=LIST_BOUND_SECONDS * 2, what="the draft list")
    latency = arrived - sent.started
    print(
        f"\nend of DATA -> 250: {sent.seconds_to_reply * 1000:.0f} ms; "
        f"end of DATA -> draft list in the maildir: {latency * 1000:.0f} ms "
        f"(target {LIST_TARGET_SECONDS:.0f} s)"
    )
    assert latency < LIST_BOUND_SECONDS

    [draft] = wait_for_mail(server, UNIT_INBOX, "Draft list")
    assert str(draft["Subject"]).startswith(f"Draft list: {REF} (AK), due ")
    body = text_of(draft)
    ranked, reasons, excluded = draft_sections(body)
    match = swcu_json(server, "match", REF)
    assert ranked == [r["home"] for r in match["ranked"]]
    assert ranked[0] == "Harbour Point"  # the nearest to Portsmouth with a bed for her
    assert set(ranked) == {"Harbour Point", "Severn Lodge", "Pennine House"}
    for name in ranked:
        assert reasons[name], f"{name} has no reasons"
    assert any("miles from Portsmouth" in r for r in reasons["Harbour Point"])
    assert excluded == {e["home"]: e["detail"] for e in match["excluded"]}
    assert excluded["Cedar Lodge"] == "Ofsted: Inadequate"
    assert excluded["Fenland House"] == "takes boys only"
    assert excluded["Moorside"] == "takes boys only"
    assert excluded["Kestrel House"] == "no vacancy reported"
    assert f"swcu send {REF}" in body

    [ack] = wait_for_mail(server, SOCIAL_WORKER, "Referral received")
    assert ack["In-Reply-To"] == header_message_id(raw)
    # the list itself waits for an officer
    assert [m["Message-ID"] for m in mails_to(server, SOCIAL_WORKER)] == [ack["Message-ID"]]
    assert referral_json(server, REF)["status"] == "complete"
    assert_no_fees(server)


def test_officer_sends_the_list_while_the_server_runs(server: ServerProcess) -> None:
    beds_for_a_girl(server)
    raw = sample_01_avoiding_nowhere()
    deliver(server, raw)
    wait_for_mail(server, UNIT_INBOX, "Draft list")
    before = referral_json(server, REF)
    assert before["status"] == "complete" and before["list_sent_at"] is None

    done = server.swcu("send", REF)
    assert "list sent" in done.stdout

    [sent] = wait_for_mail(server, SOCIAL_WORKER, "Potential placements")
    assert str(sent["Subject"]) == f"Potential placements: {REF} (AK)"
    assert sent["In-Reply-To"] == header_message_id(raw)
    body = text_of(sent)
    assert "1. Harbour Point, Fareham" in body
    assert "Severn Lodge" in body and "Pennine House" in body
    for excluded in ("Cedar Lodge", "Moorside", "Fenland House", "Kestrel House"):
        assert excluded not in body
    after = referral_json(server, REF)
    assert after["status"] == "list_sent"
    assert after["list_sent_at"] is not None
    assert datetime.fromisoformat(after["list_sent_at"]) >= datetime.fromisoformat(
        after["completed_at"]
    )
    [row] = [m for m in outbox(server) if m.purpose == "placement_list"]
    assert row.status == "sent"
    assert_no_fees(server)


def test_auto_send_lists_sends_the_list_with_no_officer_action(
    server_with_settings: Callable[[str], ServerProcess],
) -> None:
    server = server_with_settings("auto_send_lists = true\nlist_size = 2\n")
    beds_for_a_girl(server)
    deliver(server, sample_01_avoiding_nowhere())

    [sent] = wait_for_mail(server, SOCIAL_WORKER, "Potential placements")
    body = text_of(sent)
    assert "1. Harbour Point, Fareham" in body
    assert "2. " in body and "3. " not in body  # list_size = 2
    wait_for_mail(server, UNIT_INBOX, "Draft list")  # the officers still see the draft
    item = wait_until(
        lambda: (r := referral_json(server, REF))["status"] == "list_sent" and r,
        what="status list_sent",
    )
    assert item["list_sent_at"] is not None
    assert_no_fees(server)


def test_a_home_reporting_a_bed_makes_it_newly_eligible_and_the_officers_are_told(
    server: ServerProcess,
) -> None:
    deliver(server, sample("01"))  # no home has reported a bed yet
    [draft] = wait_for_mail(server, UNIT_INBOX, "Draft list")
    assert "No home meets all the rules." in text_of(draft)
    assert swcu_json(server, "match", REF)["ranked"] == []

    deliver(server, e2e_email("vacancy-female-now-pennine.eml"), VACANCIES)
    [told] = wait_for_mail(server, UNIT_INBOX, "now eligible")
    assert str(told["Subject"]) == f"Pennine House is now eligible for 1 open referral: {REF}"
    assert "Pennine House can now be considered for 1 referral" in text_of(told)
    assert f"- {REF} (AK)" in text_of(told)
    assert [r["home"] for r in swcu_json(server, "match", REF)["ranked"]] == ["Pennine House"]
    wait_for_mail(server, "pennine@warr-sch.test", "Vacancy update recorded")

    # The same position phoned in again: Pennine House is not new any more.
    again = set_vacancy(server, "Pennine House", 1, "--gender", "female", "--type", "welfare")
    assert "officers told" not in again
    assert len([m for m in outbox(server) if m.purpose == "new_eligible_home"]) == 1
    assert len(mails_to(server, UNIT_INBOX)) == 2  # the draft and one "new eligible home"
    assert_no_fees(server)


def test_reply_that_completes_a_referral_brings_the_draft_list(server: ServerProcess) -> None:
    first = sample("03")
    deliver(server, first)
    [missing] = wait_for_mail(server, "priya.shah@kent-cs.test", "More information needed")
    assert "date of birth" in text_of(missing) and "legal status" in text_of(missing)
    assert referral_json(server, REF)["status"] == "incomplete"
    assert mails_to(server, UNIT_INBOX) == []

    reply = sample("06")
    deliver(server, reply)
    [done] = wait_for_mail(server, "priya.shah@kent-cs.test", "Referral complete")
    assert done["In-Reply-To"] == header_message_id(reply)
    [draft] = wait_for_mail(server, UNIT_INBOX, "Draft list")
    assert str(draft["Subject"]).startswith(f"Draft list: {REF} (LW), due ")
    assert "Kent" in text_of(draft)
    item = referral_json(server, REF)
    assert item["status"] == "complete" and item["completed_at"] is not None
    assert item["message_id"] == header_message_id(first)
    assert_no_fees(server)
