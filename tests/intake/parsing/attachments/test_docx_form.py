"""Word forms in the layouts councils use: every one gives the same label/value pairs."""

from __future__ import annotations

import pytest

from .conftest import read_fixture

# What each of the five forms says, in the words of its labels.
EXPECTED = {
    "placing authority": "Hertfordshire County Council",
    "initials": "MR",
    "date of birth": "11/01/2011",
    "gender": "Female",
    "legal status": "Interim s25 order granted",
    "date bed needed": "27/11/2026",
    "risks": "CSE, going missing",
}
INITIALS_LABELS = {"name (initials only)", "child's initials", "young person", "txt initials"}


def _by_label(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for label, value in pairs:
        key = "initials" if label.lower() in INITIALS_LABELS else label.lower()
        out.setdefault(key, value)
    return out


@pytest.mark.parametrize(
    "name",
    [
        "table-beside.docx",
        "table-section-column.docx",
        "table-label-above.docx",
        "paragraphs.docx",
        "content-controls.docx",
    ],
)
def test_each_layout_gives_every_label_with_its_value(name: str) -> None:
    reading = read_fixture(name)
    assert reading.problem is None and reading.over_budget is None
    got = _by_label(reading.pairs)
    assert {k: got.get(k) for k in EXPECTED} == EXPECTED
    # Each pair is also a line the label finder reads, label first.
    for label, value in reading.pairs:
        assert any(line.startswith(label) and line.endswith(value) for line in reading.lines)


def test_a_section_column_is_context_not_the_label() -> None:
    lines = read_fixture("table-section-column.docx").lines
    assert "Name (initials only)\tMR" in lines
    assert not any(line.startswith("Young person") for line in lines)


def test_a_merged_section_header_row_stands_apart_from_the_values() -> None:
    lines = read_fixture("table-beside.docx").lines
    at = lines.index("Young person")
    assert lines[at - 1] == "" and lines[at + 1] == ""
    # Two label/value pairs in one row become two lines.
    assert "Placing authority\tHertfordshire County Council" in lines
    assert "Social worker\tClaire Osei" in lines


def test_labels_above_values_are_matched_by_column() -> None:
    lines = read_fixture("table-label-above.docx").lines
    assert "Social worker email\tclaire.osei@herts-cs.test" in lines
    assert "Date of birth\t11/01/2011" in lines


def test_a_label_paragraph_and_its_value_below_become_one_line() -> None:
    lines = read_fixture("paragraphs.docx").lines
    assert "Child's initials: MR" in lines
    assert "Date of birth: 11/01/2011" in lines  # a blank paragraph between them
    assert "MR" not in lines


def test_content_controls_are_read_and_titled_when_no_label_is_beside_them() -> None:
    reading = read_fixture("content-controls.docx")
    pairs = dict(reading.pairs)
    assert pairs["Placing authority"] == "Hertfordshire County Council"  # label beside
    assert pairs["Social worker email"] == "claire.osei@herts-cs.test"  # the control's title
    assert pairs["Child's initials"] == "MR"  # label in the paragraph above
    assert pairs["Date of birth"] == "11/01/2011"  # a block-level control
    assert pairs["Date bed needed"] == "27/11/2026"  # a titled control alone in a row


def test_a_control_still_showing_its_placeholder_gives_no_value() -> None:
    reading = read_fixture("content-controls.docx")
    assert "Ethnicity" not in dict(reading.pairs)
    assert not any("click" in line.lower() for line in reading.lines)


def test_a_damaged_docx_is_named_not_raised() -> None:
    reading = read_fixture("corrupt.docx")
    assert reading.problem == "it is damaged or not a Word document"
    assert reading.lines == [] and reading.name == "corrupt.docx"
