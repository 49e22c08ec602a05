"""Fields read from sentences, each marked as read from prose and named in a warning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.intake.parsing import ParseContext, parse_message, prose
from bot.intake.parsing.dates import parse_when

SENT = datetime(2026, 11, 9, 10, 15, tzinfo=UTC)  # a Monday, GMT


def email(body: str, subject: str = "Secure welfare referral") -> bytes:
    return (
        "From: Deb Quaye <deb.quaye@kent-cs.test>\nTo: referrals@swcu.test\n"
        f"Subject: {subject}\nDate: Mon, 09 Nov 2026 10:15:00 +0000\n"
        "Message-ID: <prose-1@kent-cs.test>\nContent-Type: text/plain; charset=utf-8\n\n" + body
    ).encode()


def test_a_referral_in_one_paragraph(fake_ctx: ParseContext) -> None:
    msg = parse_message(
        email(
            "Referring M.K., a fourteen-year-old girl from Margate; the court granted an "
            "interim secure order today; she has been going missing and is being sexually "
            "exploited; we need somewhere by 6pm.\n\nDeb Quaye\n01622 496 117\n"
        ),
        fake_ctx,
    )
    assert msg.kind == "referral"
    r = msg.referral
    assert r is not None
    assert (r.child.initials, r.child.age, r.child.gender) == ("MK", 14, "female")
    assert r.legal_status == "s25_interim_order"
    assert r.needed_by == datetime(2026, 11, 9, 18, 0, tzinfo=UTC) and not r.needed_now
    assert r.risks == ["absconding", "cse"]
    assert r.home_area == "Margate"
    assert r.social_worker.phone == "01622 496 117"
    for path in (
        "child.initials",
        "child.age",
        "child.gender",
        "legal_status",
        "needed_by",
        "risks",
        "home_area",
        "social_worker.phone",
    ):
        assert r.sources[path] == "prose", path
    assert r.sources["social_worker.email"] == "header"
    [warning] = [w for w in msg.warnings if w.startswith("read from the text")]
    assert "initials MK" in warning and "legal status s25_interim_order" in warning


def test_labels_win_over_prose(fake_ctx: ParseContext) -> None:
    msg = parse_message(
        email("Gender: male\nInitials: T.O.\n\nShe said M.K. was there.\n"), fake_ctx
    )
    r = msg.referral
    assert r is not None
    assert (r.child.gender, r.child.initials) == ("male", "TO")
    assert r.sources["child.gender"] == "label" and r.sources["child.initials"] == "label"


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("a sixteen year old lad", 16),
        ("aged fifteen", 15),
        ("she is 13 years old", 13),
        ("exploited by males aged 24", None),
        ("a twenty-year-old", None),
    ],
)
def test_ages_in_words(text: str, age: int | None) -> None:
    assert prose.age(prose.sentences(text)) == age


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("a young man", "male"),
        ("the girl", "female"),
        ("she and her sister", "female"),
        ("uses they/them", "non_binary"),
        ("he told her", None),
    ],
)
def test_gender_in_words(text: str, gender: str | None) -> None:
    assert prose.gender(prose.sentences(text)) == gender


def test_initials_are_not_acronyms() -> None:
    assert prose.initials(prose.sentences("CSE and CAMHS; the GP saw R.W. today")) == "RW"
    assert prose.initials(prose.sentences("Seen by the G.P. today")) is None


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("the judge granted s25 on an interim basis", "s25_interim_order"),
        ("he was remanded this afternoon", "remand"),
        ("held under the 72 hour rule", "s25_72_hour"),
        ("the school made an application for funding", None),
    ],
)
def test_legal_status_anywhere(text: str, status: str | None) -> None:
    assert prose.legal_status(prose.sentences(text)) == status


@pytest.mark.parametrize(
    ("text", "expected", "now"),
    [
        ("by half five", datetime(2026, 11, 9, 17, 30, tzinfo=UTC), False),
        ("before the end of the day", datetime(2026, 11, 9, 17, 0, tzinfo=UTC), False),
        ("first thing tomorrow", datetime(2026, 11, 10, 9, 0, tzinfo=UTC), False),
        ("ASAP", SENT, True),
        ("tonight", SENT, True),
    ],
)
def test_needed_by_phrases(text: str, expected: datetime, now: bool) -> None:
    when, warning = parse_when(text, SENT)
    assert warning is None and when is not None
    assert (when.at, when.now) == (expected, now)


def test_a_bed_needed_in_a_sentence() -> None:
    when = prose.needed(prose.sentences("Her DOB is 01/02/2012. We need a bed tonight."), SENT)
    assert when is not None and when.now


def test_what_to_avoid_in_a_sentence(fake_ctx: ParseContext) -> None:
    msg = parse_message(
        email(
            "Initials: A.B.\nRisks: CSE\n\nPlease don't approach Severn Ldg - her ex is "
            "there. Please avoid Southend.\n"
        ),
        fake_ctx,
    )
    r = msg.referral
    assert r is not None
    assert r.avoid_homes == ["Severn Lodge"] and r.avoid_areas == ["Southend"]


def test_disclaimers_are_not_read() -> None:
    parts = prose.sentences("Thanks.\n\nThis email is confidential; if missing, tell us.")
    assert prose.codes(parts, "risks") is None


def test_a_past_date_in_a_need_sentence_is_not_when_the_bed_is_needed() -> None:
    sent = datetime(2026, 5, 4, 17, 0, tzinfo=UTC)
    parts = prose.sentences(
        "We need a placement for a girl born 2 June 2012. A bed is needed tomorrow by 3pm."
    )
    when = prose.needed(parts, sent)
    assert when is not None and when.at is not None
    assert (when.at.day, when.at.hour) == (5, 15)
