"""The ranked list as the JSON of spec/interfaces.md, and as plain words for an email.

Fees are confidential: `match_to_json` adds them only when asked, and `match_to_text`
(which goes to social workers) never does.
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


def match_to_text(result: MatchResult, limit: int = 5) -> str:
    """The top of the list in plain words for the social worker. Never includes fees."""
    top = result.ranked[: max(0, limit)]
    if not top:
        return (
            f"Referral {result.reference}: no secure children's home has a suitable vacancy "
            "at the moment. We are still looking and will update you as soon as that changes."
        )
    lines = [f"Potential placements for referral {result.reference}:", ""]
    for r in top:
        home = r.home
        lines.append(f"{r.rank}. {home.name}, {home.town}")
        for reason in r.reasons:
            lines.append(f"   - {_FOR_SOCIAL_WORKER.get(reason, reason)}")
        lines.append("")
    lines.append("Vacancies change quickly: each home still has to agree to the placement.")
    return "\n".join(lines)
