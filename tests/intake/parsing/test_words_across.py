"""Risk and need words that a list split or a line wrap used to hide or misread."""

from __future__ import annotations

from bot.intake.parsing import prose, vocab


def test_one_exploitation_of_two_kinds_gives_both_codes() -> None:
    assert vocab.risks("exploitation (criminal and sexual), runs away")[0] == [
        "absconding",
        "cce",
        "cse",
    ]
    assert vocab.risks("at risk of sexual and criminal exploitation")[0] == ["cce", "cse"]
    assert vocab.risks("exploitation (sexual)")[0] == ["cse"]


def test_trying_to_end_ones_life_is_a_suicide_risk() -> None:
    assert vocab.risks("tried to end his life in May")[0] == ["suicide_risk"]
    assert vocab.risks("has never attempted to take her own life")[0] == []


def test_a_phrase_with_a_comma_in_it_is_read_whole() -> None:
    codes, unknown = vocab.needs("He has an Education,\nHealth and Care Plan")
    assert codes == ["ehcp"]
    assert unknown == []
    assert vocab.needs("no education, health and care plan")[0] == []


def test_a_negation_reaches_words_wrapped_onto_the_next_line() -> None:
    parts = ["Sleeps badly. No cannabis\nor alcohol use that we know of."]
    assert prose.codes(parts, "risks") is None
