"""Vacancy replies in ordinary words and small tables; a bed free now is the day written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.intake.parsing import ParseContext, parse_message, parsed_to_json
from bot.intake.parsing.vacancy import read_vacancy

SENT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def beds(text: str) -> list[tuple[int, str, str, date | None]]:
    reading = read_vacancy(text, SENT, None)
    assert reading.details.confident, reading.warnings
    return [(b.count, b.gender, b.placement_type, b.available_from) for b in reading.details.beds]


@pytest.mark.parametrize(
    "text",
    [
        "We can take someone straight away.",
        "We have a room empty as of today.",
        "Our bed is empty as of today.",
    ],
)
def test_a_bed_now_in_words(text: str) -> None:
    assert beds(text) == [(1, "any", "any", None)]


def test_taking_someone_is_not_a_second_bed() -> None:
    assert beds("We can take someone straight away - one welfare bed.") == [
        (1, "any", "welfare", None)
    ]


@pytest.mark.parametrize("sep", ["\t", "   ", " | "])
def test_a_small_table(sep: str) -> None:
    rows = [
        ["Type", "Gender", "Beds", "Available"],
        ["Welfare", "Female", "1", "Now"],
        ["Justice", "Male", "Two", "From 28/11/2026"],
    ]
    text = "Vacancies:\n\n" + "\n".join(sep.join(r) for r in rows) + "\n\nThanks"
    assert beds(text) == [
        (1, "female", "welfare", None),
        (2, "male", "justice", date(2026, 11, 28)),
    ]


def test_a_table_with_no_count_column_is_not_a_bed_table() -> None:
    reading = read_vacancy("Name\tRole\nAnn\tManager\n", SENT, None)
    assert reading.details.beds == []


def test_json_gives_the_day_written_for_a_bed_free_now(fake_ctx: ParseContext) -> None:
    raw = (
        b"From: Willow Court <manager@willow.test>\nTo: vacancies@swcu.test\n"
        b"Subject: Beds\nDate: Thu, 26 Nov 2026 10:00:00 +0000\nMessage-ID: <v-1@willow.test>\n\n"
        b"We can take someone straight away.\n"
    )
    data = parsed_to_json(parse_message(raw, fake_ctx))
    assert data["kind"] == "vacancy_update"
    assert data["vacancy"]["beds"][0]["available_from"] == "2026-11-26"
