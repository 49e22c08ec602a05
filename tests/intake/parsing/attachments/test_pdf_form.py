"""PDF forms: fillable fields labelled by tooltip or name, and text PDFs' lines."""

from __future__ import annotations

from .conftest import read_fixture


def test_form_fields_are_read_with_their_tooltip_or_name_as_label() -> None:
    reading = read_fixture("form.pdf", "application/pdf")
    pairs = dict(reading.pairs)
    assert pairs["Placing authority"] == "Hertfordshire County Council"  # tooltip
    assert pairs["child initials"] == "MR"  # no tooltip: the field's name, as words
    assert pairs["Date bed needed"] == "27/11/2026"
    assert "Ethnicity" not in pairs  # an empty field is not a value
    assert "Date of birth\t11/01/2011" in reading.lines


def test_a_text_pdf_gives_its_lines_and_their_pairs() -> None:
    reading = read_fixture("text.pdf", "application/pdf")
    assert "Gender: Female" in reading.lines
    assert ("Risks", "CSE, going missing") in reading.pairs


def test_a_password_protected_pdf_is_named_as_such() -> None:
    reading = read_fixture("encrypted.pdf", "application/pdf")
    assert reading.problem == "it is password-protected"
    assert reading.lines == []


def test_a_pdf_sent_as_octet_stream_or_misnamed_is_still_read() -> None:
    assert read_fixture("text.pdf").kind == "pdf"
