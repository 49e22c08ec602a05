"""Tick-box lists: only ticked items count; unreadable marks are not guessed."""

from __future__ import annotations

from bot.intake.parsing import vocab
from bot.intake.parsing.html_text import html_to_text
from bot.intake.parsing.labels import read_form
from bot.intake.parsing.ticks import read_ticks, ticked_value


def _risks(value: str) -> tuple[list[str] | None, list[str]]:
    warnings: list[str] = []
    kept = ticked_value(value, "risks", warnings)
    return (None if kept is None else vocab.risks(kept)[0]), warnings


def test_bracket_boxes_one_per_line_take_only_ticked() -> None:
    value = "[X] Going missing\n[ ] Fire setting\n[x] Drug use\n[ ] Radicalisation"
    assert _risks(value) == (["absconding", "substance_misuse"], [])


def test_glyphs_several_on_a_line_mark_before_item() -> None:
    assert _risks("☐ Self harm  ☑ County lines  ☐ Arson")[0] == ["cce"]


def test_mark_after_item() -> None:
    assert _risks("Self harm [ ]   Sexual exploitation [x]")[0] == ["cse"]


def test_yes_no_beside_items() -> None:
    value = "Self harm: No\nGoing missing: Yes\nFire setting - N\nViolence - Y"
    assert _risks(value)[0] == ["absconding", "violence"]


def test_x_as_the_mark_and_blank_for_unticked() -> None:
    value = "X   Child sexual exploitation\n    Arson\nX   Going missing"
    assert _risks(value)[0] == ["absconding", "cse"]


def test_cross_beside_empty_boxes_is_a_tick_beside_ticks_a_no() -> None:
    assert _risks("✗ Arson\n☐ Self harm")[0] == ["fire_setting"]
    assert _risks("✓ Arson\n✗ Self harm")[0] == ["fire_setting"]


def test_only_crosses_cannot_be_told_apart() -> None:
    risks, warnings = _risks("✗ Arson\n✗ Self harm")
    assert risks is None and warnings


def test_unreadable_symbols_are_not_guessed() -> None:
    risks, warnings = _risks("\uf0fe Arson\n\uf0a8 Self harm")
    assert risks is None and warnings


def test_no_box_ticked_is_not_none_known() -> None:
    risks, warnings = _risks("[ ] Arson\n[ ] Self harm")
    assert risks is None and warnings


def test_plain_list_is_not_a_tick_list() -> None:
    assert read_ticks("CSE, going missing") is None
    assert read_ticks("No") is None


def test_form_heading_gives_the_list_its_field() -> None:
    lines = [
        "Part 3 - Known risks (tick any)",
        "[x] Self harm",
        "[ ] Knife carrying",
        "",
        "Part 4 - Needs",
        "( ) Autism",
        "(x) Speech and language / EHCP",
    ]
    pairs = {p.field: p.value for p in read_form(lines).pairs}
    assert _risks(pairs["risks"])[0] == ["self_harm"]
    assert vocab.needs(ticked_value(pairs["needs"], "needs", []) or "")[0] == ["ehcp"]


def test_boxes_after_a_label_join_its_value() -> None:
    pairs = read_form(["Risks:", "☒ Arson", "☐ Going missing"]).pairs
    assert [(p.field, p.value) for p in pairs] == [("risks", "☒ Arson\n☐ Going missing")]


def test_html_check_boxes_become_marks() -> None:
    html = (
        "<p>Risks</p><p><input type='checkbox' checked> Arson</p>"
        "<p><input type='checkbox'> Self harm</p>"
    )
    text = html_to_text(html)
    assert "☒ Arson" in text and "☐ Self harm" in text


def _paragraph_text(inner: str) -> str:
    from lxml import etree

    from bot.intake.parsing.attachments.budget import Budget
    from bot.intake.parsing.attachments.docx_xml import paragraph_text
    from bot.intake.parsing.attachments.form import FormText

    xml = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">' + inner + "</w:p>"
    )
    return " ".join(paragraph_text(etree.fromstring(xml), FormText(Budget()))[0].split())


def test_word_check_box_control_reads_its_state_not_its_glyph() -> None:
    control = (
        '<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{}"/></w14:checkbox>'
        "</w:sdtPr><w:sdtContent><w:r><w:t>?</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:r><w:t> Arson</w:t></w:r>"
    )
    assert _paragraph_text(control.format(1)) == "☒ Arson"
    assert _paragraph_text(control.format(0)) == "☐ Arson"


def test_word_legacy_check_box_field() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox><w:default w:val="1"/>'
        "</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:t>Self harm</w:t></w:r>"
    )
    assert _paragraph_text(field) == "☒ Self harm"
