"""Notices, straplines and signatures are not about the child: prose never reads them."""

from __future__ import annotations

from bot.intake.parsing import ParseContext, boilerplate, parse_message


def _mail(body: str) -> bytes:
    return (
        "From: Ama Owusu <ama.owusu@kent-cs.test>\nTo: referrals@swcu.test\n"
        "Subject: Secure referral\nDate: Tue, 10 Nov 2026 09:00:00 +0000\n"
        "Message-ID: <bp-1@kent-cs.test>\nContent-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


_FORM = (
    "Placing authority: Kent County Council\nChild initials: T.B.\nDOB: 02/03/2011\n"
    "Gender: Male\nLegal status: S25 full order\nBed needed: 11/11/2026 12:00\n"
)
_FOOTER = (
    "Keeping children safe is everyone's business. If you are concerned about a child "
    "being exploited, self-harming or going missing, call the front door.\n\n"
    "This message and any attachments may be confidential. If you are not the intended "
    "recipient, delete it.\n\nThink before you print."
)


def test_a_footer_about_children_in_general_states_no_risks(fake_ctx: ParseContext) -> None:
    msg = parse_message(_mail(_FORM + "\nKind regards,\nAma\n\n" + _FOOTER), fake_ctx)
    assert msg.referral is not None
    assert msg.referral.risks is None
    assert "risks" in msg.missing


def test_the_writers_own_sentences_are_still_read(fake_ctx: ParseContext) -> None:
    body = _FORM + "\nHe has been going missing most weekends.\n\nRegards\nAma\n\n" + _FOOTER
    msg = parse_message(_mail(body), fake_ctx)
    assert msg.referral is not None
    assert msg.referral.risks == ["absconding"]


def test_notice_phrases_are_recognised_anywhere() -> None:
    assert boilerplate.is_notice("If you have received this email in error please tell us.")
    assert boilerplate.is_notice("Please consider the environment before printing.")
    assert not boilerplate.is_notice("She is at risk of exploitation and going missing.")


def test_the_signature_after_a_sign_off_is_dropped_but_a_postscript_kept() -> None:
    text = (
        "She needs a bed tonight.\n\nThanks,\nAma\n\nAma Owusu\nSocial Worker | Maidstone\n"
        "Tel 01622 000 111\n\nPS she has started self-harming again."
    )
    kept = boilerplate.about_child(text)
    assert "Maidstone" not in kept
    assert "She needs a bed tonight." in kept
    assert "self-harming again" in kept
    # The signature still says who writes (and their phone) to readers that want it.
    assert "01622" in boilerplate.without_notices(text)


def test_a_greeting_thanks_is_not_a_sign_off() -> None:
    text = "Thanks Jo,\nShe has been using cannabis daily.\n\nRegards\nAma"
    assert "cannabis" in boilerplate.about_child(text)


def test_a_single_word_marks_a_notice_only_after_the_sign_off() -> None:
    text = (
        "Please keep this confidential: she disclosed being groomed online.\n\n"
        "Regards\nAma\n\nSent from my phone"
    )
    kept = boilerplate.about_child(text)
    assert "groomed" in kept
    assert "Sent from" not in kept


def test_an_attachment_after_the_notice_is_kept() -> None:
    text = (
        "Form attached.\n\nMany thanks,\nAma\n\nThis email and any attachments are "
        "confidential.\n\nREFERRAL FORM\n\nRisks\tGoing missing, CSE"
    )
    assert "Going missing" in boilerplate.about_child(text)


def test_a_forwarded_message_below_a_footer_is_read() -> None:
    text = (
        "See below.\n\nRegards\nDuty Team\n\nWorking hours 9-5\n\n"
        "-----Original Message-----\nFrom: Ama\n\nHe carries a knife."
    )
    assert "knife" in boilerplate.about_child(text)


def test_a_welsh_sign_off_starts_the_signature_as_an_english_one_does() -> None:
    # The sign-offs are one list (config/vocabulary.toml [sign_off]) for every reader.
    text = (
        "He has been going missing most nights.\n\n"
        "Diolch,\nGeraint\nTîm Diogelu / Safeguarding against exploitation\n"
    )
    kept = boilerplate.about_child(text)
    assert "going missing" in kept
    assert "exploitation" not in kept
