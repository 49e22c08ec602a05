"""Words an officer can read aloud for the vocabulary codes (candidates for vocabulary.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from bot.domain.vocabulary import NEEDS, RISKS

RISK_LABELS: Final[dict[str, str]] = {
    "cse": "CSE",
    "cce": "CCE",
    "gang_affiliation": "gang affiliation",
    "self_harm": "self-harm",
    "suicide_risk": "suicide risk",
    # Officers and the interface examples say "absconding"; it is the sector's word.
    "absconding": "absconding",
    "substance_misuse": "substance misuse",
    "violence": "violence",
    "sexually_harmful_behaviour": "sexually harmful behaviour",
    "fire_setting": "fire setting",
    "trafficking": "trafficking",
    "radicalisation": "radicalisation",
}

NEED_LABELS: Final[dict[str, str]] = {
    "mental_health": "mental health",
    "ehcp": "EHCP",
    "learning_disability": "learning disability",
    "autism": "autism",
    "physical_health": "physical health",
    "pregnancy": "pregnancy",
    "interpreter": "interpreter",
}

GENDER_ONLY: Final[dict[str, str]] = {"female": "girls", "male": "boys"}

_RISK_ORDER: Final[dict[str, int]] = {code: i for i, code in enumerate(RISKS)}
_NEED_ORDER: Final[dict[str, int]] = {code: i for i, code in enumerate(NEEDS)}


def join_words(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def risk_labels(codes: Iterable[str]) -> list[str]:
    ordered = sorted(codes, key=lambda c: (_RISK_ORDER.get(c, 99), c))
    return [RISK_LABELS.get(c, c.replace("_", " ")) for c in ordered]


def need_labels(codes: Iterable[str]) -> list[str]:
    ordered = sorted(codes, key=lambda c: (_NEED_ORDER.get(c, 99), c))
    return [NEED_LABELS.get(c, c.replace("_", " ")) for c in ordered]


def risk_words(codes: Iterable[str]) -> str:
    return join_words(risk_labels(codes))


def need_words(codes: Iterable[str]) -> str:
    return join_words(need_labels(codes))
