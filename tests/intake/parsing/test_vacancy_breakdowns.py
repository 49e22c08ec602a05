"""A bed count broken down by gender or by date within the same sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.intake.parsing.vacancy import parse_vacancy_text

SENT = datetime(2026, 11, 23, 9, 48, tzinfo=UTC)  # a Monday


def beds(text: str) -> list[tuple[int, str, str, date | None]]:
    details = parse_vacancy_text(text, SENT, None)
    return [(b.count, b.gender, b.placement_type, b.available_from) for b in details.beds]


def test_counts_for_a_boy_and_for_a_girl_split_the_total() -> None:
    assert beds("We can offer 2 justice beds: 1 for a girl and 1 for a boy, from today.") == [
        (1, "female", "justice", None),
        (1, "male", "justice", None),
    ]


def test_breakdown_by_gender_in_one_of_several_mentions() -> None:
    found = beds(
        "Four welfare beds now - three for boys and one for a girl - and 1 remand bed Friday."
    )
    assert found == [
        (3, "male", "welfare", None),
        (1, "female", "welfare", None),
        (1, "any", "justice", date(2026, 11, 27)),
    ]


def test_counts_by_date_split_the_total() -> None:
    assert beds("Welfare: 3 beds, 2 free now and 1 from Thursday 26/11.") == [
        (2, "any", "welfare", None),
        (1, "any", "welfare", date(2026, 11, 26)),
    ]


def test_counts_by_date_that_do_not_add_up_are_not_split() -> None:
    found = beds("3 beds, 1 free now and 1 from Thursday 26/11.")
    assert sum(c for c, *_ in found) == 3


def test_a_dated_heading_dates_the_bed_lines_under_it() -> None:
    from datetime import date, datetime

    from bot.clock import LONDON
    from bot.intake.parsing.vacancy import parse_vacancy_text

    text = (
        "Free now:\n1 girls' welfare bed\n\n"
        "From Friday 13/03:\n2 justice beds, mixed\n1 welfare bed from 20/03\n"
    )
    beds = parse_vacancy_text(text, datetime(2026, 3, 10, 9, 0, tzinfo=LONDON), None).beds
    got = [(b.count, b.placement_type, b.available_from) for b in beds]
    assert got == [
        (1, "welfare", None),
        (2, "justice", date(2026, 3, 13)),
        (1, "welfare", date(2026, 3, 20)),  # its own date wins over the heading's
    ]
