"""Label-shaped lines found by structure and mapped by the vocabulary of config/labels.toml."""

from __future__ import annotations

import pytest

from bot.intake.parsing.label_words import resolve_label
from bot.intake.parsing.labels import read_form


def fields(lines: list[str]) -> list[tuple[str, str]]:
    return [(p.field, p.value) for p in read_form(lines).pairs]


@pytest.mark.parametrize(
    ("label", "field", "how"),
    [
        ("Birthdate", "dob", "exact"),
        ("Wanted", "needed_by", "exact"),
        ("Court", "court_date", "exact"),
        ("When is the bed needed", "needed_by", "meaning"),
        ("Date the placement is required", "needed_by", "meaning"),
        ("Is the young person male or female", "gender", "meaning"),
        ("Which local authority is placing", "placing_authority", "meaning"),
        ("Homes we would rather you did not approach", "avoid_homes", "meaning"),
        ("Legal position", "legal_status", "exact"),
        ("Gender Identity of YP", "gender", "meaning"),
        ("Social worker's email", "sw_email", "meaning"),
        ("Placing authoritie", "placing_authority", "fuzzy"),
    ],
)
def test_labels_by_words_and_spelling(label: str, field: str, how: str) -> None:
    found = resolve_label(label)
    assert (found.field, found.how) == (field, how)


def test_a_label_naming_two_fields_is_ambiguous() -> None:
    found = resolve_label("Court worker")  # a court's date, or a worker's name?
    assert found.field is None and found.how == "ambiguous"
    assert set(found.candidates) == {"court_date", "sw_name"}


@pytest.mark.parametrize(
    "line",
    [
        "What date is the placement needed? – Thursday",
        "What date is the placement needed? Thursday",
        "Bed needed ........ Thursday",
        "Bed needed\tThursday",
        "3) Bed needed: Thursday",
        "**Bed needed:** Thursday",
    ],
)
def test_separators_and_question_forms(line: str) -> None:
    assert fields([line]) == [("needed_by", "Thursday")]


def test_label_alone_with_its_value_on_the_next_line() -> None:
    assert fields(["Young person", "R.W.", "", "Legal position", "Remanded today"]) == [
        ("initials", "R.W."),
        ("legal_status", "Remanded today"),
    ]


def test_an_unknown_label_ends_the_value_before_it_and_is_named() -> None:
    form = read_form(["Gender: Female", "Favourite Colour: blue", "and green", "DOB: 01/02/2012"])
    assert [(p.field, p.value) for p in form.pairs] == [
        ("gender", "Female"),
        ("dob", "01/02/2012"),
    ]
    assert any("Favourite Colour" in w for w in form.warnings)


def test_known_labels_of_no_field_end_values_silently() -> None:
    form = read_form(["Risks: CSE", "Case number: 4481", "School: Year 9"])
    assert [(p.field, p.value) for p in form.pairs] == [("risks", "CSE")]
    assert form.warnings == []


def test_a_table_header_row_above_its_values() -> None:
    form = read_form(["Initials\tDOB\tGender", "R.W.\t01/02/2012\tmale"])
    assert [(p.field, p.value, p.how) for p in form.pairs] == [
        ("initials", "R.W.", "table"),
        ("dob", "01/02/2012", "table"),
        ("gender", "male", "table"),
    ]


def test_a_job_title_in_a_signature_is_not_a_label() -> None:
    form = read_form(
        [
            "Risks: CSE",
            "",
            "Kind regards",
            "Ann Lee",
            "Social Worker",
            "Kent County Council",
            "Tel: 01622 000111",
        ]
    )
    assert [(p.field, p.value) for p in form.pairs] == [
        ("risks", "CSE"),
        ("sw_phone", "01622 000111"),
    ]


def test_a_section_heading_ends_a_value() -> None:
    assert fields(["Home area: Stockwell", "Section C – Legal", "Legal status: remand"]) == [
        ("home_area", "Stockwell"),
        ("legal_status", "remand"),
    ]


def test_capital_labels_above_values_and_capital_headings() -> None:
    assert fields(
        [
            "REFERRAL FOR SECURE ACCOMMODATION",
            "LEGAL STATUS",
            "Remanded",
            "",
            "YOUNG PERSON DETAILS",
            "Initials: R.W.",
        ]
    ) == [
        ("legal_status", "Remanded"),
        ("initials", "R.W."),
    ]


def test_a_long_exact_label_before_a_dash() -> None:
    assert fields(["Any needs? – CAMHS", "Homes we should not approach – n/a"]) == [
        ("needs", "CAMHS"),
        ("avoid_homes", "n/a"),
    ]
