"""Counts of beds that are not vacancies: a home's size, beds in use, beds already named."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.intake.parsing.vacancy import parse_vacancy_text

SENT = datetime(2026, 11, 23, 9, 48, tzinfo=UTC)  # a Monday


def beds(text: str) -> tuple[bool, list[tuple[int, str, str, date | None]]]:
    details = parse_vacancy_text(text, SENT, None)
    return details.confident, [
        (b.count, b.gender, b.placement_type, b.available_from) for b in details.beds
    ]


@pytest.mark.parametrize(
    "text",
    [
        "No vacancies this morning, all 10 beds are full.",
        "We are full - all 8 beds occupied.",
        "Sorry, nothing today: our 6 beds (all welfare) are currently taken.",
        "Zero availability; 4 beds in use and 2 closed.",
        "Nil - every one of our 9 beds is spoken for.",
        "No beds free. Justice beds all full, welfare likewise.",
    ],
)
def test_beds_in_use_are_not_vacancies(text: str) -> None:
    assert beds(text)[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "We have a capacity of 12 beds and nothing free today.",
        "None available out of our 7 beds.",
        "Registered for 10 beds, no vacancy at present.",
    ],
)
def test_a_homes_size_is_not_a_vacancy(text: str) -> None:
    assert beds(text)[1] == []


def test_a_vacancy_beside_the_homes_size_is_still_read() -> None:
    assert beds("1 welfare bed free today, the other 7 beds are occupied.")[1] == [
        (1, "any", "welfare", None)
    ]


def test_all_beds_available_is_a_vacancy() -> None:
    assert beds("All 2 beds are available now.")[1] == [(2, "any", "any", None)]


def test_a_bed_referred_back_to_is_not_counted_twice() -> None:
    _, found = beds(
        "Nothing today, but 1 welfare bed from Wednesday 25/11. "
        "Happy to take a girl or a boy in that bed."
    )
    assert found == [(1, "any", "welfare", date(2026, 11, 25))]


def test_the_name_of_the_report_is_not_a_bed() -> None:
    assert beds("Vacancy position for this morning:\nNil.")[1] == []


def test_a_bilingual_label_keeps_its_type_with_the_beds() -> None:
    text = "Remand / Remand (cy): 1 bed from Friday\nWelfare / Lles: 2 beds now (boy or girl)"
    assert beds(text)[1] == [
        (1, "any", "justice", date(2026, 11, 27)),
        (2, "any", "welfare", None),
    ]


def test_a_pronoun_for_the_bed_before_adds_no_bed() -> None:
    _, found = beds(
        "Nil now; one welfare bed from Wednesday 25/11.\nA boy or a girl could go in it."
    )
    assert found == [(1, "any", "welfare", date(2026, 11, 25))]


def test_a_bed_named_beside_the_pronoun_is_still_a_bed() -> None:
    assert beds("We have 1 bed today and can put a girl in it.")[1] == [(1, "female", "any", None)]


def test_a_bilingual_value_keeps_the_labels_type_in_each_language() -> None:
    text = "Cyfiawnder / Justice: 1 lle / 1 place\nLles / Welfare: 2 le / 2 places"
    assert beds(text)[1] == [(1, "any", "justice", None), (2, "any", "welfare", None)]
