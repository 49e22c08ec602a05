"""The ranked list for tools (the JSON of spec/interfaces.md) and for people (what the CLI,
the emails and the Slack notice show; the wording itself is in templates/).

Fees are confidential: `match_to_json` adds them only when asked. People never see the
score; tools get it, with the factor that decided each place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.matching.labels import join_words
from bot.matching.policy import NAME, RankingPolicy, factors
from bot.matching.types import ExcludedHome, MatchResult, RankedHome


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
            "comparisons": list(r.comparisons),
            "decided_by": r.decided_by,
        }
        if show_fees:
            entry["weekly_fee_gbp"] = r.home.weekly_fee_gbp
        ranked.append(entry)
    return {
        "reference": result.reference,
        "computed_at": result.computed_at.isoformat(),
        "ranked": ranked,
        "excluded": [
            {
                "home": e.home.name,
                "home_code": e.home.code,
                "reason": e.reason,
                "detail": e.detail,
                "not_reported": e.not_reported,
            }
            for e in result.excluded
        ],
        "policy": policy_to_json(result.policy),
    }


def policy_to_json(policy: RankingPolicy) -> dict[str, Any]:
    return {
        "order": [*factors(policy), NAME],
        "distance_band_miles": policy.distance_band_miles,
        "recent_vacancy_hours": policy.recent_vacancy_hours,
    }


def split_excluded(
    excluded: Sequence[ExcludedHome],
) -> tuple[list[ExcludedHome], list[ExcludedHome]]:
    """(the homes excluded for a reason about this child or a report, those that have not
    reported): people see the first one by one and the second as one line."""
    said = [e for e in excluded if not e.not_reported]
    silent = [e for e in excluded if e.not_reported]
    return said, silent


def not_reported_line(silent: Sequence[ExcludedHome], policy: RankingPolicy) -> str | None:
    """'8 homes have not reported in the last 24 hours: A, B and C', or None."""
    if not silent:
        return None
    names = join_words(sorted(e.home.name for e in silent))
    n = len(silent)
    have = "1 home has" if n == 1 else f"{n} homes have"
    return f"{have} not reported in the last {policy.recent_vacancy_hours} hours: {names}"


def list_for_people(result: MatchResult) -> dict[str, Any]:
    """The draft list as the CLI, the officers' email and the Slack notice show it: each
    ranked home with its comparisons, reasons and warnings; the homes excluded for a reason
    one by one; those that have not reported in one line."""
    said, silent = split_excluded(result.excluded)
    return {
        "ranked": [
            {
                "rank": r.rank,
                "home": r.home.name,
                "distance_miles": r.distance_miles,
                "comparisons": list(r.comparisons),
                "reasons": list(r.reasons),
                "warnings": list(r.warnings),
            }
            for r in result.ranked
        ],
        "excluded": [{"home": e.home.name, "reason": e.reason, "detail": e.detail} for e in said],
        "not_reported": not_reported_line(silent, result.policy),
    }


# Officers' shorthand, reworded for someone outside the unit.
_FOR_SOCIAL_WORKER = {
    "can consider this child (consulted)": "the home has said it can consider this referral",
}


def for_social_worker(chosen: Sequence[RankedHome]) -> list[dict[str, Any]]:
    """The homes of the list sent to the social worker: reasons and warnings, in words for
    someone outside the unit. No comparisons: they may name homes that are not sent."""
    return [
        {
            "home": r.home.name,
            "town": r.home.town,
            "distance_miles": r.distance_miles,
            "reasons": [_FOR_SOCIAL_WORKER.get(text, text) for text in r.reasons],
            "warnings": list(r.warnings),
        }
        for r in chosen
    ]
