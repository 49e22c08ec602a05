"""Matching a referral to secure children's homes: pure functions of plain data."""

from bot.matching.matcher import rank_homes
from bot.matching.render import match_to_json
from bot.matching.types import (
    EXCLUSION_REASONS,
    ExcludedHome,
    MatchRequest,
    MatchResult,
    RankedHome,
    VacancyReport,
)

__all__ = [
    "EXCLUSION_REASONS",
    "ExcludedHome",
    "MatchRequest",
    "MatchResult",
    "RankedHome",
    "VacancyReport",
    "match_to_json",
    "rank_homes",
]
