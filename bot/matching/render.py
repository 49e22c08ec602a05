"""The ranked list as the JSON of spec/interfaces.md (emails use templates/email/).

Fees are confidential: `match_to_json` adds them only when asked.
"""

from __future__ import annotations

from typing import Any

from bot.matching.types import MatchResult


def match_to_json(result: MatchResult, show_fees: bool = False) -> dict[str, Any]:
    ranked = []
    for r in result.ranked:
        entry: dict[str, Any] = {
            "home": r.home.name,
            "home_code": r.home.code,
            "rank": r.rank,
            "score": r.score,
            "distance_miles": None if r.distance_miles is None else round(r.distance_miles, 1),
            "vacancy_confirmed_at": (
                None if r.vacancy_confirmed_at is None else r.vacancy_confirmed_at.isoformat()
            ),
            "reasons": list(r.reasons),
            "warnings": list(r.warnings),
        }
        if show_fees:
            entry["weekly_fee_gbp"] = r.home.weekly_fee_gbp
        ranked.append(entry)
    return {
        "reference": result.reference,
        "computed_at": result.computed_at.isoformat(),
        "ranked": ranked,
        "excluded": [
            {"home": e.home.name, "home_code": e.home.code, "reason": e.reason, "detail": e.detail}
            for e in result.excluded
        ],
    }


# Officers' shorthand, reworded for someone outside the unit.
_FOR_SOCIAL_WORKER = {
    "can consider this child (consulted)": "the home has said it can consider this referral",
}
