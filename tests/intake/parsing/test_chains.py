"""Forwards, quoted replies and message kinds."""

from __future__ import annotations

from bot.intake.parsing import ParseContext, parse_message
from bot.intake.parsing.forwarded import split_chain, strip_quoted

APPLE = """FYI

Begin forwarded message:

From: Samira Haddad <samira.haddad@leeds-cs.test>
Subject: Secure welfare referral JB
Date: 24 November 2026 at 16:40:00 GMT
To: Gareth Lloyd <gareth.lloyd@leeds-cs.test>

Child initials: JB
"""


def test_apple_forward_names_the_original_author() -> None:
    chain = split_chain(APPLE, "Fwd: Secure welfare referral JB")
    assert chain.author is not None
    assert chain.author.author_email == "samira.haddad@leeds-cs.test"
    assert "Child initials: JB" in chain.content()


def test_quoted_history_is_cut() -> None:
    text = ("New: Gender: male\n\nOn Tue, 24 Nov 2026 at 09:05, Priya Shah <\n"
            "priya@kent-cs.test> wrote:\n> Gender: female\n")
    assert "female" not in strip_quoted(text)
    assert "female" not in strip_quoted("ok\n-----Original Message-----\nGender: female\n")


def _raw(headers: str, body: str = "Beds: 1 available from Monday") -> bytes:
    return (headers + "Date: Mon, 23 Nov 2026 09:48:00 +0000\r\n"
            "Content-Type: text/plain\r\n\r\n" + body).encode()


def test_vacancy_routing(fake_ctx: ParseContext) -> None:
    to_vacancies = _raw("From: duty@oaklodge.test\r\nTo: vacancies@swcu.test\r\n"
                        "Subject: beds\r\n")
    by_thread = _raw("From: x@y.test\r\nTo: referrals@swcu.test\r\nSubject: RE: check\r\n"
                     "In-Reply-To: <vacancy-check-OAK-20261123@swcu.test>\r\n")
    from_contact = _raw("From: duty@oaklodge.test\r\nTo: referrals@swcu.test\r\n"
                        "Subject: update\r\n")
    for raw in (to_vacancies, by_thread, from_contact):
        assert parse_message(raw, fake_ctx).kind == "vacancy_update"


def test_reply_carries_no_defaults(fake_ctx: ParseContext) -> None:
    raw = _raw("From: Priya Shah <priya.shah@kent-cs.test>\r\nTo: referrals@swcu.test\r\n"
               "Subject: RE: Secure referral\r\nIn-Reply-To: <a@kent-cs.test>\r\n",
               "Risks: none known\r\n")
    msg = parse_message(raw, fake_ctx)
    assert msg.kind == "referral_reply" and msg.thread_of == "<a@kent-cs.test>"
    assert msg.referral is not None and msg.referral.risks == []
    assert msg.referral.social_worker.email is None and msg.referral.home_area is None
    assert msg.referral.placing_authority is None and msg.referral.needs is None


def test_missing_date_header_uses_context_now(fake_ctx: ParseContext) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    now = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    raw = (b"From: sam.cole@devon-cs.test\r\nSubject: Secure referral\r\n\r\n"
           b"Placing authority: Devon\r\nBed needed by: tomorrow 10am\r\nRisks: CSE\r\n")
    msg = parse_message(raw, replace(fake_ctx, now=now))
    assert msg.sent_at == now and msg.referral is not None
    assert msg.referral.needed_by is not None
    assert msg.referral.needed_by.isoformat() == "2026-07-02T10:00:00+01:00"
    assert any("Date" in w for w in msg.warnings)
