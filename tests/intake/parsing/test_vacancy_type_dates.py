"""Beds split by type in one answer of our check and dated type by type in another."""

from __future__ import annotations

from datetime import date, datetime

from bot.clock import LONDON
from bot.intake.parsing.vacancy import parse_vacancy_text
from bot.intake.parsing.vacancy_type_dates import split_dates_by_type

TODAY = date(2026, 5, 4)  # a Monday


def test_each_part_names_its_type_and_date() -> None:
    got = split_dates_by_type(
        "2 justice now and the welfare one from Weds 6/5", [(2, "justice"), (1, "welfare")], TODAY
    )
    assert got == [(2, "justice", None), (1, "welfare", date(2026, 5, 6))]


def test_the_other_bed_of_a_type_is_one_more() -> None:
    got = split_dates_by_type(
        "one welfare now; the other welfare bed from 8/5", [(2, "welfare"), (1, "justice")], TODAY
    )
    assert got == []  # the justice bed is given no date: nothing is split


def test_parts_that_do_not_add_up_split_nothing() -> None:
    assert (
        split_dates_by_type("3 welfare now, 1 justice", [(1, "welfare"), (1, "justice")], TODAY)
        == []
    )
    assert split_dates_by_type("from Friday", [(1, "welfare"), (1, "justice")], TODAY) == []


def test_answers_typed_into_the_quoted_check() -> None:
    text = (
        "Answers below\n\n-----Original Message-----\n"
        "From: SWCU <vacancies@swcu.test>\n\n"
        "> Beds available: 2 - 1 welfare, 1 justice\n"
        "> Gender restrictions: girls only\n"
        "> Available from: justice bed today, welfare bed from Thursday 7/5\n"
    )
    beds = parse_vacancy_text(text, datetime(2026, 5, 4, 9, 0, tzinfo=LONDON), None).beds
    assert [(b.count, b.gender, b.placement_type, b.available_from) for b in beds] == [
        (1, "female", "justice", None),
        (1, "female", "welfare", date(2026, 5, 7)),
    ]
