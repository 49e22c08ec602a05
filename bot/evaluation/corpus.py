"""A folder of cases (NAME.eml + NAME.expected.json) run through a parse function and scored."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.evaluation.scoring import FieldResult, score_case, summarise, summary_json


@dataclass(frozen=True)
class Case:
    name: str
    raw: bytes
    expected: dict[str, Any]


class CorpusError(ValueError):
    pass


def read_cases(folder: Path) -> list[Case]:
    """Every NAME.eml that has a NAME.expected.json beside it, by name."""
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder")
    cases: list[Case] = []
    for eml in sorted(folder.glob("*.eml")):
        expected_file = eml.with_name(eml.stem + ".expected.json")
        if not expected_file.is_file():
            continue
        try:
            expected = json.loads(expected_file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{expected_file.name}: not valid JSON ({exc})") from None
        if not isinstance(expected, dict):
            raise CorpusError(f"{expected_file.name}: not a JSON object")
        cases.append(Case(eml.stem, eml.read_bytes(), expected))
    if not cases:
        raise CorpusError(f"{folder}: no NAME.eml with a NAME.expected.json")
    return cases


def evaluate(cases: list[Case], parse: Callable[[bytes], dict[str, Any]]) -> dict[str, Any]:
    """The report: a summary, counts per field and every field that differs, by case."""
    scored: list[tuple[str, list[FieldResult]]] = [
        (case.name, score_case(case.expected, parse(case.raw))) for case in cases
    ]
    summary = summarise(results for _, results in scored)
    return {
        "summary": summary_json(summary),
        "per_field": summary.per_field,
        "differences": [
            {
                "case": name,
                "field": r.path,
                "outcome": r.outcome,
                "expected": r.expected,
                "got": r.got,
            }
            for name, results in scored
            for r in results
            if r.outcome != "right"
        ],
    }
