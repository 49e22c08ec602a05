from __future__ import annotations

import email
import email.policy
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.model import Home
from bot.intake.parsing.vacancy import (
    identify_home,
    parse_vacancy_text,
    read_vacancy,
    strip_quoted_reply,
)
from tests.support.homes import demo_homes

SENT = datetime(2026, 11, 23, 9, 48, tzinfo=UTC)  # a Monday


SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "samples"


@pytest.fixture(scope="module")
def homes() -> list[Home]:
    return demo_homes()


def beds(text: str, sent: datetime = SENT):
    details = parse_vacancy_text(text, sent, None)
    return details.confident, [
        (b.count, b.gender, b.placement_type, b.available_from) for b in details.beds
    ]


# ---------------------------------------------------------------- sample 05


def test_sample_05(homes):
    raw = (SAMPLES / "05-vacancy-reply.eml").read_bytes()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    body = msg.get_body(preferencelist=("plain",)).get_content()
    sent = email.utils.parsedate_to_datetime(msg["Date"])
    home, how = identify_home(msg["From"], msg["Subject"], body, [msg["In-Reply-To"]], homes)
    assert home is not None and home.name == "Oak Lodge" and how == "sender"
    details = parse_vacancy_text(body, sent, home)
    assert details.home == "Oak Lodge" and details.home_code == "OAK"
    assert details.confident
    assert details.total_available == 1
    assert [(b.count, b.gender, b.placement_type, b.available_from) for b in details.beds] == [
        (1, "female", "welfare", date(2026, 11, 24))
    ]


# ---------------------------------------------------------------- identify_home


def test_identify_by_exact_sender(homes):
    home, how = identify_home("Duty <DUTY@oaklodge.test>", "", "", [], homes)
    assert (home.code, how) == ("OAK", "sender")


def test_identify_by_sender_domain(homes):
    home, how = identify_home("someone.else@kestrel-house.test", "", "", [], homes)
    assert (home.code, how) == ("KES", "sender")


def test_identify_by_thread_any_domain(homes):
    ids = ["<vacancy-check-FEN-20261123@elsewhere.example>"]
    home, how = identify_home("temp.worker@gmail.test", "Re: check", "", ids, homes)
    assert (home.code, how) == ("FEN", "thread")


def test_identify_by_thread_accepts_a_bare_string(homes):
    home, how = identify_home(None, "", "", "<vacancy-check-OAK-20261123@swcu.test>", homes)
    assert (home.code, how) == ("OAK", "thread")


@pytest.mark.parametrize(
    "subject, text, code",
    [
        ("Vacancies", "Fenland Hse: 1 bed for a boy", "FEN"),
        ("Oak lodge beds", "", "OAK"),
        ("", "Hi from ty gwyn, we are full", "TYG"),
        ("RE: Daily vacancy check - Severn Lodge - Mon 23 Nov", "1 bed", "SEV"),
    ],
)
def test_identify_by_name(homes, subject, text, code):
    home, how = identify_home("nobody@unknown.test", subject, text, [], homes)
    assert (home.code, how) == (code, "name")


def test_unknown_home(homes):
    assert identify_home("x@unknown.test", "hello", "we have 1 bed", [], homes) == (None, None)


# ---------------------------------------------------------------- free text


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "We currently have 1 bed available - female only, welfare, from tomorrow (24/11)",
            [(1, "female", "welfare", date(2026, 11, 24))],
        ),
        ("1 bed, female only, from tomorrow", [(1, "female", "any", date(2026, 11, 24))]),
        (
            "Male welfare bed x1 available now / Female bed from Monday 30th",
            [(1, "male", "welfare", None), (1, "female", "any", date(2026, 11, 30))],
        ),
        (
            "Male welfare bed x1 available now\nFemale bed from Monday 30th",
            [(1, "male", "welfare", None), (1, "female", "any", date(2026, 11, 30))],
        ),
        (
            "2 beds (1 boy, 1 girl) available immediately",
            [(1, "male", "any", None), (1, "female", "any", None)],
        ),
        (
            "one welfare bed for a boy from 1st December",
            [(1, "male", "welfare", date(2026, 12, 1))],
        ),
        ("3 beds available", [(3, "any", "any", None)]),
        ("We have a bed for a girl", [(1, "female", "any", None)]),
        ("Single bed available, either gender, YJB", [(1, "any", "justice", None)]),
        ("two secure welfare beds, mixed", [(2, "any", "welfare", None)]),
        ("One remand bed (M) from Wednesday", [(1, "male", "justice", date(2026, 11, 25))]),
        ("1 bed for girls (F) from 24/11/2026", [(1, "female", "any", date(2026, 11, 24))]),
        ("1 bed from the 30th", [(1, "any", "any", date(2026, 11, 30))]),
        ("1 bed from 2nd Jan", [(1, "any", "any", date(2027, 1, 2))]),
        ("1 bed today", [(1, "any", "any", None)]),
        ("1 bed from Monday", [(1, "any", "any", None)]),  # sent on a Monday: now
        ("1 bed from next Monday", [(1, "any", "any", date(2026, 11, 30))]),
        (
            "No vacancies for boys but 1 female bed available from Friday",
            [(1, "female", "any", date(2026, 11, 27))],
        ),
        ("1 bed available, the other is closed", [(1, "any", "any", None)]),
        (
            "We have 1 bed available, please let me know if you require it",
            [(1, "any", "any", None)],
        ),
        (
            "Beds available: 1\nGender restrictions: female only\nAvailable from: 25/11",
            [(1, "female", "any", date(2026, 11, 25))],
        ),
        (
            "Two beds: one male justice (remand) from 24/11/2026, one female welfare now",
            [(1, "male", "justice", date(2026, 11, 24)), (1, "female", "welfare", None)],
        ),
    ],
)
def test_reads_bed_statements(text, expected):
    assert beds(text) == (True, expected)


