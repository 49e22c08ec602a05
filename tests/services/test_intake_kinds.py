"""The body decides what a message is, not its headers; the service decides the thread."""

from __future__ import annotations

from sqlmodel import select

from bot.app import App
from bot.services.intake import IntakeService
from bot.store.models import OutboundMessage, Referral
from tests.conftest import sample
from tests.support.clock import FakeClock


def add_headers(raw: bytes, *headers: str) -> bytes:
    head, sep, body = raw.partition(b"\n\n")
    return head + b"".join(b"\n" + h.encode() for h in headers) + sep + body


def referrals(app: App) -> list[Referral]:
    with app.db.read_session() as s:
        return list(s.exec(select(Referral).order_by(Referral.id)))


def outbox(app: App) -> list[OutboundMessage]:
    with app.db.read_session() as s:
        return list(s.exec(select(OutboundMessage).order_by(OutboundMessage.id)))


def test_a_forwarded_referral_with_threading_headers_is_a_new_referral(app: App) -> None:
    raw = add_headers(sample("04"), "References: <somewhere-else-1@council.test>")
    parsed = IntakeService(app).parse(raw)
    assert parsed.kind == "referral" and parsed.complete
    receipt = IntakeService(app).receive(raw)
    assert receipt.kind == "referral" and receipt.reference == "SWCU-2026-0001"
    [row] = referrals(app)
    assert row.status == "complete"


def test_a_referral_written_as_a_reply_to_a_known_one_adds_to_it(
    app: App, clock: FakeClock
) -> None:
    service = IntakeService(app)
    service.receive(sample("03"))
    [first] = referrals(app)
    clock.advance(minutes=30)
    # The whole referral again, with what was missing, in the first one's thread.
    again = sample("03").replace(b"Gender: female", b"Gender: female\nDate of birth: 09/08/2012")
    again = again.replace(b"Needs: none", b"Needs: none\nLegal status: interim s25 order")
    again = again.replace(b"Message-ID: <", b"Message-ID: <again-")
    raw = add_headers(again, f"In-Reply-To: {first.message_id}")
    receipt = service.receive(raw)
    assert receipt.reference == first.reference
    [row] = referrals(app)
    assert row.status == "complete" and row.missing == ""


def test_automatic_headers_stop_answers_not_the_referral(app: App) -> None:
    for header in ("Auto-Submitted: auto-generated", "Precedence: bulk", "X-Autoreply: yes"):
        raw = add_headers(sample("01"), header).replace(
            b"Message-ID: <", ("Message-ID: <" + header.split(":")[0] + "-").encode()
        )
        parsed = IntakeService(app).parse(raw)
        assert parsed.kind == "referral" and parsed.auto_submitted, header
        receipt = IntakeService(app).receive(raw)
        assert receipt.kind == "referral" and receipt.completed_referral_id is not None
    assert len(referrals(app)) == 3
    assert outbox(app) == []


def test_an_out_of_office_reply_stays_an_auto_reply(app: App) -> None:
    raw = add_headers(sample("01"), "Auto-Submitted: auto-replied").replace(
        b"Subject: ", b"Subject: Automatic reply: "
    )
    assert IntakeService(app).parse(raw).kind == "auto_reply"


def test_an_automatic_answer_quoting_a_referral_is_not_one(app: App) -> None:
    body = sample("01").partition(b"\n\n")[2]
    quoted = b"\n".join(b"> " + line for line in body.split(b"\n"))
    raw = (
        b"From: Rachel Dunmore <rachel.dunmore@hants-cs.test>\nTo: referrals@swcu.test\n"
        b"Subject: Re: your message\nDate: Mon, 23 Nov 2026 09:00:00 +0000\n"
        b"Message-ID: <ooo-1@hants-cs.test>\nAuto-Submitted: auto-replied\n\n"
        b"I am away until Monday.\n\nOn 23/11/2026 you wrote:\n" + quoted
    )
    assert IntakeService(app).parse(raw).kind == "auto_reply"
