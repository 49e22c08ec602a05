"""An officer puts a referral right over a running `swcu serve` (issue 7 item 5): an
incomplete referral completed by `swcu referral REF --set` starts its clock then, is
acknowledged, gets its draft list; the social worker's later reply does not undo it."""

from __future__ import annotations

import json
from datetime import datetime

from bot.domain.model import BedVacancy
from bot.harness import ServerProcess
from tests.conftest import sample
from tests.e2e.conftest import (
    UNIT_INBOX,
    deliver,
    header_message_id,
    mails_to,
    record_beds,
    text_of,
    wait_for_mail,
    wait_until,
)

REF = "SWCU-2026-0001"
SOCIAL_WORKER = "priya.shah@kent-cs.test"


def show(server: ServerProcess) -> dict[str, object]:
    data = json.loads(server.swcu("referral", REF, "--json").stdout)
    assert isinstance(data, dict)
    return data


def test_an_officer_completes_a_referral_and_a_later_reply_does_not_undo_it(
    server: ServerProcess,
) -> None:
    record_beds(server, "PEN", BedVacancy(1, "female", "welfare"))
    first = sample("03")  # Kent, LW: no date of birth, no legal status
    deliver(server, first)
    wait_for_mail(server, SOCIAL_WORKER, "More information needed")
    before = show(server)
    assert before["status"] == "incomplete" and before["due_at"] is None

    done = server.swcu(
        "referral", REF, "--set", "child.date_of_birth=2012-05-09", "legal_status=interim s25"
    )
    assert f"{REF}: complete: the clock runs" in done.stdout
    after = show(server)
    completed = datetime.fromisoformat(str(after["completed_at"]))
    received = datetime.fromisoformat(str(after["received_at"]))
    assert completed > received  # the clock started at the correction, not the email
    assert after["sources"] == {
        **after["sources"],  # type: ignore[dict-item]
        "child.date_of_birth": "officer",
        "legal_status": "officer",
    }
    [ack] = wait_for_mail(server, SOCIAL_WORKER, "Referral received")
    assert ack["In-Reply-To"] == header_message_id(first)  # in the social worker's thread
    [draft] = wait_for_mail(server, UNIT_INBOX, "Draft list")
    assert str(draft["Subject"]).startswith(f"Draft list: {REF} (LW), due ")
    assert "Pennine House" in text_of(draft)

    # The social worker's reply arrives later with other values: the officer's stand.
    reply = sample("06")  # date of birth 09/08/2012
    deliver(server, reply)
    wait_until(
        lambda: any(h["what"] == "referral_updated" for h in show(server)["history"]),  # type: ignore[attr-defined]
        what="the reply to be read",
    )
    final = show(server)
    fields = final["fields"]
    assert isinstance(fields, dict)
    assert fields["child.date_of_birth"] == "2012-05-09"
    assert final["status"] == "complete" and final["completed_at"] == after["completed_at"]
    assert final["sources"]["child.date_of_birth"] == "officer"  # type: ignore[index]
    # one draft list only: the reply did not complete it a second time
    assert len([m for m in mails_to(server, UNIT_INBOX) if "Draft list" in str(m["Subject"])]) == 1
