"""Which column of a vacancy table is which: a bed type, a bare "Available" count, beds in use."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.intake.parsing.vacancy import read_vacancy

SENT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # a Thursday


def beds(text: str) -> list[tuple[int, str, str, date | None]]:
    reading = read_vacancy(text, SENT, None)
    return [(b.count, b.gender, b.placement_type, b.available_from) for b in reading.details.beds]


def test_a_bed_type_column_is_the_placement_type_not_a_count() -> None:
    text = "Bed type\tNumber\tGender\tFrom\nRemand\t1\tFemale\t30/11/2026\nWelfare\t2\tAny\tNow\n"
    assert beds(text) == [
        (1, "female", "justice", date(2026, 11, 30)),
        (2, "any", "welfare", None),
    ]


def test_available_alone_counts_beds_beside_a_from_column() -> None:
    text = "Placement\tAvailable\tFrom\nWelfare\t2\t01/12/2026\nJustice\t0\t-\n"
    assert beds(text) == [(2, "any", "welfare", date(2026, 12, 1))]


def test_available_beside_a_beds_column_says_when() -> None:
    text = "Type   Beds   Available\nJustice   1   From 28/11/2026\n"
    assert beds(text) == [(1, "any", "justice", date(2026, 11, 28))]


def test_a_gender_said_once_around_the_table_holds_for_its_rows() -> None:
    text = "Hello\n\nType\tAvailable\tFrom\nWelfare\t1\tNow\n\nGirls only, as ever.\nF Smith\n"
    assert beds(text) == [(1, "female", "welfare", None)]


def test_a_column_of_occupied_beds_is_not_a_vacancy() -> None:
    text = "Type\tBeds occupied\tGender\nWelfare\t6\tMale\nJustice\t4\tMale\n"
    assert beds(text) == []
