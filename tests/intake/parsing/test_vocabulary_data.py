"""The risk and need words are data (config/vocabulary.toml): a council adds one there."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.vocabulary import NEEDS, RISKS
from bot.intake.parsing import vocab


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped file with the line starting `old` starting `new` instead."""
    text = vocab.VOCABULARY_TOML.read_text(encoding="utf-8")
    assert "\n" + old in text
    copy = tmp_path / "vocabulary.toml"
    copy.write_text(text.replace("\n" + old, "\n" + new, 1), encoding="utf-8")
    return copy


def test_a_word_added_to_the_file_is_recognised(tmp_path: Path) -> None:
    assert vocab.risks("sextortion") == (None, ["sextortion"])
    copy = _copy_with(tmp_path, "cse = ['cse',", "cse = ['sextortion', 'cse',")
    words = vocab.load_words(copy)
    assert vocab.codes_in("Sextortion; no CCE", words.risks) == (["cse"], [])
    # The shipped file is untouched: the word is the copy's alone.
    assert vocab.risks("sextortion") == (None, ["sextortion"])


def test_a_phrase_added_matches_any_spacing(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, "violence = [", "violence = [\n  'joy riding',")
    table = vocab.load_words(copy).risks
    assert vocab.codes_in("Joy  Riding", table) == (["violence"], [])
    assert vocab.codes_in("joy\t riding", table)[0] == ["violence"]
    assert vocab.codes_in("not joy riding", table) == ([], [])  # negation still applies


def test_a_none_answer_added_to_the_file(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, "  'none', 'nil',", "  'none', 'nil', 'dim',")
    assert vocab.load_words(copy).none.match("Dim")
    assert not vocab.load_words().none.match("Dim")


def test_a_code_not_in_the_domain_is_refused(tmp_path: Path) -> None:
    copy = _copy_with(tmp_path, "cse = [", "cse_risk = [")
    with pytest.raises(ValueError, match="cse_risk"):
        vocab.load_words(copy)


def test_every_code_has_words() -> None:
    words = vocab.load_words()
    assert {code for code, _ in words.risks} == set(RISKS)
    assert {code for code, _ in words.needs} == set(NEEDS)
