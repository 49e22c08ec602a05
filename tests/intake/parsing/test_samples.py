"""The shared samples give exactly the JSON their *.expected.json files list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.intake.parsing import ParseContext, parse_message, parsed_to_json

from .conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.eml"))


def assert_subset(expected: Any, actual: Any, path: str = "$") -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            assert_subset(value, actual[key], f"{path}.{key}")
    else:
        assert actual == expected, f"{path}: expected {expected!r}, got {actual!r}"


def test_all_seven_samples_are_here() -> None:
    assert len(SAMPLE_FILES) == 7


@pytest.mark.parametrize("eml", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample(eml: Path, ctx: ParseContext) -> None:
    expected = json.loads(eml.with_suffix(".expected.json").read_text())
    got = parsed_to_json(parse_message(eml.read_bytes(), ctx))
    json.dumps(got)
    assert_subset(expected, got)


def test_samples_have_no_unexpected_warnings(ctx: ParseContext) -> None:
    for eml in SAMPLE_FILES:
        if "vacancy" in eml.stem:
            continue
        got = parse_message(eml.read_bytes(), ctx)
        assert not [w for w in got.warnings if "not recognised" in w], (eml.stem, got.warnings)
        assert not got.flags, (eml.stem, got.flags)