@pytest.mark.parametrize(
    "text",
    [
        "NIL vacancies",
        "no vacancies",
        "full",
        "Full.",
        "We are full today, sorry",
        "0 beds",
        "Vacancies: nil",
        "Beds available: 0\nGender restrictions: n/a",
        "Hi,\n\nNo vacancies at Oak Lodge today.\n\nThanks\nJo",
    ],
)
def test_reads_no_vacancies(text):
    assert beds(text) == (True, [])


def test_closed_bed_is_not_a_vacancy():
    text = "We have no vacancies. The other bed remains closed for refurbishment."
    assert beds(text) == (True, [])
    assert beds("The other bed remains closed for refurbishment.") == (False, [])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "Thanks for your email, will reply later",
        "We have beds available",
        "If you need a bed please call the duty manager",
        "I am out of the office until Monday 30th with limited access to email. "
        "We have 1 bed available.",
        "Automatic reply: Annual leave",
    ],
)
def test_unclear_or_out_of_office_is_not_confident(text):
    assert beds(text) == (False, [])


def test_weekday_and_date_that_disagree_are_flagged():
    reading = read_vacancy("1 bed available from Tuesday 30th", SENT, None)
    assert not reading.details.confident
    assert reading.details.beds[0].available_from == date(2026, 11, 30)
    assert any("weekday" in w for w in reading.warnings)


def test_vague_date_is_flagged():
    confident, found = beds("1 bed available next week")
    assert not confident and found == [(1, "any", "any", None)]


def test_dates_are_london_dates():
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # already 1 July in London
    assert beds("1 bed from tomorrow", late) == (True, [(1, "any", "any", date(2026, 7, 2))])


def test_quoted_history_is_ignored():
    text = (
        "NIL vacancies today\n\n"
        "On Mon, 23 Nov 2026 at 09:30, SWCU <vacancies@swcu.test> wrote:\n"
        "> 3 beds available\n"
    )
    assert beds(text) == (True, [])
    outlook = "Full\n\nFrom: SWCU <vacancies@swcu.test>\nSent: 23 November 2026\n2 beds now"
    assert beds(outlook) == (True, [])


def test_strip_quoted_reply():
    text = "New words\n> old\nmore\n-----Original Message-----\nFrom: x\nold words"
    assert strip_quoted_reply(text) == "New words\nmore"
    wrapped = "Yes\n\nOn Mon, 23 Nov 2026 at 09:30, SWCU <a@b.test>\nwrote:\n> q"
    assert strip_quoted_reply(wrapped) == "Yes"


def test_home_argument_fills_the_name(homes):
    details = parse_vacancy_text("1 bed", SENT, homes[0])
    assert (details.home, details.home_code) == (homes[0].name, homes[0].code)
    assert parse_vacancy_text("1 bed", SENT, None).home is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text):
    details = parse_vacancy_text(text, SENT, None)
    assert all(b.count > 0 for b in details.beds)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "one",
                "a",
                "bed",
                "beds",
                "x1",
                "female",
                "boy",
                "welfare",
                "from",
                "now",
                "tomorrow",
                "Monday",
                "30th",
                "24/11",
                "31/02",
                "1st",
                "December",
                "no",
                "vacancies",
                "full",
                "(",
                ")",
                "/",
                ",",
                ".",
                "\n",
                "closed",
                "0",
                "99/99",
            ]
        ),
        max_size=25,
    )
)
def test_never_raises_on_vacancy_like_words(words):
    parse_vacancy_text(" ".join(words), SENT, None)


def test_beds_broken_down_by_placement_type() -> None:
    from bot.intake.parsing.vacancy_types import split_by_type

    lower = "3 beds for girls from friday - 2 welfare, 1 justice"
    assert split_by_type(lower, (0, 6), 3) == [(2, "welfare"), (1, "justice")]
    assert split_by_type("2 beds - 1 welfare, 2 justice", (0, 6), 2) == []  # do not add up
    assert split_by_type("2 welfare beds", (0, 14), 2) == []
