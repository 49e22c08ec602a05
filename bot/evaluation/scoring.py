"""Scoring a parse against its expected JSON, field by field (the corpus format's rules).

Pure functions of two JSON objects: no files, no parser. Each field path is RIGHT (equal,
including both null), WRONG (both non-null, different), MISSING (expected non-null, output
null) or INVENTED (expected null, output non-null). What "equal" means depends on the
field: strings case- and space-folded, phones by digits, date-times as instants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

OUTCOMES = ("right", "wrong", "missing", "invented")

# Every field the corpus format scores, in the order reports list them.
TOP = ("kind", "complete", "missing")
REFERRAL = (
    "placing_authority",
    "placing_authority_code",
    "social_worker.name",
    "social_worker.email",
    "social_worker.phone",
    "child.initials",
    "child.date_of_birth",
    "child.age",
    "child.gender",
    "child.ethnicity",
    "home_area",
    "legal_status",
    "placement_type",
    "court_date",
    "needed_by",
    "needed_now",
    "secretary_of_state_approval",
    "risks",
    "needs",
    "avoid_homes",
    "avoid_areas",
)
VACANCY = ("home", "home_code", "total_available", "beds")
FIELDS = (
    *TOP,
    *(f"referral.{f}" for f in REFERRAL),
    *(f"vacancy.{f}" for f in VACANCY),
)
_DATETIMES = {"referral.court_date", "referral.needed_by"}
_EMPTY_FOR_NULL = {"referral.avoid_homes", "referral.avoid_areas"}
_MISSING = object()  # the expected file does not list this key: not scored


@dataclass(frozen=True)
class FieldResult:
    path: str
    outcome: str  # one of OUTCOMES
    expected: Any
    got: Any


@dataclass
class Summary:
    cases: int = 0
    cases_exact: int = 0
    per_field: dict[str, dict[str, int]] = field(default_factory=dict)

    def total(self, outcome: str) -> int:
        return sum(counts.get(outcome, 0) for counts in self.per_field.values())

    @property
    def fields(self) -> int:
        return sum(self.total(o) for o in OUTCOMES)

    @property
    def right_pct(self) -> float:
        return round(100.0 * self.total("right") / self.fields, 1) if self.fields else 100.0


def _get(data: Any, path: str) -> Any:
    """The value at a dotted path; None under a null parent; _MISSING if a key is absent."""
    node = data
    for part in path.split("."):
        if node is None:
            return None
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _fold(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, list):
        return sorted((_fold(v) for v in value), key=repr)
    if isinstance(value, dict):
        return {k: _fold(v) for k, v in sorted(value.items()) if k != "confident"}
    return value


def _digits(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return "0" + digits[2:] if digits.startswith("44") else digits


def _instant(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


def equal(path: str, expected: Any, got: Any, *, needed_now: bool = False) -> bool:
    if path.endswith(".phone") and isinstance(expected, str) and isinstance(got, str):
        return _digits(expected) == _digits(got)
    if path in _DATETIMES:
        a, b = _instant(expected), _instant(got)
        if a is None or b is None:
            return _fold(expected) == _fold(got)
        if needed_now and path == "referral.needed_by":
            return a.astimezone(LONDON).date() == b.astimezone(LONDON).date()
        return a == b
    return bool(_fold(expected) == _fold(got))


def score_case(expected: Mapping[str, Any], got: Mapping[str, Any]) -> list[FieldResult]:
    """One result per field the expected JSON lists (or implies null by a null parent)."""
    results: list[FieldResult] = []
    now = _get(expected, "referral.needed_now") is True
    for path in FIELDS:
        want = _get(expected, path)
        if want is _MISSING:
            continue
        have = _get(got, path)
        have = None if have is _MISSING else have
        results.append(FieldResult(path, _outcome(path, want, have, got, now), want, have))
    return results


def _outcome(path: str, want: Any, have: Any, got: Mapping[str, Any], now: bool) -> str:
    if want is None and have is None:
        return "right"
    if want is None:
        if path in _EMPTY_FOR_NULL and have == []:
            return "right"
        if path == "referral.home_area" and equal(
            path, _get(got, "referral.placing_authority"), have
        ):
            return "right"  # the documented default
        return "invented"
    if have is None:
        return "missing"
    return "right" if equal(path, want, have, needed_now=now) else "wrong"


def summarise(cases: Iterable[list[FieldResult]]) -> Summary:
    summary = Summary(per_field={p: dict.fromkeys(OUTCOMES, 0) for p in FIELDS})
    for results in cases:
        summary.cases += 1
        if all(r.outcome == "right" for r in results):
            summary.cases_exact += 1
        for r in results:
            summary.per_field[r.path][r.outcome] += 1
    summary.per_field = {p: c for p, c in summary.per_field.items() if any(c.values())}
    return summary


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "cases": summary.cases,
        "cases_exact": summary.cases_exact,
        "fields": summary.fields,
        **{o: summary.total(o) for o in OUTCOMES},
        "right_pct": summary.right_pct,
    }
