"""Word attachments over SMTP: a form-only referral completes; a docx bomb holds nobody up."""

from __future__ import annotations

import threading

from bot.harness import ServerProcess
from tests.conftest import sample
from tests.e2e.conftest import (
    Sent,
    deliver,
    e2e_email,
    referral_json,
    smtp_send,
    text_of,
    wait_for_mail,
)

REF = "SWCU-2026-0001"
SOCIAL_WORKER = "claire.osei@herts-cs.test"
BOUND_SECONDS = 2.0  # issue 8: no sender's 250 delayed by more than that


def test_a_referral_whose_details_are_only_in_a_word_form_is_complete(
    server: ServerProcess,
) -> None:
    sent = deliver(server, e2e_email("referral-docx-only.eml"))
    assert REF.encode() in sent.reply  # the first referral of the server's year
    row = referral_json(server, REF)
    assert row["status"] == "complete" and row["initials"] == "MR"
    [ack] = wait_for_mail(server, SOCIAL_WORKER, REF)
    body = text_of(ack)
    assert "We will send you a list of potential placements" in body
    assert "could not read" not in body


def test_a_normal_referral_sent_during_a_docx_bomb_gets_its_250_within_two_seconds(
    server: ServerProcess,
) -> None:
    bomb: list[Sent] = []
    thread = threading.Thread(
        target=lambda: bomb.append(smtp_send(server, e2e_email("referral-docx-bomb.eml")))
    )
    thread.start()
    normal = smtp_send(server, sample("01"))
    thread.join(timeout=60)
    assert normal.code == 250, normal.reply
    assert normal.seconds_to_reply < BOUND_SECONDS, normal.seconds_to_reply
    [sent] = bomb
    assert sent.code == 250 and sent.seconds_to_reply < BOUND_SECONDS, sent
    print(
        f"\nbomb 250 in {sent.seconds_to_reply * 1000:.0f} ms; "
        f"normal referral alongside: {normal.seconds_to_reply * 1000:.0f} ms"
    )
