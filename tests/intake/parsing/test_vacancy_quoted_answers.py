"""Answers written into our quoted daily check, and answers given bed by bed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.intake.parsing.vacancy import read_vacancy
from bot.intake.parsing.vacancy_quoted import split_genders

SENT = datetime(2026, 11, 23, 9, 48, tzinfo=UTC)  # a Monday

CHECK_HEAD = (
    "-----Original Message-----\nFrom: Secure Welfare Coordination Unit <vacancies@swcu.test>\n"
    "Subject: Daily vacancy check\n\nPlease reply with your vacancy position for today.\n"
)


def reading(text: str) -> tuple[bool, list[tuple[int, str, str, date | None]]]:
    found = read_vacancy(text, SENT, None)
    beds = [(b.count, b.gender, b.placement_type, b.available_from) for b in found.details.beds]
    return found.details.confident, beds


def test_answers_after_the_quoted_labels() -> None:
    text = (
        "See below, all justice.\n\n" + CHECK_HEAD + "> Beds available: 1\n"
        "> Gender restrictions: boys only\n> Available from: Wednesday\n"
    )
    assert reading(text) == (True, [(1, "male", "justice", date(2026, 11, 25))])


def test_answers_on_lines_under_the_quoted_labels() -> None:
    text = (
        "On 23 Nov 2026, at 09:30, SWCU <vacancies@swcu.test> wrote:\n"
        "> Beds available:\n3 welfare\n> Gender restrictions:\nnone\n"
        "> Available from:\n2 now, 1 from Friday 27/11\n"
    )
    assert reading(text) == (
        True,
        [(2, "any", "welfare", None), (1, "any", "welfare", date(2026, 11, 27))],
    )


def test_the_empty_quoted_check_is_not_an_answer() -> None:
    text = "Will confirm later.\n\n" + CHECK_HEAD + "> Beds available:\n> Available from:\n"
    confident, beds = reading(text)
    assert (confident, beds) == (False, [])


def test_the_homes_own_words_come_before_the_quoted_check() -> None:
    text = "No vacancies today.\n\n" + CHECK_HEAD + "> Beds available: 2\n> Available from: now\n"
    assert reading(text) == (True, [])


def test_a_gender_answer_bed_by_bed() -> None:
    assert split_genders("one bed girls only, the other either", 2) == [(1, "female"), (1, "any")]
    assert split_genders("1 male; 2 female", 3) == [(1, "male"), (2, "female")]


def test_a_gender_answer_that_does_not_add_up_is_not_split() -> None:
    assert split_genders("one bed girls only, the other either", 3) == []
    assert split_genders("girls only", 2) == []
