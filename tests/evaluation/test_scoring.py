"""The eval scorer: right, wrong, missing, invented, by the corpus format's rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.evaluation.corpus import CorpusError, evaluate, read_cases
from bot.evaluation.scoring import score_case, summarise


def referral(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "placing_authority": "Kent",
        "social_worker": {"name": None, "email": "a@kent.test", "phone": None},
        "child": {"initials": "AB", "age": 14},
        "home_area": None,
        "needed_by": None,
        "needed_now": None,
        "risks": ["cse"],
        "avoid_homes": None,
    }
    base.update(fields)
    return {"kind": "referral", "referral": base}


def outcomes(expected: dict[str, Any], got: dict[str, Any]) -> dict[str, str]:
    return {r.path: r.outcome for r in score_case(expected, got)}


def test_equal_output_is_all_right() -> None:
    case = referral()
    assert set(outcomes(case, case).values()) == {"right"}


def test_wrong_missing_invented() -> None:
    expected = referral(legal_status=None, placing_authority="Kent")
    got = referral(legal_status="remand", placing_authority="Essex")
    got["referral"]["child"] = {"initials": None, "age": 14}
    result = outcomes(expected, got)
    assert result["referral.placing_authority"] == "wrong"
    assert result["referral.child.initials"] == "missing"
    assert result["referral.legal_status"] == "invented"
    assert result["referral.child.age"] == "right"


def test_folding_rules() -> None:
    expected = referral(
        social_worker={"name": "Ann  Lee", "email": None, "phone": "07700 900 123"},
        risks=["cse", "absconding"],
    )
    got = referral(
        social_worker={"name": "ann lee", "email": None, "phone": "+44 7700 900123"},
        risks=["absconding", "cse"],
    )
    result = outcomes(expected, got)
    assert result["referral.social_worker.name"] == "right"
    assert result["referral.social_worker.phone"] == "right"
    assert result["referral.risks"] == "right"


def test_date_times_are_instants_and_now_compares_the_day() -> None:
    expected = referral(needed_by="2026-11-23T18:00:00+00:00", needed_now=False)
    got = referral(needed_by="2026-11-23T18:00:00Z", needed_now=False)
    assert outcomes(expected, got)["referral.needed_by"] == "right"
    got = referral(needed_by="2026-11-23T18:00:00+01:00", needed_now=False)
    assert outcomes(expected, got)["referral.needed_by"] == "wrong"
    expected = referral(needed_by="2026-11-23T09:14:00+00:00", needed_now=True)
    got = referral(needed_by="2026-11-23T10:00:00+00:00", needed_now=True)
    assert outcomes(expected, got)["referral.needed_by"] == "right"


def test_documented_defaults_are_not_invented() -> None:
    expected = referral(home_area=None, avoid_homes=None)
    got = referral(home_area="kent", avoid_homes=[])
    result = outcomes(expected, got)
    assert result["referral.home_area"] == "right"
    assert result["referral.avoid_homes"] == "right"
    got = referral(home_area="Maidstone", avoid_homes=["Oak Lodge"])
    result = outcomes(expected, got)
    assert result["referral.home_area"] == "invented"
    assert result["referral.avoid_homes"] == "invented"


def test_keys_the_expected_file_leaves_out_are_not_scored() -> None:
    expected = {"kind": "referral", "referral": {"child": {"initials": "AB"}}}
    got = referral(legal_status="remand")
    assert set(outcomes(expected, got)) == {"kind", "referral.child.initials"}


def test_null_parent_means_every_field_under_it_is_null() -> None:
    expected = {"kind": "vacancy_update", "referral": None, "vacancy": {"home": "Oak Lodge"}}
    got = referral()
    result = outcomes(expected, got)
    assert result["kind"] == "wrong"
    assert result["referral.placing_authority"] == "invented"
    assert result["vacancy.home"] == "missing"


def test_summary_counts_and_percentage() -> None:
    expected = referral(legal_status="remand")
    summary = summarise(
        [score_case(expected, expected), score_case(expected, referral(legal_status=None))]
    )
    assert summary.cases == 2 and summary.cases_exact == 1
    assert summary.per_field["referral.legal_status"] == {
        "right": 1,
        "wrong": 0,
        "missing": 1,
        "invented": 0,
    }
    assert summary.total("missing") == 1
    assert summary.right_pct == round(100 * (summary.fields - 1) / summary.fields, 1)


def test_corpus_folder(tmp_path: Path) -> None:
    (tmp_path / "a.eml").write_bytes(b"Subject: x\n\nhello")
    (tmp_path / "a.expected.json").write_text(json.dumps({"kind": "unknown"}))
    (tmp_path / "b.eml").write_bytes(b"no expected file: skipped")
    cases = read_cases(tmp_path)
    assert [c.name for c in cases] == ["a"]
    report = evaluate(cases, lambda raw: {"kind": "referral"})
    assert report["summary"]["wrong"] == 1
    assert report["differences"] == [
        {"case": "a", "field": "kind", "outcome": "wrong", "expected": "unknown", "got": "referral"}
    ]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError):
        read_cases(tmp_path)
