"""A referral a case system sends with automatic headers: recorded and matched, never answered.

Automatic headers (Auto-Submitted, Precedence, X-Autoreply) stop automatic ANSWERS; they do
not decide what a message is.
"""

from __future__ import annotations

from bot.harness import ServerProcess
from tests.conftest import sample_01_avoiding_nowhere
from tests.e2e.conftest import (
    UNIT_INBOX,
    deliver,
    mails_to,
    outbox,
    referral_json,
    wait_for_mail,
)

REF = "SWCU-2026-0001"
SOCIAL_WORKER = "rachel.dunmore@hants-cs.test"


def with_header(raw: bytes, header: bytes) -> bytes:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    newline = b"\r\n" if sep == b"\r\n\r\n" else b"\n"
    return head + newline + header + sep + body


def test_auto_generated_referral_gets_reference_clock_and_draft_list_but_no_ack(
    server: ServerProcess,
) -> None:
    raw = with_header(sample_01_avoiding_nowhere(), b"Auto-Submitted: auto-generated")
    sent = deliver(server, raw)
    assert REF.encode() in sent.reply

    [draft] = wait_for_mail(server, UNIT_INBOX, "Draft list")
    assert REF in str(draft["Subject"])
    item = referral_json(server, REF)
    assert item["status"] == "complete"
    assert item["completed_at"] is not None and item["due_at"] is not None
    assert mails_to(server, SOCIAL_WORKER) == []
    assert not [m for m in outbox(server) if m.purpose in ("ack", "missing")]
