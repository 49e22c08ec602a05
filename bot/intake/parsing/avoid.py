"""Homes and areas the placing authority asked to avoid."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.domain.home_lookup import lookup_home
from bot.domain.model import Home
from bot.intake.parsing.vocab import is_none, is_not_given

# The name comes first; a reason often follows after a dash, a bracket or "because".
_REASON = re.compile(r"\s+[-–—]\s+|\s*[(:]|\s+(?:because|as|due\s+to|where)\s+", re.I)
_ITEMS = re.compile(r"[,;\n•]+|\s+(?:and|or)\s+|\s*&\s*")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def avoid_homes(value: str, homes: Sequence[Home]) -> tuple[list[str] | None, list[str]]:
    """(canonical home names, warnings)."""
    if is_not_given(value):
        return None, []
    if is_none(value):
        return [], []
    found: list[str] = []
    warnings: list[str] = []
    for item in _ITEMS.split(value):
        head = _REASON.split(item.strip(), maxsplit=1)[0].strip(" .")
        if not head or is_none(head):
            continue
        match = lookup_home(head, homes)
        if match.home is None:
            if match.candidates:
                names = " or ".join(h.name for h in match.candidates)
                warnings.append(f"home to avoid '{head[:40]}' could be {names}: please check")
            else:
                warnings.append(f"home to avoid not recognised: '{head[:40]}'")
        elif match.home.name not in found:
            found.append(match.home.name)
    return found, warnings


def avoid_areas(value: str, one_place: Callable[[str], bool] | None = None) -> list[str] | None:
    """Places as written, tidied; "none" gives [].

    "Exeter and Plymouth (exploiters based there)" is two places: the reason after a
    bracket, dash or "because" goes, and "and", "&" and "or" join places, unless the
    words together name one place (`one_place`: "Brighton and Hove")."""
    if is_not_given(value):
        return None
    if is_none(value):
        return []
    out: list[str] = []
    for item in re.split(r"[,;\n•]+", value):
        head = _REASON.split(item.strip(), maxsplit=1)[0]
        head = " ".join(head.split()).strip(" .-*")
        if not head:  # "(see above)": nothing before the bracket, keep what was written
            head = " ".join(item.split()).strip(" .-*")
        parts = [head] if one_place and one_place(head) else _JOINED.split(head)
        for part in parts:
            place = part.strip(" .-*")
            if place and not is_none(place) and place not in out:
                out.append(place)
    return out


_JOINED = re.compile(r"\s+(?:and|or)\s+|\s*&\s*", re.I)


def avoid_either(value: str, homes: Sequence[Home]) -> tuple[list[str] | None, list[str] | None]:
    """One "Avoid:" answer for both: (homes it names, the other places)."""
    if is_not_given(value):
        return None, None
    if is_none(value):
        return [], []
    found: list[str] = []
    places: list[str] = []
    for item in re.split(r"[,;\n•]+|\s+(?:and|or)\s+", value):
        head = _REASON.split(item.strip(), maxsplit=1)[0].strip(" .-*")
        if not head or is_none(head):
            continue
        match = lookup_home(head, homes)
        if match.home is not None and match.how != "fuzzy":
            if match.home.name not in found:
                found.append(match.home.name)
        elif head not in places:
            places.append(" ".join(head.split()))
    return found, places
